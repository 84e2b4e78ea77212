package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import carbine.api.alert.Alert;
import carbine.api.detector.Detector;
import carbine.api.detector.Finding;
import carbine.api.store.AlertStore;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * Issue 12's proof, in the real runtime: a simulated printer whose heater cartridge ages (scenario heater_aging,
 * nominal wear after 50 days) lives through 60 days, and a healthy one (scenario normal) through 90 days, both
 * 43,200× faster than real time (a simulated day every 2 s; polled every 100 ms, i.e. every 72 simulated minutes),
 * in a past that ends now ({@code startDaysAgo}). The component-health detector must raise COMPONENT_WEAR for the
 * aging heater at least 3 simulated days before the nozzle first falls short of its target, and nothing for the
 * healthy printer.
 */
class HealthForecastTest {
    static final double TIME_SCALE = 43_200;
    static final Duration LEAD_REQUIRED = Duration.ofDays(3);

    @InjectBundleContext
    BundleContext context;
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    AlertStore alertStore;
    @InjectService(timeout = 10_000)
    CommandProcessor gogo;
    @InjectService(timeout = 10_000)
    org.osgi.service.servlet.runtime.HttpServiceRuntime http;

    /** What a detector sees of each printer: when the nozzle first fell short after holding, the latest sample. */
    static final class Probe implements Detector {
        final Map<String, Instant> heldSince = new ConcurrentHashMap<>();
        final Map<String, Instant> fellShort = new ConcurrentHashMap<>();
        final Map<String, Instant> latest = new ConcurrentHashMap<>();

        @Override
        public List<Finding> judge(TelemetrySample s, carbine.api.detector.SampleHistory history) {
            latest.put(s.printerId(), s.time());
            if (s.state() == PrinterState.PRINTING && s.nozzleTarget() != null && s.nozzleTarget() > 100
                    && s.nozzleActual() != null) {
                double gap = s.nozzleTarget() - s.nozzleActual();
                if (Math.abs(gap) <= 2) {
                    heldSince.putIfAbsent(s.printerId(), s.time());
                } else if (gap > 5 && heldSince.containsKey(s.printerId())) {
                    fellShort.putIfAbsent(s.printerId(), s.time());
                }
            }
            return List.of();
        }
    }

