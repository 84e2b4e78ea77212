package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Instant;
import java.util.Dictionary;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertService;
import carbine.api.alert.AlertState;
import carbine.api.detector.Detector;
import carbine.api.driver.PrinterDriver;
import carbine.api.store.AlertStore;
import carbine.run.TestDrivers.CountingDriver;
import carbine.run.TestDrivers.SeeingDetector;

/**
 * Alerts of a detector that is removed resolve, with that reason, after {@code detectorGoneSeconds}; a detector
 * that is replaced within it keeps its alerts (no resolve and raise again for an update).
 */
class GoneDetectorTest {
    @InjectBundleContext
    BundleContext context;
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    AlertService alerts;
    @InjectService(timeout = 10_000)
    AlertStore alertStore;

    private Dictionary<String, Object> alertsConfigBefore;

    @BeforeEach
    void shortGrace() throws Exception {
        Carbines.pollEvery(cm, 200, "timeoutMillis", 500, "offlineAfterFailures", 3);
        Configuration c = cm.getConfiguration("carbine.alerts", "?");
        alertsConfigBefore = c.getProperties();
        c.update(Carbines.props("detectorGoneSeconds", 2));
    }

    @AfterEach
    void restore() throws Exception {
        Configuration c = cm.getConfiguration("carbine.alerts", "?");
        if (alertsConfigBefore == null) {
            c.delete();
        } else {
            c.update(alertsConfigBefore);
        }
    }

    private Alert openSeenAlert(String printer) {
        return Await.value(() -> alerts.open().stream()
                .filter(a -> a.printerId().equals(printer) && a.kind().equals("SEEN")).findFirst().orElse(null));
    }

    @Test
    void alertsOfARemovedDetectorResolveWithThatReason() throws Exception {
        String printer = Carbines.printerId("gone");
        ServiceRegistration<?> d = context.registerService(PrinterDriver.class, new CountingDriver(printer),
                Carbines.props(PrinterDriver.NAME_PROPERTY, "gone"));
        ServiceRegistration<?> detector = context.registerService(Detector.class, new SeeingDetector(printer),
                Carbines.props(Detector.ID_PROPERTY, "it-gone"));
        try {
            Alert alert = openSeenAlert(printer);
            Instant removed = Instant.now();
            detector.unregister();
            detector = null;

            Await.until(() -> assertThat(alerts.open()).noneMatch(a -> a.id().equals(alert.id())));
            Alert stored = Await.value(() -> alertStore.alerts(alert.lastSeen().minusSeconds(1), Instant.now().plusSeconds(60), 1000)
                    .stream().filter(a -> a.id().equals(alert.id()) && a.state() == AlertState.RESOLVED).findFirst()
                    .orElse(null));
            assertThat(stored.message()).contains("it-gone").contains("no longer installed");
            assertThat(stored.resolvedAt()).isAfterOrEqualTo(removed.plusSeconds(2).minusMillis(50));
            Await.until(() -> assertThat(Files.readString(Carbines.dataDir(context).resolve("alerts.log")))
                    .containsPattern(printer + " it-gone SEEN RESOLVED .*no longer installed"));
        } finally {
            if (detector != null) {
                detector.unregister();
            }
            d.unregister();
        }
    }

    @Test
    void aDetectorReplacedWithinTheGraceKeepsItsAlerts() throws Exception {
        String printer = Carbines.printerId("swapped");
        ServiceRegistration<?> d = context.registerService(PrinterDriver.class, new CountingDriver(printer),
                Carbines.props(PrinterDriver.NAME_PROPERTY, "swapped"));
        ServiceRegistration<?> detector = context.registerService(Detector.class, new SeeingDetector(printer),
                Carbines.props(Detector.ID_PROPERTY, "it-swapped"));
        try {
            Alert alert = openSeenAlert(printer);
            detector.unregister(); // an update: the old service leaves, the new one comes at once
            SeeingDetector newer = new SeeingDetector(printer);
            detector = context.registerService(Detector.class, newer, Carbines.props(Detector.ID_PROPERTY, "it-swapped"));
            // three grace periods later, with the new detector judging all along, it is the same open alert
            Instant until = Instant.now().plusSeconds(6);
            Await.value(() -> Instant.now().isAfter(until) && newer.calls.get() > 10 ? true : null);
            assertThat(alerts.open()).anySatisfy(a -> {
                assertThat(a.id()).isEqualTo(alert.id());
                assertThat(a.state()).isEqualTo(AlertState.ACTIVE);
            });
        } finally {
            detector.unregister();
            d.unregister();
        }
    }
}
