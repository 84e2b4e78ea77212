package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import carbine.api.alert.AlertService;
import carbine.api.detector.Detector;
import carbine.api.driver.PrinterDriver;
import carbine.api.fleet.Fleet;
import carbine.api.store.TelemetryStore;
import carbine.run.TestDrivers.CountingDriver;
import carbine.run.TestDrivers.HangingDriver;
import carbine.run.TestDrivers.SeeingDetector;
import carbine.run.TestDrivers.ThrowingDetector;
import carbine.run.TestDrivers.ThrowingDriver;

/** Faulty plug-ins are isolated: the others keep being polled and judged on schedule. */
class FaultIsolationTest {
    @InjectBundleContext
    BundleContext context;
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    Fleet fleet;
    @InjectService(timeout = 10_000)
    TelemetryStore store;
    @InjectService(timeout = 10_000)
    AlertService alerts;

    @BeforeEach
    void fastPolling() throws Exception {
        Carbines.pollEvery(cm, 200, "timeoutMillis", 500, "offlineAfterFailures", 3);
    }

    @Test
    void throwingAndHangingDriversDoNotStopTheOthers() {
        CountingDriver good = new CountingDriver(Carbines.printerId("good"));
        HangingDriver hanging = new HangingDriver(Carbines.printerId("hang"));
        ServiceRegistration<?> r1 = context.registerService(PrinterDriver.class, new ThrowingDriver(Carbines.printerId("throw")),
                Carbines.props(PrinterDriver.NAME_PROPERTY, "throwing"));
        ServiceRegistration<?> r2 = context.registerService(PrinterDriver.class, hanging,
                Carbines.props(PrinterDriver.NAME_PROPERTY, "hanging"));
        ServiceRegistration<?> r3 = context.registerService(PrinterDriver.class, good,
                Carbines.props(PrinterDriver.NAME_PROPERTY, "good"));
        try {
            Instant start = Instant.now();
            Await.until(() -> assertThat(fleet.printer(Carbines.printerId("good"))).hasValueSatisfying(p -> assertThat(p.latest()).isNotNull()));

            // the good printer is sampled and stored every cycle while the others fail
            long cycle0 = fleet.cycles();
            long stored0 = store.count(Carbines.printerId("good"), start, Instant.now().plusSeconds(60));
            Await.until(() -> assertThat(fleet.cycles()).isGreaterThanOrEqualTo(cycle0 + 10));
            long cycles = fleet.cycles() - cycle0;
            long stored = store.count(Carbines.printerId("good"), start, Instant.now().plusSeconds(60)) - stored0;
            assertThat(stored).as("samples of it-good stored in %d cycles", cycles).isGreaterThanOrEqualTo(cycles - 2);

            // the faulty printers are declared offline, with an alert each
            for (String id : new String[] {Carbines.printerId("throw"), Carbines.printerId("hang")}) {
                Await.until(() -> assertThat(fleet.printer(id)).hasValueSatisfying(p -> assertThat(p.online()).isFalse()));
                Await.until(() -> assertThat(alerts.open()).anySatisfy(a -> {
                    assertThat(a.printerId()).isEqualTo(id);
                    assertThat(a.kind()).isEqualTo("OFFLINE");
                }));
            }
        } finally {
            hanging.released.set(true);
            r1.unregister();
            r2.unregister();
            r3.unregister();
        }
    }

    @Test
    void throwingDetectorsDoNotStopTheOthers() {
        CountingDriver driver = new CountingDriver(Carbines.printerId("judged"));
        ThrowingDetector bug = new ThrowingDetector(false);
        ThrowingDetector error = new ThrowingDetector(true);
        SeeingDetector seeing = new SeeingDetector(Carbines.printerId("judged"));
        ServiceRegistration<?> d = context.registerService(PrinterDriver.class, driver,
                Carbines.props(PrinterDriver.NAME_PROPERTY, "judged"));
        ServiceRegistration<?> r1 = context.registerService(Detector.class, bug, Carbines.props(Detector.ID_PROPERTY, "it-bug"));
        ServiceRegistration<?> r2 = context.registerService(Detector.class, error, Carbines.props(Detector.ID_PROPERTY, "it-error"));
        ServiceRegistration<?> r3 = context.registerService(Detector.class, seeing, Carbines.props(Detector.ID_PROPERTY, "it-seeing"));
        try {
            Await.until(() -> assertThat(bug.calls.get()).isGreaterThan(3));
            Await.until(() -> assertThat(error.calls.get()).isGreaterThan(3));
            int seen = seeing.calls.get();
            Await.until(() -> assertThat(seeing.calls.get()).isGreaterThan(seen + 5));
            Await.until(() -> assertThat(alerts.open()).anySatisfy(a -> {
                assertThat(a.printerId()).isEqualTo(Carbines.printerId("judged"));
                assertThat(a.detector()).isEqualTo("it-seeing");
                assertThat(a.kind()).isEqualTo("SEEN");
            }));
            assertThat(fleet.printer(Carbines.printerId("judged"))).hasValueSatisfying(p -> assertThat(p.online()).isTrue());
        } finally {
            r1.unregister();
            r2.unregister();
            r3.unregister();
            d.unregister();
        }
    }
}
