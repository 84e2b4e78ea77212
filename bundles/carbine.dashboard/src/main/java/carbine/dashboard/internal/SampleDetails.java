package carbine.dashboard.internal;

import java.util.Map;
import java.util.TreeMap;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

import carbine.api.telemetry.TelemetrySample;

/**
 * What real printers report beyond the card's readings (carbine.api.telemetry 1.1): chamber, bed heater duty, other
 * temperature sensors, print time, filament used, layer and the printer's error code. A row is shown only when its
 * value is present: a printer that does not report it shows nothing, not a dash and never a 0.
 */
final class SampleDetails extends Div {
    private static final long serialVersionUID = 1L;

    private final Row chamber = new Row("Chamber", "chamber");
    private final Row bedPower = new Row("Bed heater", "bed-power");
    private final Row sensors = new Row("Sensors", "sensors");
    private final Row duration = new Row("Print time", "print-duration");
    private final Row filamentUsed = new Row("Filament used", "filament-used");
    private final Row layer = new Row("Layer", "layer");
    private final Row errorCode = new Row("Error code", "error-code");

    SampleDetails() {
        addClassNames("readings", "sample-details");
        add(chamber, bedPower, sensors, duration, filamentUsed, layer, errorCode);
    }

    /** Shows the present values of the sample; a null sample (offline) shows none. */
    void update(TelemetrySample s) {
        chamber.show(s == null || (s.chamberActual() == null && s.chamberTarget() == null) ? null
                : Format.temp(s.chamberActual(), s.chamberTarget()));
        bedPower.show(s == null || s.bedPower() == null ? null : Format.percent(s.bedPower()));
        sensors.show(s == null || s.sensors().isEmpty() ? null : sensors(s.sensors()));
        duration.show(s == null || s.printDuration() == null ? null : Format.duration(s.printDuration()));
        filamentUsed.show(s == null || s.filamentUsed() == null ? null : Format.length(s.filamentUsed()));
        layer.show(s == null || (s.layer() == null && s.totalLayers() == null) ? null
                : (s.layer() == null ? Format.NONE : s.layer()) + " / "
                        + (s.totalLayers() == null ? Format.NONE : s.totalLayers()));
        errorCode.show(s == null ? null : s.errorCode());
        setVisible(s != null && getChildren().anyMatch(c -> c.isVisible()));
    }

    /** {@code mcu 41.2 °C, raspberry_pi 52.6 °C}, by name. */
    static String sensors(Map<String, Double> sensors) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(sensors).forEach((name, celsius) -> {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(name).append(' ').append(Format.celsius(celsius));
        });
        return text.toString();
    }

    /** The text of a row's value, or null when the row is hidden (for tests). */
    String text(String cls) {
        return getChildren().map(Row.class::cast).filter(r -> r.value.hasClassName(cls)).findFirst()
                .filter(Row::isVisible).map(r -> r.value.getText()).orElse(null);
    }

    private static final class Row extends Div {
        private static final long serialVersionUID = 1L;
        final Span value = new Span();

        Row(String label, String cls) {
            Span l = new Span(label);
            l.addClassName("label");
            value.addClassNames("value", cls);
            add(l, value);
            addClassName("row");
            setVisible(false);
        }

        void show(String text) {
            setVisible(text != null);
            value.setText(text == null ? "" : text);
        }
    }
}
