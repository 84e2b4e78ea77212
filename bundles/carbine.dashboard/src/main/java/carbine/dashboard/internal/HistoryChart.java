package carbine.dashboard.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

import carbine.api.alert.Alert;
import carbine.api.store.AlertStore;
import carbine.api.store.History;
import carbine.api.store.HistoryPoint;
import carbine.api.store.TelemetryField;
import carbine.api.store.TelemetryStore;

/**
 * Nozzle and bed, actual against target, over 10 min / 1 h / 24 h / 7 d / 30 d from the telemetry store, with the
 * alerts as markers on the time axis. Drawn here as SVG: no commercial chart component. The store's
 * {@link TelemetryStore#history} gives at most {@link #MAX_POINTS} points from the tier that fits (raw samples,
 * per-minute or per-hour aggregates), so a month costs about what ten minutes do; each point is drawn at the middle
 * of its span with the mean of its samples.
 */
final class HistoryChart extends Div {
    private static final long serialVersionUID = 1L;
    private static final int W = 800, H = 260, LEFT = 48, RIGHT = 8, TOP = 10, BOTTOM = 24;
    private static final int MAX_POINTS = 400;
    private static final List<Duration> WINDOWS = List.of(Duration.ofMinutes(10), Duration.ofHours(1),
            Duration.ofHours(24), Duration.ofDays(7), Duration.ofDays(30));
    private static final List<String> WINDOW_NAMES = List.of("10 min", "1 h", "24 h", "7 d", "30 d");

    private final Div svg = new Div();
    private final Span message = new Span();
    private final List<Button> windowButtons = new ArrayList<>();
    private String printerId;
    private Duration window = WINDOWS.get(0);
    private Instant lastDrawn = Instant.EPOCH;

    HistoryChart() {
        addClassName("history");
        Div buttons = new Div();
        buttons.addClassName("windows");
        for (int i = 0; i < WINDOWS.size(); i++) {
            Duration w = WINDOWS.get(i);
            Button b = new Button(WINDOW_NAMES.get(i), e -> {
                window = w;
                lastDrawn = Instant.EPOCH;
                markWindow();
                redraw(Platform.current(), Instant.now());
            });
            b.getElement().setAttribute("data-window", WINDOW_NAMES.get(i));
            windowButtons.add(b);
            buttons.add(b);
        }
        markWindow();
        svg.addClassName("chart");
        message.addClassName("chart-message");
        Div legend = new Div(legend("nozzle actual", "nozzle-actual"), legend("nozzle target", "nozzle-target"),
                legend("bed actual", "bed-actual"), legend("bed target", "bed-target"),
                legend("alert", "alert-marker"));
        legend.addClassName("legend");
        add(buttons, message, svg, legend);
    }

    private static Span legend(String text, String cls) {
        Span swatch = new Span();
        swatch.addClassNames("swatch", cls);
        Span s = new Span(swatch, new Span(text));
        s.addClassName("legend-item");
        return s;
    }

    private void markWindow() {
        for (int i = 0; i < WINDOWS.size(); i++) {
            Button b = windowButtons.get(i);
            if (WINDOWS.get(i).equals(window)) b.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            else b.removeThemeVariants(ButtonVariant.LUMO_PRIMARY);
        }
    }

    void show(String printerId) {
        if (!printerId.equals(this.printerId)) {
            this.printerId = printerId;
            lastDrawn = Instant.EPOCH;
        }
    }

    /** Redraws when due: every 5 s for the short window, less often for the long ones (bigger queries). */
    void update(Platform platform, Instant now) {
        Duration every = window.compareTo(Duration.ofMinutes(10)) <= 0 ? Duration.ofSeconds(5)
                : window.compareTo(Duration.ofHours(1)) <= 0 ? Duration.ofSeconds(15) : Duration.ofSeconds(60);
        if (now.isBefore(lastDrawn.plus(every)) && !svg.getElement().getProperty("innerHTML", "").isEmpty()) return;
        redraw(platform, now);
    }

    private void redraw(Platform platform, Instant now) {
        lastDrawn = now;
        Optional<TelemetryStore> store = platform.telemetry();
        if (printerId == null) {
            showMessage("No printer to show.");
            return;
        }
        if (store.isEmpty()) {
            showMessage("The telemetry store is not running: no temperature history is available.");
            return;
        }
        Instant from = now.minus(window);
        History history = store.get().history(printerId, from, now, MAX_POINTS);
        List<HistoryPoint> samples = history.points();
        List<Alert> alerts = new ArrayList<>();
        Optional<AlertStore> alertStore = platform.alertStore();
        alertStore.ifPresent(s -> s.alerts(from, now, 1000).stream().filter(a -> a.printerId().equals(printerId)).forEach(alerts::add));
        platform.alerts().ifPresent(s -> s.open().stream().filter(a -> a.printerId().equals(printerId))
                .filter(a -> alerts.stream().noneMatch(b -> b.id().equals(a.id()))).forEach(alerts::add));
        message.setVisible(samples.isEmpty());
        message.setText(samples.isEmpty() ? "No samples of " + printerId + " in the last " + name(window) + "." : "");
        svg.getElement().setProperty("innerHTML", svg(history, alerts, from, now, window));
    }

    private String name(Duration w) {
        return WINDOW_NAMES.get(WINDOWS.indexOf(w));
    }

