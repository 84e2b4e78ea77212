package carbine.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Carbine started exactly as {@code run/systemd/carbine.service} starts it: its {@code ExecStart} (paths swapped
 * for temporary ones and a free port), its working directory, standard input from {@code /dev/null}. It must keep
 * serving, stop cleanly on SIGTERM, and keep across restarts what was done while it ran: a plug-in installed and
 * a bundle updated through the Web Console, and edits of configuration files made in the Web Console; no
 * configuration file present at start may ever be emptied (it was, in 5 of 18 starts, before).
 */
class ServiceUnitTest {
    static final int RESTARTS = 6;

    /** ExecStart of the unit, for a Carbine living in {@code home} (the unit's /var/lib/carbine and /etc/carbine). */
    static List<String> execStart(Path home, int port) throws IOException {
        Path unit = Path.of(System.getProperty("carbine.unit", "../systemd/carbine.service"));
        String line = Files.readAllLines(unit).stream().filter(l -> l.startsWith("ExecStart=")).findFirst()
                .orElseThrow(() -> new AssertionError("no ExecStart in " + unit)).substring("ExecStart=".length());
        Path jar = Path.of(System.getProperty("carbine.jar", "../target/carbine.jar")).toAbsolutePath().normalize();
        String java = ProcessHandle.current().info().command().orElse("java"); // the unit names Debian's JDK 21
        List<String> command = new ArrayList<>();
        for (String word : line.trim().split("\\s+")) {
            command.add(command.isEmpty() ? java
                    : word.replace("/opt/carbine/carbine.jar", jar.toString())
                            .replace("/var/lib/carbine", home.toString())
                            .replace("/etc/carbine", home.resolve("conf").toString())
                            .replace("-Dorg.osgi.service.http.port=8080", "-Dorg.osgi.service.http.port=" + port));
        }
        assertThat(command).as("the unit's command as run here").contains("-jar", jar.toString())
                .noneMatch(w -> w.contains("gosh") || w.contains("/var/lib/carbine") || w.contains("/etc/carbine"));
        return command;
    }

