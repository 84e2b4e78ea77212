package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import carbine.api.alert.Alert;
import carbine.api.store.AlertStore;
import carbine.api.store.TelemetryStore;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * The third-party example (examples/cusum-detector, built apart from Carbine against the API only) installed
 * through the Web Console into the running Carbine: it judges a simulated printer's samples and warns of the slow
 * overheating before the printer fails; updated to a v2 jar the same way, it replaces v1 while samples keep
 * flowing; uninstalled, it stops judging and its alert stays in the store. Ten-minute phases, simulated 20× faster, a sample every 3 s of event time.
 */
class ExampleDetectorTest {

    @InjectBundleContext
    BundleContext context;
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    TelemetryStore store;
    @InjectService(timeout = 10_000)
    AlertStore alertStore;

    @Test
    void installedUpdatedAndUninstalledThroughTheWebConsole() throws Exception {
        Path jar = exampleJar(Path.of(context.getProperty("carbine.it.examples"), "cusum-detector", "target"));
        Carbines.pollEvery(cm, 150, "timeoutMillis", 500);
        String id = Carbines.printerId("cusum");
        Instant start = Instant.now();
        Configuration printer = Carbines.simulator(cm, id, "scenario", "overheat", "phaseSeconds", 600.0,
                "timeScale", 20.0);
        WebConsole console = new WebConsole(context);
        try {
            assertThat(console.install(Files.readAllBytes(jar), jar.getFileName().toString()).statusCode()).isIn(200, 302);
            Await.until(() -> assertThat(bundle()).hasValueSatisfying(b -> assertThat(b.getState()).isEqualTo(Bundle.ACTIVE)));

            TelemetrySample failed = Await.value(Duration.ofMinutes(3), () -> store.samples(id, start,
                    Instant.now().plus(Duration.ofDays(1))).stream().filter(s -> s.state() == PrinterState.ERROR)
                    .findFirst().orElse(null));
            Alert shift = Await.value(() -> alertStore.alerts(start, Instant.now().plus(Duration.ofDays(1)), 10_000)
                    .stream().filter(a -> a.printerId().equals(id) && a.detector().equals("cusum")).findFirst()
                    .orElse(null));
            assertThat(shift.kind()).isEqualTo("TEMPERATURE_SHIFT");
            assertThat(shift.firstSeen()).as("the example's warning comes before the failure").isBefore(failed.time());
            System.out.println("ExampleDetectorTest: cusum warned " + Duration.between(shift.firstSeen(), failed.time())
                    .toSeconds() + " s (event time) before the failure: " + shift.message());

            // v2 the same way: it replaces v1 in place without a restart, and samples keep flowing
            long bundleId = bundle().orElseThrow().getBundleId();
            Instant updated = Instant.now();
            assertThat(console.install(WebConsole.withVersion(Files.readAllBytes(jar), "2.0.0"), jar.getFileName().toString())
                    .statusCode()).isIn(200, 302);
            Await.until(() -> assertThat(bundle()).hasValueSatisfying(b -> {
                assertThat(b.getVersion().toString()).isEqualTo("2.0.0");
                assertThat(b.getBundleId()).isEqualTo(bundleId);
                assertThat(b.getState()).isEqualTo(Bundle.ACTIVE);
                assertThat(b.getRegisteredServices()).as("the detector service of v2").isNotEmpty();
            }));
            Await.until(() -> assertThat(store.count(id, updated, Instant.now().plus(Duration.ofDays(1)))).isGreaterThan(3));

            // uninstalled: it no longer judges, and the alert it raised is still in the store
            assertThat(console.uninstall(bundleId).statusCode()).isIn(200, 302);
            Await.until(() -> assertThat(bundle()).isEmpty());
            assertThat(context.getServiceReferences(carbine.api.detector.Detector.class, "(carbine.detector.id=cusum)"))
                    .isEmpty();
            assertThat(alertStore.alerts(start, Instant.now().plus(Duration.ofDays(1)), 10_000))
                    .anySatisfy(a -> assertThat(a.id()).isEqualTo(shift.id()));
        } finally {
            bundle().ifPresent(b -> {
                try {
                    b.uninstall();
                } catch (Exception ignored) {
                    // best effort clean-up
                }
            });
            printer.delete();
            Carbines.pollEvery(cm, 200, "timeoutMillis", 500);
        }
    }

    private Optional<Bundle> bundle() {
        return Arrays.stream(context.getBundles()).filter(b -> "org.example.carbine.cusum".equals(b.getSymbolicName()))
                .findFirst();
    }

    private static Path exampleJar(Path target) throws Exception {
        try (var files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("cusum-detector-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("build the example first: " + target + " has no jar"));
        } catch (java.io.IOException e) {
            throw new AssertionError("build the example first (run/carbine test does): no " + target, e);
        }
    }
}
