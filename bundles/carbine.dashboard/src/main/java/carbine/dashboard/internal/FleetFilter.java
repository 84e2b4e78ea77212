package carbine.dashboard.internal;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import carbine.api.alert.Alert;
import carbine.api.alert.Severity;
import carbine.api.fleet.PrinterStatus;
import carbine.api.telemetry.PrinterState;

/**
 * What the overview shows of a farm: printers in one state, with an open alert of one severity or kind, whose id
 * contains a text. Each part is optional (null or blank: everything). The same filter applies to the fleet and the
 * alerts: a printer shows when it matches, an alert when it matches and so does its printer (an alert about a
 * printer the poller does not know, e.g. a notification channel's, shows unless a state is asked for).
 *
 * @param state    printers in this state (OFFLINE: not answering, as their cards say), or null
 * @param severity printers with an open alert of this severity, and those alerts, or null
 * @param kind     printers with an open alert of this kind, and those alerts, or null
 * @param text     printers whose id contains this text (ignoring case), and their alerts, or blank
 */
record FleetFilter(PrinterState state, Severity severity, String kind, String text) {
    static final FleetFilter NONE = new FleetFilter(null, null, null, "");

    FleetFilter {
        text = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    }

    FleetFilter withState(PrinterState s) {
        return new FleetFilter(s, severity, kind, text);
    }

    FleetFilter withSeverity(Severity s) {
        return new FleetFilter(state, s, kind, text);
    }

    FleetFilter withKind(String k) {
        return new FleetFilter(state, severity, k, text);
    }

    FleetFilter withText(String t) {
        return new FleetFilter(state, severity, kind, t);
    }

    boolean isEmpty() {
        return state == null && severity == null && kind == null && text.isEmpty();
    }

    /** The state a printer counts under: OFFLINE when it is not answering, else its sample's state. */
    static PrinterState stateOf(PrinterStatus p) {
        return Health.offline(p) ? PrinterState.OFFLINE : p.latest().state();
    }

    /** @param openByPrinter the open alerts, by printer id */
    boolean shows(PrinterStatus p, Map<String, List<Alert>> openByPrinter) {
        if (state != null && stateOf(p) != state) return false;
        if (!text.isEmpty() && !p.printerId().toLowerCase(Locale.ROOT).contains(text)) return false;
        if (severity == null && kind == null) return true;
        return openByPrinter.getOrDefault(p.printerId(), List.of()).stream().anyMatch(this::alertMatches);
    }

    /** @param printers the fleet's printers, by id */
    boolean shows(Alert a, Map<String, PrinterStatus> printers) {
        if (!alertMatches(a)) return false;
        if (!text.isEmpty() && !a.printerId().toLowerCase(Locale.ROOT).contains(text)) return false;
        if (state == null) return true;
        PrinterStatus p = printers.get(a.printerId());
        return p != null && stateOf(p) == state;
    }

    private boolean alertMatches(Alert a) {
        return (severity == null || a.severity() == severity) && (kind == null || a.kind().equals(kind));
    }

    /** How many printers are in each state (every state present, 0 when none). */
    static Map<PrinterState, Integer> countByState(List<PrinterStatus> printers) {
        Map<PrinterState, Integer> counts = new EnumMap<>(PrinterState.class);
        for (PrinterState s : PrinterState.values()) counts.put(s, 0);
        for (PrinterStatus p : printers) counts.merge(stateOf(p), 1, Integer::sum);
        return counts;
    }

    /** How many open alerts have each severity (every severity present, 0 when none). */
    static Map<Severity, Integer> countBySeverity(List<Alert> open) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) counts.put(s, 0);
        for (Alert a : open) counts.merge(a.severity(), 1, Integer::sum);
        return counts;
    }
}
