package carbine.notify.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Mosquitto broker, started by the test on a free loopback port with a configuration file the test writes
 * (anonymous, or a password file made with {@code mosquitto_passwd}). A missing broker is installed with apt when
 * running as root (like the browser tests install Chromium); when that is impossible the test is skipped, saying why.
 */
final class Mosquitto implements AutoCloseable {
    static final Path BROKER = Path.of("/usr/sbin/mosquitto");
    static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");
    private static String unavailable; // why the broker cannot be had, once known

    private final Path dir;
    private final int port;
    private final List<String> logins = new ArrayList<>();
    private int tlsPort = -1;
    private Process process;

    Mosquitto(Path dir) throws IOException {
        this.dir = dir;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
    }

    /** Skips the calling test (JUnit assumption) when Mosquitto is not installed and cannot be. */
    static synchronized void assumeInstalled() throws Exception {
        if (unavailable == null && !(Files.isExecutable(BROKER) && Files.isExecutable(PASSWD))) {
            unavailable = install();
        }
        Assumptions.assumeTrue(unavailable == null || unavailable.isEmpty(), () -> unavailable);
        unavailable = "";
    }

    /** Empty when installed, else the reason it is not. */
    private static String install() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "Mosquitto is not installed (" + BROKER + ") and the tests do not run as root to install it: "
                    + "sudo apt-get install -y mosquitto";
        }
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return "Mosquitto is not installed (" + BROKER + ") and there is no apt-get to install it";
        }
        Path log = Files.createDirectories(Path.of("target")).resolve("apt-mosquitto.log");
        // the package lists may be missing or stale on a fresh machine: install, and if that fails update and retry
        if (run(log, "apt-get", "install", "-y", "-q", "mosquitto") != 0) {
            run(log, "apt-get", "update", "-q");
            run(log, "apt-get", "install", "-y", "-q", "mosquitto");
        }
        return Files.isExecutable(BROKER) && Files.isExecutable(PASSWD) ? ""
                : "Mosquitto could not be installed with apt-get (no network or no package?): see " + log.toAbsolutePath();
    }

    private static int run(Path log, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    int port() {
        return port;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /**
     * Adds a TLS listener on a second free port, with a key and self-signed certificate for the name localhost (not
     * for the address 127.0.0.1, so that a client connecting by address must refuse it) made by openssl (skips the calling test when there is no openssl); returns the certificate (PEM) to trust.
     */
    Path tls() throws Exception {
        Path openssl = Path.of("/usr/bin/openssl");
        Assumptions.assumeTrue(Files.isExecutable(openssl), "no " + openssl + " to make the broker's certificate");
        Process p = new ProcessBuilder(openssl.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days",
                "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-keyout",
                dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("openssl failed: " + out);
        }
        // held together with a socket on the plain port, so the system cannot hand out that port again
        try (ServerSocket plain = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            tlsPort = s.getLocalPort();
        }
        return dir.resolve("cert.pem");
    }

    /** The TLS listener's URL with this host name (it listens on 127.0.0.1). */
    String tlsUrl(String host) {
        return "ssl://" + host + ":" + tlsPort;
    }

    /** From now on only these logins are accepted (a password file); without any, anonymous clients are. */
    Mosquitto login(String user, String password) throws Exception {
        Path file = dir.resolve("passwd");
        List<String> command = new ArrayList<>(List.of(PASSWD.toString()));
        if (!Files.exists(file)) {
            command.add("-c");
        }
        command.addAll(List.of("-b", file.toString(), user, password));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("mosquitto_passwd failed: " + out);
        }
        logins.add(user);
        return this;
    }

    /** Starts the broker and returns when it accepts connections. */
    Mosquitto start() throws Exception {
        Path conf = dir.resolve("mosquitto.conf");
        StringBuilder c = new StringBuilder();
        c.append("listener ").append(port).append(" 127.0.0.1\n");
        if (tlsPort > 0) {
            c.append("listener ").append(tlsPort).append(" 127.0.0.1\n");
            c.append("certfile ").append(dir.resolve("cert.pem")).append('\n');
            c.append("keyfile ").append(dir.resolve("key.pem")).append('\n');
        }
        c.append("per_listener_settings false\n");
        c.append("persistence false\n");
        c.append("log_dest file ").append(dir.resolve("mosquitto.log")).append('\n');
        c.append("log_type all\n");
        // as root, Mosquitto would switch to the user mosquitto, who cannot read the test's files
        c.append("user ").append(System.getProperty("user.name")).append('\n');
        if (logins.isEmpty()) {
            c.append("allow_anonymous true\n");
        } else {
            c.append("allow_anonymous false\n");
            c.append("password_file ").append(dir.resolve("passwd")).append('\n');
        }
        Files.writeString(conf, c);
        process = new ProcessBuilder(BROKER.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.out").toFile())).start();
        await(Duration.ofSeconds(10), this::accepts, "Mosquitto listening on " + port + " (see " + dir + ")");
        return this;
    }

    /** Stops the broker and returns when its port is closed. */
    void stop() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
        await(Duration.ofSeconds(10), () -> !accepts(), "port " + port + " closed");
    }

    String log() throws IOException {
        Path log = dir.resolve("mosquitto.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls {@code condition} until it holds, failing after {@code timeout}. */
    static void await(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(20); // polling period, not synchronisation
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
