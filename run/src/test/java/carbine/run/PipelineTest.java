package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertService;
import carbine.api.alert.Severity;
import carbine.api.store.AlertStore;
import carbine.api.store.TelemetryStore;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/** The whole pipeline in a running Felix: simulated printer → stored rows → CRITICAL alert everywhere it belongs. */
class PipelineTest {
    static final Instant EPOCH = Instant.EPOCH;
    static final Instant FAR = Instant.parse("2100-01-01T00:00:00Z");

    @InjectBundleContext
    BundleContext context;
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    TelemetryStore store;
    @InjectService(timeout = 10_000)
    AlertStore alertStore;
    @InjectService(timeout = 10_000)
    AlertService alerts;

    @BeforeEach
    void fastPolling() throws Exception {
        Carbines.pollEvery(cm, 200, "timeoutMillis", 500);
    }

    @Test
    void errorStateRaisesCriticalAlertFromTheFirstErrorSample() throws Exception {
        String id = Carbines.printerId("pipeline");
        // phases of 2 s: IDLE, PRINTING, ANOMALY, then ERROR about 6 s after start
        Configuration printer = Carbines.simulator(cm, id, "phaseSeconds", 2.0, "scenario", "overheat", "seed", 7L);
        try {
            Await.until(() -> assertThat(store.count(id, EPOCH, FAR)).as("stored samples").isGreaterThan(3));

            TelemetrySample firstError = Await.value(Duration.ofSeconds(30), () -> store.samples(id, EPOCH, FAR)
                    .stream().filter(s -> s.state() == PrinterState.ERROR).findFirst().orElse(null));

            Alert alert = Await.value(() -> alerts.open().stream()
                    .filter(a -> a.printerId().equals(id) && a.kind().equals("HARD_FAILURE")).findFirst().orElse(null));
            assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(alert.detector()).isEqualTo("rules");
            // raised by the very poll that saw the error: its first-seen time is that sample's event time
            assertThat(alert.firstSeen().truncatedTo(ChronoUnit.MILLIS))
                    .isEqualTo(firstError.time().truncatedTo(ChronoUnit.MILLIS));

            Path alertsLog = Carbines.dataDir(context).resolve("alerts.log");
            Await.until(() -> assertThat(Files.readAllLines(alertsLog, StandardCharsets.UTF_8))
                    .anySatisfy(line -> assertThat(line).contains("CRITICAL").contains(id).contains("rules")
                            .contains("HARD_FAILURE").contains("RAISED")));

            Path status = Carbines.dataDir(context).resolve("status.json");
            Await.until(() -> assertThat(Files.readString(status)).contains(alert.id()).contains("\"" + id + "\""));

            Await.until(() -> assertThat(alertStore.openAlerts()).anySatisfy(a -> {
                assertThat(a.id()).isEqualTo(alert.id());
                assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            }));
        } finally {
            printer.delete();
        }
    }
}