    @Test
    void agingHeaterIsForecastDaysBeforeItFailsAndAHealthyPrinterGetsNothingIn90Days() throws Exception {
        Carbines.pollEvery(cm, 100, "timeoutMillis", 1500);
        Probe probe = new Probe();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Detector.ID_PROPERTY, "health-probe");
        ServiceRegistration<Detector> registration = context.registerService(Detector.class, probe, props);
        String aging = Carbines.printerId("aging-heater");
        String healthy = Carbines.printerId("healthy");
        Instant now = Instant.now();
        Configuration agingConfig = Carbines.simulator(cm, aging, "scenario", "heater_aging", "timeScale", TIME_SCALE,
                "startDaysAgo", 60.0);
        Configuration healthyConfig = Carbines.simulator(cm, healthy, "scenario", "normal", "timeScale", TIME_SCALE,
                "startDaysAgo", 90.0);
        try {
            Instant agingStart = now.minus(Duration.ofDays(60));
            Instant healthyStart = now.minus(Duration.ofDays(90));
            // 60 days at a day per 2 s: about 2 minutes; generous for 2 shared cores
            Await.until(Duration.ofMinutes(8), () -> assertThat(probe.latest.get(aging))
                    .isAfter(agingStart.plus(Duration.ofDays(59))));
            Instant failed = probe.fellShort.get(aging);
            assertThat(failed).as("the aging heater fell short of its target within 60 days").isNotNull()
                    .isBetween(agingStart.plus(Duration.ofDays(40)), agingStart.plus(Duration.ofDays(59)));
            Alert wear = alertsOf(aging, healthyStart).stream().filter(a -> a.kind().equals("COMPONENT_WEAR"))
                    .findFirst().orElseThrow(() -> new AssertionError("no COMPONENT_WEAR alert for " + aging));
            assertThat(wear.detector()).isEqualTo("health");
            assertThat(wear.severity()).isEqualTo(carbine.api.alert.Severity.WARNING);
            assertThat(wear.firstSeen()).as("raised at least 3 days before the heater failed at %s", failed)
                    .isBefore(failed.minus(LEAD_REQUIRED));
            // the alert holds the latest message (by now: at its limit); alerts.log keeps the one it was raised with
            String raised = java.nio.file.Files.readAllLines(Carbines.dataDir(context).resolve("alerts.log")).stream()
                    .filter(l -> l.contains(" " + aging + " health COMPONENT_WEAR RAISED ")).findFirst().orElseThrow();
            assertThat(raised).contains("hotend heater needs ").contains("% more power than ")
                    .containsPattern("reaches its limit in about \\d+ days? \\(\\d+–\\d+\\)")
                    .contains("Theil–Sen over 14 days");
            System.out.printf("HealthForecastTest: heater fell short %.1f days in; COMPONENT_WEAR %.1f days in "
                    + "(%.1f days ahead): %s%nlatest: %s%n", days(agingStart, failed),
                    days(agingStart, wear.firstSeen()), days(wear.firstSeen(), failed), raised, wear.message());

            Await.until(Duration.ofMinutes(8), () -> assertThat(probe.latest.get(healthy))
                    .isAfter(healthyStart.plus(Duration.ofDays(89))));
            assertThat(probe.fellShort.get(healthy)).isNull();
            assertThat(alertsOf(healthy, healthyStart)).noneMatch(a -> a.kind().equals("COMPONENT_WEAR"));
            String text = Carbines.shell(gogo, "health " + healthy);
            assertThat(text).startsWith(healthy + "\n").contains("heater_duty ").contains("fan_rpm ")
                    .contains("temp_noise ").doesNotContain("COMPONENT_WEAR").doesNotContain("AT_LIMIT");
            assertThat(Carbines.shell(gogo, "health " + aging)).startsWith(aging + "  COMPONENT_WEAR\n");

            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpResponse<String> json = client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(Carbines.httpBase(http) + "api/v1/health/" + aging)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(json.statusCode()).isEqualTo(200);
            assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(json.body()).startsWith("{\"printer\":\"" + aging + "\",\"warning\":{\"kind\":\"COMPONENT_WEAR\"")
                    .contains("\"key\":\"heater_duty\"").contains("\"daily\":[{\"date\":");
            java.net.http.HttpResponse<String> unknown = client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(Carbines.httpBase(http) + "api/v1/health/no-such-printer")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(404);

            // a restart of the bundle: the daily values come back from data/health/, nothing is recomputed
            org.osgi.framework.Bundle bundle = java.util.Arrays.stream(context.getBundles())
                    .filter(b -> "carbine.health".equals(b.getSymbolicName())).findFirst().orElseThrow();
            bundle.stop();
            bundle.start();
            // the aging printer now runs in real time: 7 usable days of fan values can only come from the file; its
            // heater, which no longer reaches its target, is judged with the target held before, read back too
            Await.until(() -> assertThat(Carbines.shell(gogo, "health " + aging)).startsWith(aging + "  COMPONENT_WEAR\n")
                    .containsPattern("heater_duty +AT_LIMIT ").containsPattern("fan_rpm +(OK|WEARING) "));
            System.out.println("HealthForecastTest: carbine:health " + healthy + "\n" + text);
        } finally {
            agingConfig.delete();
            healthyConfig.delete();
            registration.unregister();
        }
    }

    private static double days(Instant from, Instant to) {
        return Duration.between(from, to).toMinutes() / 1440.0;
    }

    private List<Alert> alertsOf(String printerId, Instant since) {
        return alertStore.alerts(since, Instant.now().plus(Duration.ofDays(1)), 100_000).stream()
                .filter(a -> a.printerId().equals(printerId)).toList();
    }

}