    @Test
    void runsWithoutATerminalKeepsServingAndStopsCleanlyOnSigterm() throws Exception {
        Path home = CarbineProcess.freshHome("service");
        int port = CarbineProcess.freePort();
        Set<String> tempBefore = frameworkTempDirs();
        CarbineProcess carbine = CarbineProcess.launch(home, port, execStart(home, port), true);
        try {
            carbine.awaitReady();
            // before the fix it printed the banner and exited (117) within seconds of the start: it must stay up
            long readySince = System.nanoTime();
            int answered = Await.until(Duration.ofSeconds(30), "20 s of answers after the ready line", () -> {
                assertThat(carbine.process.isAlive()).as("still running: " + carbine.tail()).isTrue();
                assertThat(carbine.get("/api/v1/printers").statusCode()).isEqualTo(200);
                return System.nanoTime() - readySince > Duration.ofSeconds(20).toNanos() ? 1 : null;
            });
            assertThat(answered).isEqualTo(1);
            assertThat(Files.readString(carbine.log)).doesNotContain("gosh: stopping shell").doesNotContain("g! ");
            assertThat(home.resolve("data/framework")).as("the framework cache under the data directory").isDirectory();
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("data"))))
                    .as("the data directory (database, logs, password hash) is private").isEqualTo("rwx------");

            carbine.process.destroy(); // SIGTERM, as systemctl stop sends
            assertThat(carbine.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            assertThat(carbine.process.exitValue()).as("the JVM's status after SIGTERM (the unit's SuccessExitStatus)")
                    .isEqualTo(143);
            assertThat(Files.readString(carbine.log)).contains("Carbine is stopping").contains("carbine: stopped cleanly");
            List<String> logLines = Files.readAllLines(home.resolve("data/carbine.log"));
            assertThat(logLines.get(logLines.size() - 1)).contains("carbine.log closed");
        } finally {
            carbine.close();
        }
        assertThat(frameworkTempDirs()).as("no framework cache left in the shared temporary directory")
                .isSubsetOf(tempBefore);
    }

    @Test
    void pluginsAndConsoleEditsSurviveRestartsAndNoConfigurationFileIsEverEmptied() throws Exception {
        Path example = exampleJar();
        String exampleName = symbolicName(example);
        Path rules = Path.of(System.getProperty("bundles.dir", "../../bundles"),
                "carbine.detector.rules/target/carbine.detector.rules-0.1.0-SNAPSHOT.jar");
        Path home = CarbineProcess.freshHome("restarts");
        Path conf = home.resolve("conf");
        // several files in conf/ before the first start, as a user leaves them
        Map<String, String> files = new LinkedHashMap<>();
        files.put("carbine.poller.cfg", "# poll every second\nintervalMillis=1000\n");
        files.put("carbine.simulator-lab.cfg", "printerId=lab\ncount=2\nscenario=normal\n");
        files.put("carbine.detector.rules.cfg", "jamSeconds=10\n");
        files.put("carbine.alerts.cfg", "resolveAfterSeconds=30\n");
        for (var e : files.entrySet()) Files.writeString(conf.resolve(e.getKey()), e.getValue());

        String updatedRules = "0.1.7";
        for (int start = 0; start <= RESTARTS; start++) {
            int port = CarbineProcess.freePort();
            CarbineProcess carbine = CarbineProcess.launch(home, port, execStart(home, port), true);
            try {
                carbine.awaitReady();
                for (String name : files.keySet()) {
                    assertThat(Files.readString(conf.resolve(name))).as(name + " at start " + start).isNotBlank();
                }
                Await.until(Duration.ofSeconds(30), "the lab printers at start " + start, () -> {
                    String body = carbine.get("/api/v1/printers").body();
                    return body.contains("\"lab-0001\"") && body.contains("\"lab-0002\"") && !body.contains("\"printer-1\"")
                            ? true : null;
                });
                if (start == 0) {
                    assertThat(carbine.install(Files.readAllBytes(example), example.getFileName().toString())).isBetween(200, 399);
                    assertThat(carbine.install(BundleUpdateTest.withVersion(Files.readAllBytes(rules), updatedRules),
                            "carbine.detector.rules-" + updatedRules + ".jar")).isBetween(200, 399);
                }
                String[] plugin = Await.until(Duration.ofSeconds(20), exampleName + " active at start " + start, () -> {
                    String[] b = carbine.bundle(exampleName);
                    return b != null && b[2].equals("Active") ? b : null;
                });
                assertThat(plugin[1]).isEqualTo("0.1.0.SNAPSHOT");
                String[] rulesBundle = Await.until(Duration.ofSeconds(20), "rules active at start " + start, () -> {
                    String[] b = carbine.bundle("carbine.detector.rules");
                    return b != null && b[2].equals("Active") ? b : null;
                });
                assertThat(rulesBundle[1]).as("the rules bundle updated in the Web Console, at start " + start)
                        .isEqualTo(updatedRules);

                // the edit of the start before is in force (read back from the Web Console) and in the file
                if (start > 0) {
                    assertThat(carbine.consoleValue("carbine.poller", "intervalMillis")).isEqualTo(String.valueOf(interval(start - 1)));
                    assertThat(Double.parseDouble(carbine.consoleValue("carbine.detector.rules", "jamSeconds")))
                            .isEqualTo(10 + start - 1);
                }
                // an edit in the Web Console of two file-born configurations
                assertThat(carbine.consoleSave("carbine.poller", Map.of("intervalMillis", String.valueOf(interval(start)))))
                        .isBetween(200, 399);
                assertThat(carbine.consoleSave("carbine.detector.rules", Map.of("jamSeconds", String.valueOf(10 + start))))
                        .isBetween(200, 399);
                int s = start;
                Await.until(Duration.ofSeconds(20), "the edits written back at start " + start, () ->
                        Files.readString(conf.resolve("carbine.poller.cfg")).matches("(?s).*intervalMillis\\s*=\\s*" + interval(s) + "\\b.*")
                                && Files.readString(conf.resolve("carbine.detector.rules.cfg")).matches("(?s).*jamSeconds\\s*=\\s*" + (10 + s) + "\\b.*")
                                ? true : null);
                assertThat(Files.readString(conf.resolve("carbine.poller.cfg"))).contains("# poll every second");
            } finally {
                if (start % 3 == 2) {
                    carbine.process.destroyForcibly().waitFor(); // kill -9 now and then: nothing is lost either
                } else {
                    carbine.close();
                }
            }
            for (var e : files.entrySet()) {
                assertThat(Files.readString(conf.resolve(e.getKey()))).as(e.getKey() + " after stop " + start).isNotBlank();
            }
        }
    }

    private static long interval(int start) {
        return 1000 + 100L * start;
    }

    static Path exampleJar() throws IOException {
        Path target = Path.of(System.getProperty("examples.dir", "../../examples"), "cusum-detector/target");
        try (Stream<Path> jars = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            return jars.filter(p -> p.getFileName().toString().endsWith(".jar") && !p.getFileName().toString().contains("tests"))
                    .findFirst().orElseThrow(() -> new AssertionError("no example detector jar in " + target
                            + ": build it first (./mvnw -f examples/cusum-detector/pom.xml verify, or run/carbine test)"));
        }
    }

    static String symbolicName(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.getManifest().getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].trim();
        }
    }

    /** The framework caches bnd's launcher makes in the temporary directory when no storage is given. */
    private static Set<String> frameworkTempDirs() throws IOException {
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return tmp.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("osgi.") && n.endsWith(".fw"))
                    .collect(Collectors.toSet());
        }
    }
}
