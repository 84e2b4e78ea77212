package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import carbine.api.driver.PrinterDriver;
import carbine.api.fleet.Fleet;
import carbine.api.store.TelemetryStore;
import carbine.run.TestDrivers.CountingDriver;

/** A driver registered at runtime is polled; unregistered, it is no longer polled; registered again, it recovers. */
class DriverLifecycleTest {
    @InjectBundleContext
    BundleContext context;
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    Fleet fleet;
    @InjectService(timeout = 10_000)
    TelemetryStore store;

    @BeforeEach
    void fastPolling() throws Exception {
        Carbines.pollEvery(cm, 200, "timeoutMillis", 500);
    }

    @Test
    void registerUnregisterRegisterAgain() {
        String id = Carbines.printerId("dyn");
        CountingDriver driver = new CountingDriver(id);
        Instant start = Instant.now();

        ServiceRegistration<PrinterDriver> reg = register(driver);
        Await.until(() -> assertThat(driver.calls.get()).isGreaterThanOrEqualTo(3));
        Await.until(() -> assertThat(fleet.printer(id)).hasValueSatisfying(p -> {
            assertThat(p.online()).isTrue();
            assertThat(p.latest()).isNotNull();
            assertThat(p.driver()).isEqualTo("dyn driver");
        }));
        Await.until(() -> assertThat(store.count(id, start, Instant.now().plusSeconds(60))).isGreaterThan(0));

        reg.unregister();
        Await.until(() -> assertThat(fleet.printer(id)).isEmpty());
        long removedAt = fleet.cycles();
        Await.until(() -> assertThat(fleet.cycles()).isGreaterThan(removedAt + 1)); // a poll in flight may end
        int callsAfterRemoval = driver.calls.get();
        long stored = store.count(id, start, Instant.now().plusSeconds(60));
        Await.until(() -> assertThat(fleet.cycles()).isGreaterThan(removedAt + 5));
        assertThat(driver.calls.get()).as("calls after unregistration").isEqualTo(callsAfterRemoval);

        reg = register(driver);
        try {
            Await.until(() -> assertThat(driver.calls.get()).isGreaterThan(callsAfterRemoval + 2));
            Await.until(Duration.ofSeconds(10), () -> assertThat(store.count(id, start,
                    Instant.now().plusSeconds(60))).isGreaterThan(stored));
            assertThat(fleet.printer(id)).hasValueSatisfying(p -> assertThat(p.online()).isTrue());
        } finally {
            reg.unregister();
        }
    }

    private ServiceRegistration<PrinterDriver> register(PrinterDriver driver) {
        BundleContext ctx = FrameworkUtil.getBundle(getClass()).getBundleContext();
        return ctx.registerService(PrinterDriver.class, driver,
                Carbines.props(PrinterDriver.NAME_PROPERTY, "dyn driver"));
    }

}
