package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;

import carbine.api.alert.Alert;
import carbine.api.alert.Severity;
import carbine.api.store.AlertStore;
import carbine.api.store.TelemetryStore;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * The point of the ML detector: after its warm-up it warns during the simulated overheating, before the printer
 * fails, and it stays quiet on a printer that heats up and prints normally. The simulator's default cycle (60 s
 * phases: idle, then printing → overheating → error, again and again) simulated 50× faster and polled every
 * 100 ms, i.e. a sample every 5 s of event time as at the default poll interval. The detector runs with the
 * configuration for such fast cycles (run/evaluate/fast-cycle: judged from reaching the target, the minute before
 * a failure kept out of training) and a shortened warm-up (150 samples, about 30 cycles: a cycle has about 5 normal ones; with fewer the
 * threshold, a quantile of the training scores, varies too much from run to run).
 */
class IforestPredictsTest {
    static final double PHASE_SECONDS = 60;

    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    TelemetryStore store;
    @InjectService(timeout = 10_000)
    AlertStore alertStore;

    @Test
    void warnsBeforeTheFailureAndNeverOnANormalPrinter() throws Exception {
        Configuration iforest = cm.getConfiguration("carbine.detector.iforest", "?");
        iforest.update(Carbines.props("settleSeconds", 0, "failureHorizonSeconds", 60, "minSamples", 150,
                "warmupMinutes", 5));
        Carbines.pollEvery(cm, 100, "timeoutMillis", 500);
        String failing = Carbines.printerId("ml-overheat");
        String normal = Carbines.printerId("ml-normal");
        Instant start = Instant.now();
        Configuration p1 = Carbines.simulator(cm, failing, "scenario", "overheat", "phaseSeconds", PHASE_SECONDS,
                "timeScale", 50.0);
        Configuration p2 = Carbines.simulator(cm, normal, "scenario", "normal", "phaseSeconds", PHASE_SECONDS,
                "timeScale", 50.0);
        try {
            Alert ml = Await.value(Duration.ofMinutes(4), () -> alertsOf(failing, start).stream()
                    .filter(a -> a.detector().equals("iforest")).findFirst().orElse(null));
            assertThat(ml.severity()).isEqualTo(Severity.WARNING);
            // the failure that follows the warning: the first ERROR sample after it
            TelemetrySample failed = Await.value(Duration.ofMinutes(1), () -> store.samples(failing, ml.firstSeen(),
                    Instant.now().plus(Duration.ofDays(1))).stream().filter(s -> s.state() == PrinterState.ERROR)
                    .findFirst().orElse(null));
            Duration lead = Duration.between(ml.firstSeen(), failed.time());
            assertThat(lead).as("the ML warning comes before the failure, within its overheating phase")
                    .isPositive().isLessThanOrEqualTo(Duration.ofSeconds((long) PHASE_SECONDS));
            List<Alert> rules = alertsOf(failing, ml.firstSeen().minusSeconds((long) PHASE_SECONDS)).stream()
                    .filter(a -> a.detector().equals("rules") && a.firstSeen().isBefore(failed.time())).toList();
            System.out.println("IforestPredictsTest: ML warning " + lead.toSeconds() + " s (event time) before the "
                    + "error; rules: " + rules.stream().map(a -> a.kind() + " " + Duration.between(a.firstSeen(),
                            failed.time()).toSeconds() + " s before").toList() + "; message: " + ml.message());

            // the normal printer heated up and printed through the same time, and was judged all along
            Await.until(() -> assertThat(store.latest(normal))
                    .hasValueSatisfying(s -> assertThat(s.time()).isAfter(failed.time())));
            assertThat(alertsOf(normal, start)).as("alerts on the normal printer").isEmpty();
        } finally {
            p1.delete();
            p2.delete();
            iforest.delete();
            Carbines.pollEvery(cm, 200, "timeoutMillis", 500);
        }
    }

    private List<Alert> alertsOf(String printerId, Instant since) {
        return alertStore.alerts(since, Instant.now().plus(Duration.ofDays(1)), 10_000).stream()
                .filter(a -> a.printerId().equals(printerId)).toList();
    }
}
