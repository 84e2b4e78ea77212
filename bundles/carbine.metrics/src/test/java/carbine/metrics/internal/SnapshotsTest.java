package carbine.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;
import carbine.api.fleet.PrinterStatus;
import carbine.api.store.StoreHealth;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

class SnapshotsTest {
    static final Instant T = Instant.parse("2026-12-05T08:00:00.250Z");

    static TelemetrySample printing(String id) {
        return TelemetrySample.builder(id, T, PrinterState.PRINTING).nozzle(210.5, 210.0).bed(60.25, 60.0)
                .heaterPower(0.42).fan(0.75, 4000.0).progress(37.5).build();
    }

    static PrinterStatus status(String id, boolean online, TelemetrySample latest, int failures) {
        return new PrinterStatus(id, "carbine.simulator", "carbine.simulator 0.1.0", online, latest, failures, null, T);
    }

    @Test
    void anOnlinePrinterHasEveryGaugeItsSampleKnows() {
        List<String> lines = Text.samples(Text.of(Snapshots.printers(List.of(status("p1", true, printing("p1"), 0)))));
        assertThat(lines).contains(
                "carbine_printer_info{driver=\"carbine.simulator\",printer=\"p1\"} 1.0",
                "carbine_printer_online{printer=\"p1\"} 1.0",
                "carbine_printer_consecutive_failures{printer=\"p1\"} 0.0",
                "carbine_printer_last_sample_timestamp_seconds{printer=\"p1\"} 1.79645760025E9",
                "carbine_printer_temperature_celsius{heater=\"nozzle\",printer=\"p1\"} 210.5",
                "carbine_printer_temperature_celsius{heater=\"bed\",printer=\"p1\"} 60.25",
                "carbine_printer_target_temperature_celsius{heater=\"nozzle\",printer=\"p1\"} 210.0",
                "carbine_printer_target_temperature_celsius{heater=\"bed\",printer=\"p1\"} 60.0",
                "carbine_printer_heater_power_ratio{printer=\"p1\"} 0.42",
                "carbine_printer_fan_speed_ratio{printer=\"p1\"} 0.75",
                "carbine_printer_progress_ratio{printer=\"p1\"} 0.375");
    }

    @Test
    void theStateIsOneHotOverEveryState() {
        List<String> lines = Text.samples(Text.of(Snapshots.printers(List.of(status("p1", true, printing("p1"), 0)))));
        List<String> states = lines.stream().filter(l -> l.startsWith("carbine_printer_state{")).toList();
        assertThat(states).hasSize(PrinterState.values().length)
                .contains("carbine_printer_state{printer=\"p1\",state=\"PRINTING\"} 1.0",
                        "carbine_printer_state{printer=\"p1\",state=\"IDLE\"} 0.0",
                        "carbine_printer_state{printer=\"p1\",state=\"OFFLINE\"} 0.0");
        assertThat(states.stream().filter(l -> l.endsWith(" 1.0"))).hasSize(1);
    }

    @Test
    void anOfflinePrinterIsOfflineAndItsStaleReadingsAreLeftOut() {
        List<String> lines = Text.samples(Text.of(Snapshots.printers(List.of(status("p1", false, printing("p1"), 4)))));
        assertThat(lines).contains("carbine_printer_online{printer=\"p1\"} 0.0",
                "carbine_printer_consecutive_failures{printer=\"p1\"} 4.0",
                "carbine_printer_state{printer=\"p1\",state=\"OFFLINE\"} 1.0",
                "carbine_printer_state{printer=\"p1\",state=\"PRINTING\"} 0.0",
                "carbine_printer_last_sample_timestamp_seconds{printer=\"p1\"} 1.79645760025E9");
        assertThat(lines).noneMatch(l -> l.startsWith("carbine_printer_temperature_celsius"))
                .noneMatch(l -> l.startsWith("carbine_printer_progress_ratio"));
    }

    @Test
    void absentFieldsHaveNoSeriesNeverZero() {
        TelemetrySample bare = TelemetrySample.builder("p1", T, PrinterState.IDLE).nozzle(25.0, null)
                .heaterPower(Double.NaN).build();
        List<String> lines = Text.samples(Text.of(Snapshots.printers(List.of(status("p1", true, bare, 0)))));
        assertThat(lines).contains("carbine_printer_temperature_celsius{heater=\"nozzle\",printer=\"p1\"} 25.0")
                .noneMatch(l -> l.contains("heater=\"bed\""))
                .noneMatch(l -> l.startsWith("carbine_printer_target_temperature_celsius"))
                .noneMatch(l -> l.startsWith("carbine_printer_heater_power_ratio"))
                .noneMatch(l -> l.startsWith("carbine_printer_fan_speed_ratio"))
                .noneMatch(l -> l.startsWith("carbine_printer_progress_ratio"));
    }

    @Test
    void aPrinterWithoutASampleYetHasNoStateAndNoReadings() {
        List<String> lines = Text.samples(Text.of(Snapshots.printers(List.of(status("p1", true, null, 1)))));
        assertThat(lines).contains("carbine_printer_online{printer=\"p1\"} 1.0",
                "carbine_printer_consecutive_failures{printer=\"p1\"} 1.0")
                .noneMatch(l -> l.startsWith("carbine_printer_state"))
                .noneMatch(l -> l.startsWith("carbine_printer_last_sample"));
    }