    private void showMessage(String text) {
        message.setText(text);
        message.setVisible(true);
        svg.getElement().setProperty("innerHTML", "");
    }

    private static final TelemetryField[] DRAWN = { TelemetryField.NOZZLE_ACTUAL, TelemetryField.NOZZLE_TARGET,
            TelemetryField.BED_ACTUAL, TelemetryField.BED_TARGET };

    static String svg(History history, List<Alert> alerts, Instant from, Instant to, Duration window) {
        List<HistoryPoint> samples = history.points();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (HistoryPoint s : samples) {
            for (TelemetryField f : DRAWN) {
                Double v = s.mean(f);
                if (v != null && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) { lo = 0; hi = 100; }
        lo = Math.floor(Math.min(lo, 20) / 10) * 10;
        hi = Math.ceil((hi + 5) / 10) * 10;
        double span = to.toEpochMilli() - from.toEpochMilli();
        double ylo = lo, yhi = hi;
        // a point's middle can lie a little after `to` (its bucket is not over yet): keep it on the plot
        Function<Instant, Double> x = t -> LEFT + (W - LEFT - RIGHT)
                * Math.min(span, Math.max(0, t.toEpochMilli() - from.toEpochMilli())) / span;
        Function<Double, Double> y = v -> TOP + (H - TOP - BOTTOM) * (1 - (v - ylo) / (yhi - ylo));

        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' "
                + "preserveAspectRatio='none' role='img' aria-label='temperature history' data-points='%d' "
                + "data-resolution='%s' data-step-seconds='%d'>", W, H, samples.size(), history.resolution(),
                history.step().toSeconds()));
        // grid and axis labels
        for (int i = 0; i <= 4; i++) {
            double v = lo + (hi - lo) * i / 4;
            double yy = y.apply(v);
            b.append(String.format(Locale.ROOT, "<line class='grid' x1='%d' x2='%d' y1='%.1f' y2='%.1f'/>", LEFT, W - RIGHT, yy, yy));
            b.append(String.format(Locale.ROOT, "<text class='axis' x='%d' y='%.1f' text-anchor='end'>%.0f °C</text>", LEFT - 4, yy + 4, v));
        }
        for (int i = 0; i <= 4; i++) {
            Instant t = from.plusMillis((long) (span * i / 4));
            b.append(String.format(Locale.ROOT, "<text class='axis' x='%.1f' y='%d' text-anchor='%s'>%s</text>", x.apply(t),
                    H - 6, i == 0 ? "start" : i == 4 ? "end" : "middle",
                    window.compareTo(Duration.ofDays(1)) > 0 ? Format.dayTime(t) : Format.shortTime(t)));
        }
        // alert markers on the time axis
        for (Alert a : alerts) {
            Instant t = a.firstSeen().isBefore(from) ? from : a.firstSeen();
            double xx = x.apply(t);
            b.append(String.format(Locale.ROOT, "<g class='alert-marker %s'><line x1='%.1f' x2='%.1f' y1='%d' y2='%d'/>"
                    + "<polygon points='%.1f,%d %.1f,%d %.1f,%d'/><title>%s</title></g>", Health.cssClass(a.severity()),
                    xx, xx, TOP, H - BOTTOM, xx - 5, H - BOTTOM + 8, xx + 5, H - BOTTOM + 8, xx, H - BOTTOM,
                    Format.xml(a.severity() + " " + a.kind() + " (" + a.detector() + "): " + a.message())));
        }
        // aggregated points further apart than two steps have no data between them: a gap, not a line
        Duration maxGap = history.resolution() == History.Resolution.RAW ? null : history.step().multipliedBy(2);
        series(b, samples, "nozzle-target", TelemetryField.NOZZLE_TARGET, maxGap, x, y);
        series(b, samples, "bed-target", TelemetryField.BED_TARGET, maxGap, x, y);
        series(b, samples, "bed-actual", TelemetryField.BED_ACTUAL, maxGap, x, y);
        series(b, samples, "nozzle-actual", TelemetryField.NOZZLE_ACTUAL, maxGap, x, y);
        return b.append("</svg>").toString();
    }

    /**
     * A line that breaks where a value is missing (the printer was offline or did not report it) or, for
     * aggregated points, where steps without any sample lie between two points, rather than bridging the gap.
     */
    private static void series(StringBuilder b, List<HistoryPoint> points, String cls, TelemetryField field,
            Duration maxGap, Function<Instant, Double> x, Function<Double, Double> y) {
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        int drawn = 0;
        Instant previous = null;
        for (HistoryPoint p : points) {
            Double v = p.mean(field);
            if (v == null || !Double.isFinite(v)) {
                pen = false;
                continue;
            }
            Instant t = middle(p);
            if (pen && maxGap != null && previous != null && Duration.between(previous, t).compareTo(maxGap) > 0) {
                pen = false;
            }
            d.append(pen ? 'L' : 'M').append(String.format(Locale.ROOT, "%.1f,%.1f ", x.apply(t), y.apply(v)));
            pen = true;
            previous = t;
            drawn++;
        }
        b.append(String.format(Locale.ROOT, "<path class='series %s' data-points='%d' d='%s'/>", cls, drawn, d.toString().trim()));
    }

    /** Where a point is drawn: the middle of its span (a raw point of one sample spans a short step around it). */
    static Instant middle(HistoryPoint p) {
        return p.start().plus(Duration.between(p.start(), p.end()).dividedBy(2));
    }
}
