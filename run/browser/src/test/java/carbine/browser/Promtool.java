package carbine.browser;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code promtool} (package {@code prometheus}), Prometheus' own checker of the exposition format. Installed
 * with apt when missing and running as root, like {@link Browser}'s Chromium; {@link #missing()} says why it is not
 * there otherwise.
 */
final class Promtool {
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private Promtool() {}

    record Result(int exitCode, String output) {}

    /** Null when promtool can be used, else why not (the test is then skipped with this reason). */
    static synchronized String missing() {
        if (Files.isExecutable(PROMTOOL)) return null;
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root && Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            try {
                Path log = Path.of(System.getProperty("browser.target", "target"), "apt-prometheus.log");
                Files.createDirectories(log.getParent());
                ProcessBuilder pb = new ProcessBuilder("apt-get", "install", "-y", "prometheus").redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
                pb.start().waitFor(10, TimeUnit.MINUTES);
            } catch (IOException e) {
                return "promtool is missing and apt-get failed: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Files.isExecutable(PROMTOOL) ? null
                : "promtool is missing (" + PROMTOOL + ") and could not be installed"
                        + (root ? " with apt-get install -y prometheus (see target/apt-prometheus.log)" : " (not root)")
                        + ": install it with sudo apt-get install -y prometheus";
    }

    /** {@code promtool check metrics}, the text on its standard input. */
    static Result checkMetrics(String text) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("promtool did not finish within 60 s");
        }
        return new Result(p.exitValue(), output);
    }
}