    @Test
    void aRemovedPrinterHasNoSeriesAtTheNextScrape() {
        List<PrinterStatus> fleet = new ArrayList<>(List.of(status("p1", true, printing("p1"), 0),
                status("p2", true, printing("p2"), 0)));
        assertThat(Text.of(Snapshots.printers(fleet))).contains("printer=\"p2\"");
        fleet.remove(1);
        String after = Text.of(Snapshots.printers(fleet));
        assertThat(after).contains("printer=\"p1\"").doesNotContain("p2");
    }

    @Test
    void aPrinterIdClaimedTwiceGivesOneSeriesNotABrokenScrape() {
        String text = Text.of(Snapshots.printers(List.of(status("p1", true, printing("p1"), 0),
                status("p1", false, null, 3))));
        assertThat(Text.samples(text)).containsOnlyOnce("carbine_printer_online{printer=\"p1\"} 1.0")
                .noneMatch(l -> l.equals("carbine_printer_online{printer=\"p1\"} 0.0"));
    }

    @Test
    void labelValuesAreEscaped() {
        String id = "odd \"one\" \\ here\n";
        String text = Text.of(Snapshots.printers(List.of(status(id, true, null, 0))));
        assertThat(text).contains("carbine_printer_online{printer=\"odd \\\"one\\\" \\\\ here\\n\"} 1.0");
    }

    @Test
    void helpAndTypeNameEveryFamilyWithItsUnit() {
        String text = Text.of(Snapshots.printers(List.of(status("p1", true, printing("p1"), 0))));
        assertThat(text).contains("# TYPE carbine_printer_online gauge",
                "# TYPE carbine_printer_temperature_celsius gauge",
                "# HELP carbine_printer_progress_ratio Progress of the current print, 0 to 1.");
    }

    static Alert alert(String id, String kind, Severity severity, AlertState state) {
        return new Alert(id, "p1", "rules", kind, severity, "m", T, T, 1, Double.NaN, state, null);
    }

    @Test
    void openAlertsBySeverityAndStateIncludeZerosAndByKindOnlyPresentKinds() {
        List<String> lines = Text.samples(Text.of(Snapshots.alerts(List.of(
                alert("a1", "OVERHEAT", Severity.WARNING, AlertState.ACTIVE),
                alert("a2", "OVERHEAT", Severity.WARNING, AlertState.ACKNOWLEDGED),
                alert("a3", "HARD_FAILURE", Severity.CRITICAL, AlertState.ACTIVE),
                alert("a4", "FAN_FAILURE", Severity.CRITICAL, AlertState.RESOLVED)))));
        assertThat(lines).contains(
                "carbine_alerts_open{severity=\"WARNING\",state=\"ACTIVE\"} 1.0",
                "carbine_alerts_open{severity=\"WARNING\",state=\"ACKNOWLEDGED\"} 1.0",
                "carbine_alerts_open{severity=\"CRITICAL\",state=\"ACTIVE\"} 1.0",
                "carbine_alerts_open{severity=\"CRITICAL\",state=\"ACKNOWLEDGED\"} 0.0",
                "carbine_alerts_open{severity=\"INFO\",state=\"ACTIVE\"} 0.0",
                "carbine_alerts_open_by_kind{kind=\"OVERHEAT\"} 2.0",
                "carbine_alerts_open_by_kind{kind=\"HARD_FAILURE\"} 1.0")
                .noneMatch(l -> l.contains("FAN_FAILURE"));
        assertThat(lines.stream().filter(l -> l.startsWith("carbine_alerts_open{"))).hasSize(6);
    }

    @Test
    void noOpenAlertsAreZerosBySeverity() {
        List<String> lines = Text.samples(Text.of(Snapshots.alerts(List.of())));
        assertThat(lines).hasSize(6).allMatch(l -> l.startsWith("carbine_alerts_open{") && l.endsWith(" 0.0"));
    }

    @Test
    void aWritingStore() {
        List<String> lines = Text.samples(Text.of(Snapshots.store(StoreHealth.writing(T, 12))));
        assertThat(lines).contains("carbine_store_writing 1.0", "carbine_store_rows_waiting 12.0",
                "carbine_store_status{status=\"WRITING\"} 1.0", "carbine_store_status{status=\"FAILING\"} 0.0",
                "carbine_store_status_since_timestamp_seconds 1.79645760025E9");
    }

    @Test
    void aFailingStore() {
        List<String> lines = Text.samples(Text.of(Snapshots.store(StoreHealth.failing(T, "disk full", 5000))));
        assertThat(lines).contains("carbine_store_writing 0.0", "carbine_store_rows_waiting 5000.0",
                "carbine_store_status{status=\"FAILING\"} 1.0", "carbine_store_status{status=\"WRITING\"} 0.0");
    }

    @Test
    void cyclesAreACounter() {
        String text = Text.of(List.of(Snapshots.cycles(41)));
        assertThat(text).contains("# TYPE carbine_poll_cycles_total counter", "carbine_poll_cycles_total 41.0");
    }
}
