package carbine.dashboard.internal;

import static carbine.dashboard.internal.HealthAndFormatTest.printer;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;
import carbine.api.fleet.PrinterStatus;
import carbine.api.telemetry.PrinterState;

class FleetFilterTest {
    static final Instant T = Instant.parse("2026-12-05T12:00:00Z");

    static Alert alert(String id, String printer, String detector, String kind, Severity severity, int secondsAgo) {
        Instant t = T.minusSeconds(secondsAgo);
        return new Alert(id, printer, detector, kind, severity, "why", t, t, 1, Double.NaN, AlertState.ACTIVE, null);
    }

    final List<PrinterStatus> printers = List.of(printer("farm-1", true, PrinterState.PRINTING),
            printer("farm-2", true, PrinterState.ERROR), printer("farm-3", false, PrinterState.PRINTING),
            printer("press-1", true, PrinterState.IDLE));
    final List<Alert> open = List.of(alert("a1", "farm-2", "rules", "THERMAL_RUNAWAY", Severity.CRITICAL, 5),
            alert("a2", "farm-3", "poller", "PRINTER_OFFLINE", Severity.WARNING, 60),
            alert("a3", "press-1", "iforest", "ML_ANOMALY", Severity.WARNING, 1),
            alert("a4", "mail", "notify", "NOTIFY_CHANNEL_FAILING", Severity.WARNING, 30));
    final Map<String, List<Alert>> byPrinter = open.stream().collect(Collectors.groupingBy(Alert::printerId));
    final Map<String, PrinterStatus> byId = printers.stream()
            .collect(Collectors.toMap(PrinterStatus::printerId, Function.identity()));

    private List<String> printersShown(FleetFilter f) {
        return printers.stream().filter(p -> f.shows(p, byPrinter)).map(PrinterStatus::printerId).toList();
    }

    private List<String> alertsShown(FleetFilter f) {
        return open.stream().filter(a -> f.shows(a, byId)).map(Alert::id).toList();
    }

    @Test
    void countsCoverEveryStateAndSeverity_anOfflinePrinterCountsAsOffline() {
        assertThat(FleetFilter.countByState(printers)).containsEntry(PrinterState.PRINTING, 1)
                .containsEntry(PrinterState.ERROR, 1).containsEntry(PrinterState.OFFLINE, 1)
                .containsEntry(PrinterState.IDLE, 1).containsEntry(PrinterState.PAUSED, 0);
        assertThat(FleetFilter.countBySeverity(open)).containsEntry(Severity.CRITICAL, 1)
                .containsEntry(Severity.WARNING, 3).containsEntry(Severity.INFO, 0);
    }

    @Test
    void eachPartNarrowsBothThePrintersAndTheAlerts() {
        assertThat(printersShown(FleetFilter.NONE)).hasSize(4);
        assertThat(alertsShown(FleetFilter.NONE)).hasSize(4);
        FleetFilter offline = FleetFilter.NONE.withState(PrinterState.OFFLINE);
        assertThat(printersShown(offline)).containsExactly("farm-3");
        // an alert about something the poller does not know (a channel) has no state: not shown under a state
        assertThat(alertsShown(offline)).containsExactly("a2");
        FleetFilter warnings = FleetFilter.NONE.withSeverity(Severity.WARNING);
        assertThat(printersShown(warnings)).containsExactly("farm-3", "press-1");
        assertThat(alertsShown(warnings)).containsExactly("a2", "a3", "a4");
        FleetFilter farm = FleetFilter.NONE.withText("  FARM ");
        assertThat(printersShown(farm)).containsExactly("farm-1", "farm-2", "farm-3");
        assertThat(alertsShown(farm)).containsExactly("a1", "a2");
        FleetFilter kind = farm.withKind("THERMAL_RUNAWAY");
        assertThat(printersShown(kind)).containsExactly("farm-2");
        assertThat(alertsShown(kind)).containsExactly("a1");
        assertThat(kind.withKind(null).withText("").isEmpty()).isTrue();
    }

    @Test
    void alertsAreGroupedByDetectorAndKind_newestGroupAndAlertFirst() {
        List<Alert> many = new java.util.ArrayList<>(open);
        for (int i = 0; i < 48; i++) {
            many.add(alert("t" + i, "hot-" + i, "rules", "THERMAL_RUNAWAY", Severity.CRITICAL, 10 + i));
        }
        List<AlertGroupsPanel.Group> groups = AlertGroupsPanel.group(many);
        assertThat(groups).extracting(AlertGroupsPanel.Group::key).containsExactly("iforest/ML_ANOMALY",
                "rules/THERMAL_RUNAWAY", "notify/NOTIFY_CHANNEL_FAILING", "poller/PRINTER_OFFLINE");
        AlertGroupsPanel.Group thermal = groups.get(1);
        assertThat(thermal.alerts()).hasSize(49);
        assertThat(thermal.printers()).isEqualTo(49);
        assertThat(thermal.alerts().get(0).id()).isEqualTo("a1");
        assertThat(thermal.worst()).isEqualTo(Severity.CRITICAL);
        assertThat(thermal.newest()).isEqualTo(T.minusSeconds(5));
    }
}
