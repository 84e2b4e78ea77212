package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Disabled;
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
 * fails, and it stays quiet on a printer that heats up and prints normally. Phases of 10 minutes, simulated 20×
 * faster and polled every 150 ms, i.e. a sample every 3 s of event time; the detector's warm-up is shortened by
 * configuration (100 samples, 5 minutes) so that it is trained within the first printing phase.
 */
@Disabled("issue 3, open: with the default margin (1.1) the detector stays silent through the simulated overheat "
        + "(scores saturate near 0.70-0.73, threshold 0.773 from 95 training rows); with margin 1.0 it warns ~535 s "
        + "before the error here, but the module's own normal-data tests then see false positives. See the issue note.")
class IforestPredictsTest {
    static final double PHASE_SECONDS = 600;

    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    TelemetryStore store;
    @InjectService(timeout = 10_000)
    AlertStore alertStore;

    @Test
    void warnsBeforeTheFailureAndNeverOnANormalPrinter() throws Exception {
        Configuration iforest = cm.getConfiguration("carbine.detector.iforest", "?");
        iforest.update(Carbines.props("minSamples", 100, "warmupMinutes", 5));
        Carbines.pollEvery(cm, 150, "timeoutMillis", 500);
        String failing = Carbines.printerId("ml-overheat");
        String normal = Carbines.printerId("ml-normal");
        Instant start = Instant.now();
        Configuration p1 = Carbines.simulator(cm, failing, "scenario", "overheat", "phaseSeconds", PHASE_SECONDS,
                "timeScale", 20.0);
        Configuration p2 = Carbines.simulator(cm, normal, "scenario", "normal", "phaseSeconds", PHASE_SECONDS,
                "timeScale", 20.0);
        try {
            TelemetrySample failed = Await.value(Duration.ofMinutes(3), () -> store.samples(failing, start,
                    Instant.now().plus(Duration.ofDays(1))).stream().filter(s -> s.state() == PrinterState.ERROR)
                    .findFirst().orElse(null));
            Instant anomalyStart = failed.time().minusSeconds((long) PHASE_SECONDS);

            Alert ml = Await.value(() -> alertsOf(failing, start).stream()
                    .filter(a -> a.detector().equals("iforest")).findFirst().orElse(null));
            assertThat(ml.severity()).isEqualTo(Severity.WARNING);
            assertThat(ml.firstSeen()).as("the ML warning comes before the failure").isBefore(failed.time());
            assertThat(ml.firstSeen()).as("and not before the anomaly began").isAfter(anomalyStart);
            System.out.println("IforestPredictsTest: ML warning " + Duration.between(ml.firstSeen(), failed.time())
                    .toSeconds() + " s (event time) before the error; rules' first alert: " + alertsOf(failing, start)
                    .stream().filter(a -> a.detector().equals("rules")).map(a -> a.kind() + " "
                            + Duration.between(a.firstSeen(), failed.time()).toSeconds() + " s before").toList()
                    + "; message: " + ml.message());

            // the normal printer heated up and printed through the same time, and was judged all along
            assertThat(store.latest(normal)).hasValueSatisfying(s -> assertThat(s.time()).isAfter(failed.time()));
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
