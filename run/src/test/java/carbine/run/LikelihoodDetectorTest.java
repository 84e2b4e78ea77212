package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertService;
import carbine.api.detector.Detector;
import carbine.api.driver.PrinterDriver;
import carbine.api.fleet.Fleet;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;
import carbine.run.TestDrivers.OnePrinterDriver;

/**
 * The likelihood detector is off until configured; a configuration starts it, it alerts with its reasons on a
 * printer whose temperature leaves everything seen before, and deleting the configuration removes it while polling
 * goes on.
 */
class LikelihoodDetectorTest {
    private static final String PID = "carbine.detector.likelihood";

    @InjectBundleContext
    BundleContext context;
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    AlertService alerts;
    @InjectService(timeout = 10_000)
    Fleet fleet;

    /** Idle at room temperature with a little jitter, until told to jump. */
    static final class SteppingDriver extends OnePrinterDriver {
        volatile boolean jumped;
        private int calls;

        SteppingDriver(String printerId) {
            super(printerId);
        }

        @Override
        public TelemetrySample sample(String id) {
            double nozzle = jumped ? 80.0 : 24.5 + (calls++ % 3) * 0.1;
            return TelemetrySample.builder(id, Instant.now(), PrinterState.IDLE).nozzle(nozzle, 0.0).bed(24.0, 0.0)
                    .build();
        }
    }

    @Test
    void offUntilConfiguredThenAlertsWithItsReasonsAndGoesAwayWithItsConfiguration() throws Exception {
        assertThat(detectorIds()).as("no configuration, no detector").doesNotContain("likelihood").contains("rules");

        Carbines.pollEvery(cm, 100, "timeoutMillis", 500);
        String printer = Carbines.printerId("likely");
        SteppingDriver driver = new SteppingDriver(printer);
        ServiceRegistration<?> d = context.registerService(PrinterDriver.class, driver,
                Carbines.props(PrinterDriver.NAME_PROPERTY, "likely"));
        Configuration config = cm.getConfiguration(PID, "?");
        try {
            config.update(Carbines.props("learnSamples", 20, "seasonHours", 0, "restSamples", 100_000));
            Await.until(() -> assertThat(detectorIds()).contains("likelihood"));
            long cycles = fleet.cycles();
            Await.until(() -> assertThat(fleet.cycles()).as("learning").isGreaterThan(cycles + 40));
            assertThat(likelihoodAlerts(printer)).as("nothing while the printer idles").isEmpty();

            driver.jumped = true;
            Alert alert = Await.value(() -> likelihoodAlerts(printer).stream().findFirst().orElse(null));
            assertThat(alert.kind()).isEqualTo("UNLIKELY_SIGNAL");
            assertThat(alert.message()).contains("nozzleActual 80 is beyond everything seen before (24.5 to 24.7)",
                    "(threshold 0.500 %)");
            assertThat(alert.score()).isGreaterThan(200);

            config.delete();
            Await.until(() -> assertThat(detectorIds()).doesNotContain("likelihood").contains("rules"));
            long after = fleet.cycles();
            Await.until(() -> assertThat(fleet.cycles()).as("polling goes on").isGreaterThan(after + 3));
        } finally {
            d.unregister();
            if (cm.listConfigurations("(service.pid=" + PID + ")") != null) {
                cm.getConfiguration(PID, "?").delete();
            }
        }
    }

    private List<Alert> likelihoodAlerts(String printer) {
        return alerts.open().stream().filter(a -> a.printerId().equals(printer) && a.detector().equals("likelihood"))
                .toList();
    }

    private List<Object> detectorIds() throws Exception {
        Collection<ServiceReference<Detector>> refs = context.getServiceReferences(Detector.class, null);
        return refs == null ? List.of() : refs.stream().map(r -> r.getProperty(Detector.ID_PROPERTY)).toList();
    }
}
