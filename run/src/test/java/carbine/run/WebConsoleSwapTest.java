package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

import carbine.api.event.CarbineTopics;
import carbine.api.telemetry.TelemetrySample;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertService;
import carbine.api.store.AlertStore;
import carbine.api.store.TelemetryStore;

/**
 * A detector plug-in installed, updated and uninstalled through the Felix Web Console's HTTP interface — the
 * requests a person's browser sends — while Carbine polls: it judges samples within a poll or two, v2 replaces v1
 * without a restart, samples keep flowing, and after uninstalling, the alert it raised is still in the store.
 */
class WebConsoleSwapTest {
    static final String BSN = "it.probe.detector";

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
    @InjectService(timeout = 10_000)
    LogReaderService logReader;

    @BeforeEach
    void fastPolling() throws Exception {
        Carbines.pollEvery(cm, 200, "timeoutMillis", 500);
    }

    @Test
    void installUpdateUninstallThroughTheWebConsole() throws Exception {
        String printer = "it-swap-" + Carbines.printerId("p");
        Instant start = Instant.now();
        Configuration sim = Carbines.simulator(cm, printer, "scenario", "normal");
        try {
            Await.until(() -> assertThat(store.count(printer, start, Instant.now().plusSeconds(60))).isGreaterThan(0));

            // 1. install and start v1, as the Bundles page's "Install/Update" form does
            assertThat(console().install(probeJar("1.0.0"), BSN + ".jar").statusCode()).isIn(200, 302);
            Await.until(() -> assertThat(probeAlert(printer)).hasValueSatisfying(a ->
                    assertThat(a.message()).isEqualTo("probe detector 1.0.0")));

            // 2. update to v2 the same way: v2 replaces v1 in place, samples keep flowing
            long bundleId = probeBundle().orElseThrow().getBundleId();
            long before = store.count(printer, start, Instant.now().plusSeconds(60));
            assertThat(console().install(probeJar("2.0.0"), BSN + ".jar").statusCode()).isIn(200, 302);
            Await.until(() -> assertThat(probeBundle()).hasValueSatisfying(b -> {
                assertThat(b.getVersion().toString()).isEqualTo("2.0.0");
                assertThat(b.getBundleId()).isEqualTo(bundleId);
                assertThat(b.getState()).isEqualTo(Bundle.ACTIVE);
            }));
            Await.until(() -> assertThat(probeAlert(printer)).hasValueSatisfying(a ->
                    assertThat(a.message()).isEqualTo("probe detector 2.0.0")));
            // the store commits in batches: the samples taken during the update arrive within a poll or two
            Await.until(() -> assertThat(store.count(printer, start, Instant.now().plusSeconds(60))).isGreaterThan(before));
            String alertId = probeAlert(printer).orElseThrow().id();

            // 3. uninstall: it stops judging; what it raised stays in the store and history
            assertThat(console().uninstall(bundleId).statusCode()).isIn(200, 302);
            Await.until(() -> assertThat(probeBundle()).isEmpty());
            Await.until(() -> assertThat(alertStore.alerts(start, Instant.now().plusSeconds(60), 10_000))
                    .anySatisfy(a -> assertThat(a.id()).isEqualTo(alertId)));
        } finally {
            probeBundle().ifPresent(b -> {
                try {
                    b.uninstall();
                } catch (Exception ignored) {
                    // best effort clean-up
                }
            });
            sim.delete();
        }
    }

