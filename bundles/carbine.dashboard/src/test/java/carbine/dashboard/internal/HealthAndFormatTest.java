package carbine.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;
import carbine.api.fleet.PrinterStatus;
import carbine.api.store.History;
import carbine.api.store.StoreHealth;
import carbine.api.store.TelemetryStore;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

class HealthAndFormatTest {
    static final Instant T = Instant.parse("2026-11-25T01:00:00Z");

    static PrinterStatus printer(String id, boolean online, PrinterState state) {
        TelemetrySample s = state == null ? null : TelemetrySample.builder(id, T, state).nozzle(210.0, 210.0).build();
        return new PrinterStatus(id, "simulator " + id, "carbine.simulator 0.1.0", online, s, online ? 0 : 3, null, T);
    }

    static Alert alert(String printer, Severity severity, AlertState state) {
        return new Alert(printer + "-" + severity, printer, "rules", "KIND", severity, "why", T, T, 1, Double.NaN, state,
                state == AlertState.RESOLVED ? T : null);
    }

    @Test
    void offlineWinsOverEverythingAndNeverShowsAsOk() {
        assertThat(Health.of(printer("p", false, PrinterState.PRINTING), List.of(alert("p", Severity.CRITICAL, AlertState.ACTIVE))))
                .isEqualTo(Health.OFFLINE);
        assertThat(Health.of(printer("p", true, null), List.of())).isEqualTo(Health.OFFLINE); // never sampled
        assertThat(Health.of(printer("p", true, PrinterState.OFFLINE), List.of())).isEqualTo(Health.OFFLINE);
    }

    @Test
    void criticalForErrorOrAnOpenCriticalAlertOfThatPrinter() {
        assertThat(Health.of(printer("p", true, PrinterState.ERROR), List.of())).isEqualTo(Health.CRITICAL);
        assertThat(Health.of(printer("p", true, PrinterState.PRINTING), List.of(alert("p", Severity.CRITICAL, AlertState.ACKNOWLEDGED))))
                .isEqualTo(Health.CRITICAL);
        assertThat(Health.of(printer("p", true, PrinterState.PRINTING), List.of(alert("q", Severity.CRITICAL, AlertState.ACTIVE))))
                .isEqualTo(Health.OK);
        assertThat(Health.of(printer("p", true, PrinterState.PRINTING), List.of(alert("p", Severity.CRITICAL, AlertState.RESOLVED))))
                .isEqualTo(Health.OK);
    }

    @Test
    void warningForPausedOrAWarning() {
        assertThat(Health.of(printer("p", true, PrinterState.PAUSED), List.of())).isEqualTo(Health.WARNING);
        assertThat(Health.of(printer("p", true, PrinterState.IDLE), List.of(alert("p", Severity.WARNING, AlertState.ACTIVE))))
                .isEqualTo(Health.WARNING);
        assertThat(Health.of(printer("p", true, PrinterState.IDLE), List.of(alert("p", Severity.INFO, AlertState.ACTIVE))))
                .isEqualTo(Health.OK);
    }

    @Test
    void missingValuesShowAsADashNeverAsZero() {
        assertThat(Format.temp(null, 210.0)).isEqualTo("— / 210 °C");
        assertThat(Format.temp(209.87, null)).isEqualTo("209.9 °C / —");
        assertThat(Format.percent(null)).isEqualTo("—");
        assertThat(Format.percent(0.456)).isEqualTo("46 %");
        assertThat(Format.fan(1.0, null)).isEqualTo("100 %");
        // a sample's progress is percent 0..100 (TelemetrySample#progress): 33.4 is a third of the job, not 3340 %
        assertThat(Format.progress(33.4)).isEqualTo("33 %");
        assertThat(Format.progress(null)).isEqualTo(Format.NONE);
        assertThat(Format.filament(null, null)).isEqualTo("—");
        assertThat(Format.filament(false, false)).isEqualTo("ABSENT, not moving");
        assertThat(Format.age(T.minusSeconds(3), T)).isEqualTo("3 s ago");
        assertThat(Format.age(null, T)).isEqualTo("—");
    }

    @Test
    void textForTheSvgIsEscaped() {
        assertThat(Format.xml("<img src=x onerror='a'>&\"")).isEqualTo("&lt;img src=x onerror=&#39;a&#39;&gt;&amp;&quot;");
        assertThat(Format.xml("a\u0000b")).isEqualTo("a b");
    }

    static TelemetryStore storeWith(StoreHealth health) {
        return new TelemetryStore() {
            @Override public CompletionStage<Void> store(TelemetrySample sample) { throw new UnsupportedOperationException(); }
            @Override public List<TelemetrySample> samples(String printerId, Instant from, Instant to) { return List.of(); }
            @Override public long count(String printerId, Instant from, Instant to) { return 0; }
            @Override public Optional<TelemetrySample> latest(String printerId) { return Optional.empty(); }
            @Override public List<String> printerIds() { return List.of(); }
            @Override public History history(String printerId, Instant from, Instant to, int maxPoints) {
                return new History(printerId, from, to, History.Resolution.RAW, java.time.Duration.ZERO, List.of());
            }
            @Override public StoreHealth health() {
                if (health == null) throw new IllegalStateException("the component was deactivated");
                return health;
            }
        };
    }

    @Test
    void theStoreLineSaysRunningOnlyWhileItsWritesCommit() {
        assertThat(Health.store(Optional.of(storeWith(StoreHealth.writing(T, 0)))))
                .isEqualTo(new Health.ServiceState("running", "ok"));
        assertThat(Health.store(Optional.of(storeWith(StoreHealth.failing(T, "disk full: database or disk is full", 1234)))))
                .isEqualTo(new Health.ServiceState("failing since " + Format.dayTime(T)
                        + ": disk full: database or disk is full (1234 rows waiting, kept and retried)", "critical"));
        assertThat(Health.store(Optional.empty())).isEqualTo(new Health.ServiceState("not running", "offline"));
        assertThat(Health.store(Optional.of(storeWith(null)))).isEqualTo(new Health.ServiceState("not running", "offline"));
    }

    static carbine.api.store.AlertStore alertStoreWith(java.util.Map<String, String> actors) {
        return new carbine.api.store.AlertStore() {
            @Override public CompletionStage<Void> saveAlert(Alert alert) { throw new UnsupportedOperationException(); }
            @Override public List<Alert> alerts(Instant from, Instant to, int limit) { return List.of(); }
            @Override public List<Alert> openAlerts() { return List.of(); }
            @Override public Optional<String> acknowledgedBy(String alertId) {
                if (alertId.equals("broken")) throw new IllegalStateException("the component was deactivated");
                return Optional.ofNullable(actors.get(alertId));
            }
        };
    }

    @Test
    void anAcknowledgedAlertSaysWhoAcknowledgedIt() {
        var store = Optional.of(alertStoreWith(java.util.Map.of("a1", "otto from 192.168.1.20 (dashboard)")));
        assertThat(AlertsPanel.acknowledgedByText(AlertsPanel.acknowledgedBy(store, "a1")))
                .isEqualTo("acknowledged by otto from 192.168.1.20 (dashboard)");
        assertThat(AlertsPanel.acknowledgedByText(AlertsPanel.acknowledgedBy(store, "a2"))).as("nobody known").isEmpty();
        assertThat(AlertsPanel.acknowledgedBy(store, "broken")).as("a failing store hides only the name").isEmpty();
        assertThat(AlertsPanel.acknowledgedBy(Optional.empty(), "a1")).as("no store").isEmpty();
    }
}
