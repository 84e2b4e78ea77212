package carbine.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

/**
 * Updating the dashboard bundle under an open tab: the tab comes back by itself on the new version, and five
 * updates leave one dashboard class loader in the JVM (counted with jcmd after a GC).
 */
class BundleUpdateTest {
    static final int UPDATES = 5;
    static final String SERVLET_CLASS = "carbine.dashboard.internal.DashboardServlet";

    @Test
    void anOpenTabRecoversOntoEachNewVersionAndNoClassLoaderLeaks() throws Exception {
        Path jar = Path.of(System.getProperty("dashboard.jar", "../../bundles/carbine.dashboard/target/carbine.dashboard-0.1.0-SNAPSHOT.jar"));
        assertThat(Files.exists(jar)).as(jar.toString()).isTrue();
        byte[] original = Files.readAllBytes(jar);
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("carbine.poller.cfg", "intervalMillis=1000\n");
        conf.put("carbine.simulator-lab.cfg", "printerId=lab\ncount=2\nscenario=normal\n");
        try (CarbineProcess carbine = CarbineProcess.start("update", conf, List.of("lab-0001", "lab-0002"));
                Browser b = new Browser(1366, 900)) {
            b.open(carbine.base + "/");
            Await.until(Duration.ofSeconds(30), "the overview", () -> b.all(".printer-card").size() == 2);
            assertThat(b.text(".dashboard-version")).isEqualTo("dashboard 0.1.0.SNAPSHOT");
            assertThat(loaders(carbine)).as("dashboard class loaders before any update").isEqualTo(1);

            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i <= UPDATES; i++) {
                String version = "0.1." + i;
                long t0 = System.nanoTime();
                assertThat(carbine.install(withVersion(original, version), "carbine.dashboard-" + version + ".jar"))
                        .isBetween(200, 399);
                // the test never reloads the tab: the page itself must come back on the new version
                Await.until(Duration.ofSeconds(20), "the open tab on dashboard " + version, () ->
                        ("dashboard " + version).equals(b.text(".dashboard-version")) && b.all(".printer-card").size() == 2
                                && !b.text("[data-printer='lab-0001'] .sample-time").startsWith("—"));
                long gap = (System.nanoTime() - t0) / 1_000_000;
                gaps.add(gap);
                System.out.println("[measure] update to " + version + ": open tab back on the new version after " + gap + " ms");
                assertThat(carbine.bundle("carbine.dashboard")[1]).isEqualTo(version);
            }
            b.screenshot("after-" + UPDATES + "-updates");
            assertThat(gaps).allMatch(g -> g < 15_000);

            // reinstalled: uninstalled (the tab loses its server) and installed again (the tab comes back)
            long id = Long.parseLong(carbine.bundle("carbine.dashboard")[0]);
            assertThat(carbine.bundleAction(id, "uninstall")).isBetween(200, 399);
            Await.until(Duration.ofSeconds(10), "the dashboard gone", () -> carbine.bundle("carbine.dashboard") == null
                    && carbine.get("/").statusCode() == 404);
            String again = "0.2.0";
            long t0 = System.nanoTime();
            assertThat(carbine.install(withVersion(original, again), "carbine.dashboard-" + again + ".jar")).isBetween(200, 399);
            Await.until(Duration.ofSeconds(20), "the open tab on the reinstalled dashboard", () ->
                    ("dashboard " + again).equals(b.text(".dashboard-version")) && b.all(".printer-card").size() == 2);
            System.out.println("[measure] reinstall (uninstall, then install): open tab back after "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms from the install");
            b.screenshot("after-reinstall");

            // old class loaders go once nothing holds them; a full GC unloads them
            int left = Await.until(Duration.ofSeconds(30), "one dashboard class loader after " + UPDATES + " updates and a reinstall", () -> {
                carbine.jcmd("GC.run");
                int n = loaders(carbine);
                return n == 1 ? n : null;
            });
            String histogram = carbine.jcmd("GC.class_histogram");
            long servletRows = histogram.lines().filter(l -> l.trim().endsWith(" " + SERVLET_CLASS)).count();
            System.out.println("[measure] after " + UPDATES + " updates and a reinstall: " + left + " class loader(s) with " + SERVLET_CLASS
                    + ", " + servletRows + " live servlet class(es) in the heap histogram, RSS "
                    + rssKb(carbine) + " kB");
            assertThat(servletRows).isEqualTo(1);
        }
    }

    /** How many class loaders have loaded the dashboard's servlet class (one per live bundle revision). */
    static int loaders(CarbineProcess carbine) throws Exception {
        return (int) carbine.jcmd("VM.classloaders", "show-classes=true", "fold=false").lines()
                .filter(l -> l.trim().endsWith(SERVLET_CLASS)).count();
    }

    static String rssKb(CarbineProcess carbine) {
        try {
            return Files.readAllLines(Path.of("/proc/" + carbine.process.pid() + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("\\D", "")).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    /** The same jar with another Bundle-Version: "a newer version" of the dashboard. */
    static byte[] withVersion(byte[] jar, String version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest m = new Manifest(in.getManifest());
            m.getMainAttributes().putValue("Bundle-Version", version);
            try (JarOutputStream out = new JarOutputStream(bytes, m)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }
}
