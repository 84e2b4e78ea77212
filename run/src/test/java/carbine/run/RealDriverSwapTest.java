package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import carbine.api.event.CarbineTopics;
import carbine.api.fleet.Fleet;
import carbine.api.store.TelemetryStore;
import carbine.driver.bambu.peer.BambuPeer;
import carbine.driver.moonraker.peer.MoonrakerPeer;
import carbine.driver.octoprint.peer.OctoPrintPeer;
import carbine.driver.prusalink.peer.PrusaLinkPeer;

/**
 * Issue 10, "in the container": each real-printer driver bundle (OctoPrint, Moonraker, PrusaLink, Bambu Lab) updated
 * to a newer version, uninstalled and installed again through the Felix Web Console's HTTP interface while all four
 * printers and a simulated bystander are polled every 500 ms. After the update its printer is polled again by the new
 * version; after the uninstall it leaves the fleet; after the new install it comes back with the same id. The
 * bystander has a stored sample for every poll cycle throughout, and nothing is logged at ERROR. The printers are
 * the protocol peers of the drivers' own tests (Bambu's needs Debian's Mosquitto; without it, Bambu is left out
 * and the test says so).
 */
class RealDriverSwapTest {
    private static final String OCTOPRINT_KEY = "IT-SWAP-OCTOPRINT-KEY-5e4d";
    private static final String MOONRAKER_KEY = "it-swap-moonraker-key";
    private static final String PRUSALINK_PASSWORD = "it-swap-prusa-pass";
    private static final String BAMBU_SERIAL = "01S00C371700123";
    private static final String BAMBU_CODE = "12345678";

    @InjectBundleContext
    BundleContext context;
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    Fleet fleet;
    @InjectService(timeout = 10_000)
    TelemetryStore store;
    @InjectService(timeout = 10_000)
    LogReaderService logReader;