    /**
     * Sixteen swaps through the Web Console at 200 ms polling — per round a plug-in installed, updated, uninstalled,
     * and the simulator driver bundle replaced by a newer version while it is polled: every poll cycle still has
     * the printer's stored sample (the printer keeps its id and its history goes on), and nothing is logged at ERROR.
     */
    @Test
    void repeatedPluginAndDriverSwapsLoseNoSample() throws Exception {
        String printer = "it-swap-" + Carbines.printerId("flow");
        List<Instant> cycles = new CopyOnWriteArrayList<>(); // when each poll cycle ended
        List<String> errors = new CopyOnWriteArrayList<>();
        ServiceRegistration<EventHandler> cycleHandler = context.registerService(EventHandler.class, e -> cycles.add(Instant.now()),
                Carbines.props(EventConstants.EVENT_TOPIC, CarbineTopics.POLL_CYCLE));
        LogListener errorListener = entry -> {
            if (entry.getLogLevel() == LogLevel.ERROR || entry.getException() != null) {
                errors.add(entry.getBundle().getSymbolicName() + ": " + entry.getMessage());
            }
        };
        logReader.addLogListener(errorListener);
        Configuration sim = Carbines.simulator(cm, printer, "scenario", "normal");
        try {
            Await.until(() -> assertThat(store.latest(printer)).isPresent());
            Instant from = Instant.now();

            int swaps = 0;
            List<Long> judgingAfterMillis = new ArrayList<>(); // Web Console request → the new version's finding seen
            for (int round = 0; round < 4; round++) {
                // each version must judge this printer's samples before the next swap, so swaps span many cycles
                String v1 = "1.0." + round;
                Instant asked = Instant.now();
                console().install(probeJar(v1), BSN + ".jar");
                swaps++;
                Await.until(() -> assertThat(probeAlert(printer)).hasValueSatisfying(a ->
                        assertThat(a.message()).isEqualTo("probe detector " + v1)));
                judgingAfterMillis.add(Duration.between(asked, Instant.now()).toMillis());
                Instant askedUpdate = Instant.now();
                console().install(probeJar("2.0." + round), BSN + ".jar");
                swaps++;
                String v2 = "2.0." + round;
                Await.until(() -> assertThat(probeAlert(printer)).hasValueSatisfying(a ->
                        assertThat(a.message()).isEqualTo("probe detector " + v2)));
                judgingAfterMillis.add(Duration.between(askedUpdate, Instant.now()).toMillis());
                console().uninstall(probeBundle().orElseThrow().getBundleId());
                swaps++;
                Await.until(() -> assertThat(probeBundle()).isEmpty());

                // and the driver: the simulator bundle replaced by a newer version while it is being polled
                String newer = "0.1." + (round + 1) + ".it";
                Instant replaced = Instant.now();
                assertThat(console().install(WebConsole.withVersion(WebConsole.jarOf(simulator()), newer), "carbine.simulator.jar").statusCode())
                        .isIn(200, 302);
                swaps++;
                Await.until(() -> assertThat(simulator().getVersion().toString()).isEqualTo(newer));
                Await.until(() -> assertThat(store.latest(printer)).hasValueSatisfying(latest ->
                        assertThat(latest.time()).isAfter(replaced.plusMillis(500))));
            }
            int lastCycle = cycles.size();
            Instant to = Instant.now();
            Await.until(() -> assertThat(cycles.size()).isGreaterThan(lastCycle + 2)); // the store commits in batches
            long stored = store.count(printer, from, to);
            long expected = cycles.stream().filter(t -> t.isAfter(from) && t.isBefore(to)).count();
            judgingAfterMillis.sort(null);
            System.out.println("WebConsoleSwapTest: " + swaps + " swaps through the Web Console (plug-in and driver), " + expected
                    + " poll cycles, " + stored + " samples of " + printer + " stored; request to the new version's "
                    + "finding seen (ms, sorted): " + judgingAfterMillis + ", median "
                    + judgingAfterMillis.get(judgingAfterMillis.size() / 2));
            assertThat(swaps).isGreaterThanOrEqualTo(10);
            assertThat(stored).as("stored samples vs. poll cycles during %d swaps", swaps).isGreaterThanOrEqualTo(expected - 1);

            List<TelemetrySample> flow = store.samples(printer, from, to);
            Duration gap = Duration.ZERO;
            for (int i = 1; i < flow.size(); i++) {
                Duration d = Duration.between(flow.get(i - 1).time(), flow.get(i).time());
                gap = d.compareTo(gap) > 0 ? d : gap;
            }
            System.out.println("WebConsoleSwapTest: longest gap between " + printer + "'s samples over all swaps, "
                    + "4 driver replacements included: " + gap.toMillis() + " ms (polling every 200 ms)");
            assertThat(errors).as("errors logged during the swaps").isEmpty();
        } finally {
            logReader.removeLogListener(errorListener);
            cycleHandler.unregister();
            sim.delete();
        }
    }


    private Bundle simulator() {
        return Arrays.stream(context.getBundles()).filter(b -> "carbine.simulator".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
    }

    private WebConsole console() {
        return new WebConsole(context);
    }

    private Optional<Alert> probeAlert(String printer) {
        return alerts.open().stream().filter(a -> a.printerId().equals(printer) && a.detector().equals("probe"))
                .findFirst();
    }

    private Optional<Bundle> probeBundle() {
        return Arrays.stream(context.getBundles()).filter(b -> BSN.equals(b.getSymbolicName())).findFirst();
    }

    /** The probe plug-in: its two classes, compiled with these tests, in a bundle of its own. */
    private static byte[] probeJar(String version) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", BSN);
        a.putValue("Bundle-Version", version);
        a.putValue("Bundle-Activator", "carbine.run.probe.ProbeActivator");
        a.putValue("Import-Package", "carbine.api.alert;version=\"[1.0,2)\",carbine.api.detector;version=\"[1.0,2)\","
                + "carbine.api.telemetry;version=\"[1.0,2)\",org.osgi.framework");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Bundle tests = FrameworkUtil.getBundle(WebConsoleSwapTest.class);
        try (JarOutputStream jar = new JarOutputStream(bytes, m)) {
            for (String cls : new String[] {"ProbeActivator", "ProbeDetector"}) {
                String entry = "carbine/run/probe/" + cls + ".class";
                jar.putNextEntry(new JarEntry(entry));
                try (InputStream in = tests.getEntry(entry).openStream()) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }




}
