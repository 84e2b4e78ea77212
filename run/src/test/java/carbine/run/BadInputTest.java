package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import carbine.api.alert.AlertService;
import carbine.api.driver.PrinterDriver;
import carbine.api.fleet.Fleet;
import carbine.api.store.TelemetryStore;
import carbine.api.telemetry.TelemetrySample;
import carbine.run.TestDrivers.CountingDriver;
import carbine.run.TestDrivers.ForeignIdDriver;
import carbine.run.TestDrivers.GarbageDriver;

/** Garbage from a printer and a malformed configuration value: a clear alert, the rest keeps running. */
class BadInputTest {
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

    @Test
    void impossibleValuesAreDroppedNotStoredAndRaiseAnAlert() throws Exception {
        Carbines.pollEvery(cm, 200, "timeoutMillis", 500, "offlineAfterFailures", 3);
        String garbage = Carbines.printerId("garbage");
        String foreign = Carbines.printerId("foreign");
        Instant start = Instant.now();
        ServiceRegistration<?> r1 = context.registerService(PrinterDriver.class, new GarbageDriver(garbage),
                Carbines.props(PrinterDriver.NAME_PROPERTY, "garbage"));
        ServiceRegistration<?> r2 = context.registerService(PrinterDriver.class, new ForeignIdDriver(foreign),
                Carbines.props(PrinterDriver.NAME_PROPERTY, "foreign"));
        try {
            TelemetrySample stored = Await.value(() -> store.latest(garbage).orElse(null));
            assertThat(stored.nozzleActual()).as("NaN nozzle").isNull();
            assertThat(stored.bedActual()).as("bed below absolute zero").isNull();
            assertThat(stored.heaterPower()).as("heater power 7").isNull();
            assertThat(stored.fanRpm()).as("negative rpm").isNull();
            assertThat(stored.progress()).as("progress 150 %").isNull();
            // what was plausible is kept
            assertThat(stored.nozzleTarget()).isEqualTo(210.0);
            assertThat(stored.bedTarget()).isEqualTo(60.0);
            assertThat(stored.fanSpeed()).isEqualTo(0.5);

            Await.until(() -> assertThat(alerts.open()).anySatisfy(a -> {
                assertThat(a.printerId()).isEqualTo(garbage);
                assertThat(a.kind()).isEqualTo("BAD_TELEMETRY");
                assertThat(a.message()).containsIgnoringCase("nozzle");
            }));

            // a sample for a printer that was not asked for is never stored; the printer goes offline with the reason
            Await.until(() -> assertThat(fleet.printer(foreign)).hasValueSatisfying(p -> {
                assertThat(p.online()).isFalse();
                assertThat(p.lastError()).contains("not-" + foreign);
            }));
            assertThat(store.count("not-" + foreign, start, Instant.now().plusSeconds(60))).isZero();
        } finally {
            r1.unregister();
            r2.unregister();
        }
    }

    @Test
    void malformedPollerConfigurationFallsBackAndPollingGoesOn() throws Exception {
        String id = Carbines.printerId("config");
        CountingDriver driver = new CountingDriver(id);
        ServiceRegistration<?> reg = context.registerService(PrinterDriver.class, driver,
                Carbines.props(PrinterDriver.NAME_PROPERTY, "config"));
        try {
            Carbines.pollEvery(cm, 200);
            Await.until(() -> assertThat(driver.calls.get()).isGreaterThan(2));
            // "fast" is not a number: the poller says so and keeps its default
            cm.getConfiguration("carbine.poller", "?").update(Carbines.props("intervalMillis", "fast",
                    "timeoutMillis", "500"));
            int calls = driver.calls.get();
            Await.until(() -> assertThat(driver.calls.get()).isGreaterThan(calls));
            assertThat(fleet.printer(id)).hasValueSatisfying(p -> assertThat(p.online()).isTrue());
        } finally {
            Carbines.pollEvery(cm, 200, "timeoutMillis", 500);
            reg.unregister();
        }
    }
}
