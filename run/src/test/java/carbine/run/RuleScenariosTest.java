package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;

import carbine.api.alert.Alert;
import carbine.api.store.AlertStore;
import carbine.api.store.TelemetryStore;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * Every fault the simulator can play is caught by the rule detector while it develops, before the printer
 * reports ERROR; a normal heat-up and print raises nothing. Simulated 30× faster than real time, with event times
 * that follow the simulation, so the detectors see what they would see live.
 */
class RuleScenariosTest {
    static final double TIME_SCALE = 30;
    static final double PHASE_SECONDS = 90; // the nozzle reaches its target well inside the first PRINTING phase

    /** scenario → the rule finding expected during its ANOMALY phase. */
    static final Map<String, String> EXPECTED = Map.of(
            "overheat", "OVERHEAT",
            "heater_failure", "THERMAL_RUNAWAY",
            "filament_jam", "FILAMENT_JAM",
            "fan_failure", "FAN_FAILURE",
            "filament_runout", "FILAMENT_RUNOUT");

    static final String NORMAL = Carbines.printerId("rule-normal");

    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    TelemetryStore store;
    @InjectService(timeout = 10_000)
    AlertStore alertStore;

    @BeforeEach
    void fastPolling() throws Exception {
        Carbines.pollEvery(cm, 200, "timeoutMillis", 500);
    }

    @Test
    void eachFaultIsCaughtBeforeTheErrorAndNormalPrintingRaisesNothing() throws Exception {
        Instant start = Instant.now();
        List<Configuration> printers = new ArrayList<>();
        try {
            for (String scenario : EXPECTED.keySet()) {
                printers.add(Carbines.simulator(cm, Carbines.printerId("rule-" + scenario), "scenario", scenario,
                        "phaseSeconds", PHASE_SECONDS, "timeScale", TIME_SCALE));
            }
            printers.add(Carbines.simulator(cm, NORMAL, "scenario", "normal",
                    "phaseSeconds", PHASE_SECONDS, "timeScale", TIME_SCALE));

            for (Map.Entry<String, String> e : EXPECTED.entrySet()) {
                String id = Carbines.printerId("rule-" + e.getKey());
                // the end of the first ANOMALY phase: ERROR (or PAUSED after a runout)
                TelemetrySample failed = Await.value(Duration.ofSeconds(40), () -> store.samples(id, start,
                        Instant.now().plus(Duration.ofDays(1))).stream()
                        .filter(s -> s.state() == PrinterState.ERROR || s.state() == PrinterState.PAUSED)
                        .findFirst().orElse(null));
                Alert alert = Await.value(() -> alertsOf(id, start).stream()
                        .filter(a -> a.kind().equals(e.getValue())).findFirst().orElse(null));
                assertThat(alert.firstSeen()).as("%s raised before the printer failed", e.getValue())
                        .isBefore(failed.time());
                assertThat(alert.detector()).isEqualTo("rules");
            }

            // the normal printer has heated up and printed (≥ 3 phases simulated) by now, without a single alert
            TelemetrySample late = Await.value(() -> store.latest(NORMAL)
                    .filter(s -> s.time().isAfter(start.plusSeconds((long) (2.5 * PHASE_SECONDS)))).orElse(null));
            assertThat(late.state()).isEqualTo(PrinterState.PRINTING);
            assertThat(late.nozzleActual()).isGreaterThan(late.nozzleTarget() - 5);
            assertThat(alertsOf(NORMAL, start)).isEmpty();
        } finally {
            for (Configuration c : printers) {
                c.delete();
            }
        }
    }

    /**
     * The default printer's first cycle (60 s phases, starting from cold): the predictive OVERHEAT warning comes
     * before the printer fails. Run 10× faster, polled every 500 ms, i.e. every 5 s of event time, as live.
     */
    @Test
    void defaultCycleWarnsBeforeItsFirstFailure() throws Exception {
        Carbines.pollEvery(cm, 500, "timeoutMillis", 400);
        String id = Carbines.printerId("default-cycle");
        Instant start = Instant.now();
        Configuration printer = Carbines.simulator(cm, id, "timeScale", 10.0);
        try {
            TelemetrySample failed = Await.value(Duration.ofSeconds(40), () -> store.samples(id, start,
                    Instant.now().plus(Duration.ofDays(1))).stream().filter(s -> s.state() == PrinterState.ERROR)
                    .findFirst().orElse(null));
            Await.until(() -> assertThat(alertsOf(id, start)).anySatisfy(a -> {
                assertThat(a.kind()).isEqualTo("OVERHEAT");
                assertThat(a.firstSeen()).isBefore(failed.time());
            }));
        } finally {
            printer.delete();
        }
    }

    private List<Alert> alertsOf(String printerId, Instant since) {
        return alertStore.alerts(since, Instant.now().plus(Duration.ofDays(1)), 10_000).stream()
                .filter(a -> a.printerId().equals(printerId)).toList();
    }
}