    @Test
    void eachDriverIsUpdatedUninstalledAndReinstalledWhileEveryPrinterIsPolled() throws Exception {
        // 500 ms: the listing deadline (half the interval) stays above the stalls of a loaded 2-core machine
        Carbines.pollEvery(cm, 500, "timeoutMillis", 1000, "offlineAfterFailures", 3);
        String bystander = Carbines.printerId("bystander");
        List<Instant> cycles = new CopyOnWriteArrayList<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        ServiceRegistration<EventHandler> cycleHandler = context.registerService(EventHandler.class,
                e -> cycles.add(Instant.now()), Carbines.props(EventConstants.EVENT_TOPIC, CarbineTopics.POLL_CYCLE));
        LogListener errorListener = entry -> {
            if (entry.getLogLevel() == LogLevel.ERROR) {
                errors.add(entry.getBundle().getSymbolicName() + ": " + entry.getMessage());
            }
        };
        logReader.addLogListener(errorListener);
        List<Configuration> configurations = new ArrayList<>();
        Path bambuDir = Files.createTempDirectory("carbine-bambu-swap");
        String bambuUnavailable = BambuPeer.unavailable();
        try (OctoPrintPeer octoprint = OctoPrintPeer.start(OCTOPRINT_KEY).mode(OctoPrintPeer.Mode.OPERATIONAL);
                MoonrakerPeer moonraker = MoonrakerPeer.start().requireApiKey(MOONRAKER_KEY);
                PrusaLinkPeer prusalink = PrusaLinkPeer.start("maker", PRUSALINK_PASSWORD);
                BambuPeer bambu = bambuUnavailable.isEmpty() ? BambuPeer.start(bambuDir, BAMBU_SERIAL, BAMBU_CODE) : null) {
            configurations.add(Carbines.simulator(cm, bystander, "scenario", "normal"));
            Map<String, String> printers = new LinkedHashMap<>(); // driver bundle → its printer
            printers.put("carbine.driver.octoprint", printer(configurations, "carbine.driver.octoprint", "octoprint",
                    "url", octoprint.baseUrl().toString(), "apiKey", OCTOPRINT_KEY));
            printers.put("carbine.driver.moonraker", printer(configurations, "carbine.driver.moonraker", "voron",
                    "url", moonraker.url(), "apiKey", MOONRAKER_KEY));
            printers.put("carbine.driver.prusalink", printer(configurations, "carbine.driver.prusalink", "mk4",
                    "url", prusalink.baseUrl().toString(), "password", PRUSALINK_PASSWORD));
            if (bambu != null) {
                printers.put("carbine.driver.bambu", printer(configurations, "carbine.driver.bambu", "x1c",
                        "host", "127.0.0.1", "port", bambu.port(), "serial", BAMBU_SERIAL, "accessCode", BAMBU_CODE,
                        "caFile", bambu.caFile().toString()));
            } else {
                System.out.println("RealDriverSwapTest: Bambu Lab left out: " + bambuUnavailable);
            }
            for (String id : printers.values()) {
                Await.until(() -> assertThat(fleet.printer(id)).hasValueSatisfying(p -> assertThat(p.online()).isTrue()));
            }
            Await.until(() -> assertThat(store.latest(bystander)).isPresent());
            Instant from = Instant.now();

            List<String> timings = new ArrayList<>();
            for (Map.Entry<String, String> e : printers.entrySet()) {
                String bsn = e.getKey();
                String id = e.getValue();
                byte[] jar = WebConsole.jarOf(bundle(bsn).orElseThrow());

                // update to a newer version: the printer is polled by the new version, with the same id
                String newer = bundle(bsn).orElseThrow().getVersion().getMajor() + ".9.0.it";
                Instant asked = Instant.now();
                assertThat(console().install(WebConsole.withVersion(jar, newer), bsn + ".jar").statusCode()).isIn(200, 302);
                Await.until(() -> assertThat(bundle(bsn)).hasValueSatisfying(b -> {
                    assertThat(b.getVersion().toString()).isEqualTo(newer);
                    assertThat(b.getState()).isEqualTo(Bundle.ACTIVE);
                }));
                Instant active = Instant.now();
                Await.until(() -> assertThat(store.latest(id)).hasValueSatisfying(s ->
                        assertThat(s.time()).isAfter(active)));
                Await.until(() -> assertThat(fleet.printer(id)).hasValueSatisfying(p -> assertThat(p.online()).isTrue()));
                long updated = Duration.between(asked, Instant.now()).toMillis();

                // uninstall: the printer leaves the fleet (its history stays)
                long stored = store.count(id, from.minusSeconds(60), Instant.now().plusSeconds(60));
                assertThat(console().uninstall(bundle(bsn).orElseThrow().getBundleId()).statusCode()).isIn(200, 302);
                Await.until(() -> assertThat(bundle(bsn)).isEmpty());
                Await.until(() -> assertThat(fleet.printer(id)).isEmpty());
                assertThat(store.count(id, from.minusSeconds(60), Instant.now().plusSeconds(60))).isGreaterThanOrEqualTo(stored);

                // install again: the same factory configuration makes the same printer, polled again
                Instant reinstalled = Instant.now();
                assertThat(console().install(jar, bsn + ".jar").statusCode()).isIn(200, 302);
                Await.until(() -> assertThat(fleet.printer(id)).hasValueSatisfying(p -> {
                    assertThat(p.online()).isTrue();
                    assertThat(p.latest().time()).isAfter(reinstalled);
                }));
                timings.add(bsn + ": update → polled by " + newer + " in " + updated + " ms, reinstall → polled in "
                        + Duration.between(reinstalled, Instant.now()).toMillis() + " ms");
            }

            Instant to = Instant.now();
            // the store commits in batches, in order: once a later sample is stored, every one before `to` is
            Await.until(() -> assertThat(store.latest(bystander)).hasValueSatisfying(s -> assertThat(s.time()).isAfter(to)));
            long expected = cycles.stream().filter(t -> t.isAfter(from) && t.isBefore(to)).count();
            long stored = store.count(bystander, from, to);
            timings.forEach(t -> System.out.println("RealDriverSwapTest: " + t));
            System.out.println("RealDriverSwapTest: " + printers.size() + " drivers swapped three ways; " + expected
                    + " poll cycles, " + stored + " samples of the bystander stored");
            assertThat(stored).as("the bystander's samples vs. poll cycles while the drivers were swapped; samples at %s;"
                    + " cycles ended at %s", store.samples(bystander, from, to).stream().map(x -> x.time()).toList(),
                    cycles.stream().filter(t -> t.isAfter(from) && t.isBefore(to)).toList())
                    .isGreaterThanOrEqualTo(expected - 1);
            assertThat(errors).as("errors logged during the swaps").isEmpty();
        } finally {
            logReader.removeLogListener(errorListener);
            cycleHandler.unregister();
            for (Configuration c : configurations) {
                c.delete();
            }
            try (Stream<Path> files = Files.walk(bambuDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A factory configuration of the driver for a new printer; returns the printer's id. */
    private String printer(List<Configuration> configurations, String factoryPid, String name, Object... properties)
            throws Exception {
        String id = Carbines.printerId(name);
        Configuration c = cm.getFactoryConfiguration(factoryPid, id, "?");
        Object[] all = Arrays.copyOf(properties, properties.length + 4);
        all[properties.length] = "printerId";
        all[properties.length + 1] = id;
        all[properties.length + 2] = "timeoutMillis";
        all[properties.length + 3] = 800;
        c.update(Carbines.props(all));
        configurations.add(c);
        return id;
    }

    private Optional<Bundle> bundle(String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst();
    }

    private WebConsole console() {
        return new WebConsole(context);
    }
}
