package carbine.dashboard.internal;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;

import carbine.api.alert.Alert;
import carbine.api.alert.Severity;
import carbine.api.fleet.PrinterStatus;
import carbine.api.telemetry.PrinterState;

/**
 * The top of the overview: how many printers are in each state and how many open alerts have each severity, each
 * count a button that filters the page by it (a second click clears it), a printer id filter and an alert kind
 * filter. The filter goes to {@code onChange}; the page applies it to the alerts and the fleet.
 */
final class FleetCounts extends Div {
    private static final long serialVersionUID = 1L;
    private static final String ALL_KINDS = "all kinds";

    private final Span total = new Span();
    private final Map<PrinterState, Button> states = new EnumMap<>(PrinterState.class);
    private final Map<Severity, Button> severities = new EnumMap<>(Severity.class);
    private final TextField text = new TextField();
    private final Select<String> kind = new Select<>();
    private final Button clear = new Button("Show all");
    private final Consumer<FleetFilter> onChange;
    private FleetFilter filter = FleetFilter.NONE;
    private List<String> kinds = List.of();

    FleetCounts(Consumer<FleetFilter> onChange) {
        this.onChange = onChange;
        addClassName("fleet-counts");
        total.addClassName("fleet-total");
        Div stateRow = new Div(total);
        stateRow.addClassName("count-row");
        for (PrinterState s : List.of(PrinterState.PRINTING, PrinterState.IDLE, PrinterState.PAUSED,
                PrinterState.ERROR, PrinterState.OFFLINE)) {
            Button b = countButton("state:" + s.name(), stateClass(s));
            b.addClickListener(e -> set(filter.withState(filter.state() == s ? null : s)));
            states.put(s, b);
            stateRow.add(b);
        }
        Span alertsLabel = new Span("Open alerts:");
        alertsLabel.addClassName("fleet-total");
        Div alertRow = new Div(alertsLabel);
        alertRow.addClassName("count-row");
        for (Severity s : List.of(Severity.CRITICAL, Severity.WARNING, Severity.INFO)) {
            Button b = countButton("severity:" + s.name(), Health.cssClass(s));
            b.addClickListener(e -> set(filter.withSeverity(filter.severity() == s ? null : s)));
            severities.put(s, b);
            alertRow.add(b);
        }
        text.setPlaceholder("printer id contains …");
        text.setAriaLabel("Filter by printer id");
        text.setClearButtonVisible(true);
        text.setValueChangeMode(ValueChangeMode.LAZY);
        text.addClassName("printer-filter");
        text.addValueChangeListener(e -> set(filter.withText(e.getValue())));
        kind.setAriaLabel("Filter by alert kind");
        kind.addClassName("kind-filter");
        kind.setItems(ALL_KINDS);
        kind.setValue(ALL_KINDS);
        kind.addValueChangeListener(e -> {
            if (e.isFromClient()) set(filter.withKind(ALL_KINDS.equals(e.getValue()) ? null : e.getValue()));
        });
        clear.addClassName("clear-filter");
        clear.addClickListener(e -> {
            text.setValue("");
            kind.setValue(ALL_KINDS);
            set(FleetFilter.NONE);
        });
        Div inputs = new Div(text, kind, clear);
        inputs.addClassName("count-row");
        add(stateRow, alertRow, inputs);
    }

    private static Button countButton(String key, String cls) {
        Button b = new Button();
        b.addThemeVariants(ButtonVariant.LUMO_SMALL);
        b.addClassNames("count", cls);
        b.getElement().setAttribute("data-filter", key);
        return b;
    }

    private static String stateClass(PrinterState s) {
        return switch (s) {
            case PRINTING, IDLE -> "ok";
            case PAUSED -> "warning";
            case ERROR -> "critical";
            case OFFLINE -> "offline";
        };
    }

    FleetFilter filter() {
        return filter;
    }

    private void set(FleetFilter next) {
        filter = next;
        mark();
        onChange.accept(filter);
    }

    private void mark() {
        states.forEach((s, b) -> select(b, s == filter.state()));
        severities.forEach((s, b) -> select(b, s == filter.severity()));
        clear.setEnabled(!filter.isEmpty());
    }

    private static void select(Button b, boolean selected) {
        if (selected) b.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        else b.removeThemeVariants(ButtonVariant.LUMO_PRIMARY);
        b.getElement().setAttribute("aria-pressed", Boolean.toString(selected));
    }

    /** New counts of the whole fleet and every open alert (not of what the filter shows). */
    void update(List<PrinterStatus> printers, List<Alert> open) {
        total.setText(printers.size() + " printer" + (printers.size() == 1 ? "" : "s") + ":");
        Map<PrinterState, Integer> byState = FleetFilter.countByState(printers);
        states.forEach((s, b) -> count(b, s.name().toLowerCase(Locale.ROOT), byState.get(s)));
        Map<Severity, Integer> bySeverity = FleetFilter.countBySeverity(open);
        severities.forEach((s, b) -> count(b, s.name(), bySeverity.get(s)));
        List<String> present = List.copyOf(new TreeSet<>(open.stream().map(Alert::kind).toList()));
        if (filter.kind() != null && !present.contains(filter.kind())) {
            present = List.copyOf(new TreeSet<>(concat(present, filter.kind())));
        }
        if (!present.equals(kinds)) {
            kinds = present;
            kind.setItems(concat(List.of(ALL_KINDS), kinds.toArray(String[]::new)));
            kind.setValue(filter.kind() == null ? ALL_KINDS : filter.kind());
        }
        mark();
    }

    private static List<String> concat(List<String> list, String... more) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>(list);
        all.addAll(List.of(more));
        return all;
    }

    private static void count(Button b, String word, int n) {
        b.setText(word + " " + n);
        b.getElement().setAttribute("data-count", Integer.toString(n));
    }
}
