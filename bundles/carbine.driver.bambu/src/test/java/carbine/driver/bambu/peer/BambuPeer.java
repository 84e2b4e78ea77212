package carbine.driver.bambu.peer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Bambu Lab printer's LAN MQTT interface as the driver sees it, made of real parts: Debian's Mosquitto broker
 * with a TLS listener whose certificate is issued by a CA the peer makes (openssl) to the name of a fake
 * <b>serial</b>, as a printer's is (Doridian/OpenBambuAPI {@code tls.md}); a password file with user {@code bblp}
 * and the access code ({@code mqtt.md}, "Local MQTT"); and, on a second, plain loopback listener, the printer's
 * side: a publisher of reports to {@code device/<serial>/report} that answers a {@code pushall} on
 * {@code device/<serial>/request} with the full state, as a printer does ({@code mqtt.md}, "pushing.pushall").
 *
 * <p>The report shapes follow {@code mqtt.md}'s {@code push_status} example (floats {@code nozzle_temper},
 * {@code bed_temper}, fan steps as strings "0".."15", {@code mc_percent}, {@code gcode_state}, {@code print_error},
 * {@code hms}) and, for newer firmware, the packed temperatures described in greghesp/ha-bambulab
 * {@code pybambu/models.py} ({@code device.bed.info.temp}, {@code device.extruder.info[].temp}: low 16 bits the
 * current value, high 16 bits the target). P1/A1 printers send only what changed (deltas, {@code "msg":1}).
 *
 * <p>{@link #unavailable()} says why the peer cannot run here (no Mosquitto and no way to install it, no openssl);
 * tests then skip with that reason.
 */
public final class BambuPeer implements AutoCloseable {
    static final Path BROKER = Path.of("/usr/sbin/mosquitto");
    static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");
    static final Path OPENSSL = Path.of("/usr/bin/openssl");
    private static final String PEER_USER = "bambu-peer";
    private static String unavailable; // null: not checked yet; "": available

    private final Path dir;
    private final String serial;
    private final String accessCode;
    private final String peerPassword = UUID.randomUUID().toString();
    private final int tlsPort;
    private final int plainPort;
    private final AtomicLong sequence = new AtomicLong();
    private final List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Long> pushallNanos = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile String fullState;
    private volatile boolean answerPushall = true;
    private Process process;
    private MiniMqtt printer;

    private BambuPeer(Path dir, String serial, String accessCode) throws IOException {
        this.dir = dir;
        this.serial = serial;
        this.accessCode = accessCode;
        int[] ports = freePorts(2);
        this.tlsPort = ports[0];
        this.plainPort = ports[1];
        this.fullState = fullReport();
    }

    /**
     * Empty when Mosquitto and openssl are there (Mosquitto is installed with apt-get when missing and running as
     * root, as carbine.notify's tests do), else the reason they are not.
     */
    public static synchronized String unavailable() {
        if (unavailable == null) {
            unavailable = check();
        }
        return unavailable;
    }

    private static String check() {
        if (!Files.isExecutable(OPENSSL)) {
            return "no " + OPENSSL + " to make the printer's certificates (apt-get install openssl)";
        }
        if (Files.isExecutable(BROKER) && Files.isExecutable(PASSWD)) {
            return "";
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "Mosquitto is not installed (" + BROKER + ") and the tests do not run as root to install it: "
                    + "sudo apt-get install -y mosquitto";
        }
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return "Mosquitto is not installed (" + BROKER + ") and there is no apt-get to install it";
        }
        try {
            Path log = Files.createTempFile("apt-mosquitto", ".log");
            if (run(log, "apt-get", "install", "-y", "-q", "mosquitto") != 0) {
                run(log, "apt-get", "update", "-q");
                run(log, "apt-get", "install", "-y", "-q", "mosquitto");
            }
            return Files.isExecutable(BROKER) && Files.isExecutable(PASSWD) ? ""
                    : "Mosquitto could not be installed with apt-get (no network or no package?): see " + log;
        } catch (Exception e) {
            return "Mosquitto could not be installed: " + e;
        }
    }

    /**
     * Makes the certificates and password file in {@code dir}, starts the broker and connects the printer's side.
     * Call only when {@link #unavailable()} is empty.
     */
    public static BambuPeer start(Path dir, String serial, String accessCode) throws Exception {
        BambuPeer peer = new BambuPeer(dir, serial, accessCode);
        peer.certificates();
        peer.passwords();
        peer.startBroker();
        return peer;
    }

    // ---- what tests use

    /** The broker's TLS port: the printer's 8883. */
    public int port() {
        return tlsPort;
    }

    public String serial() {
        return serial;
    }

    /** The CA (PEM) that issued the broker's certificate: the driver's {@code caFile}. */
    public Path caFile() {
        return dir.resolve("ca.pem");
    }

    /** Another CA, which issued nothing the broker uses. */
    public Path otherCaFile() throws Exception {
        Path other = dir.resolve("other-ca.pem");
        if (!Files.exists(other)) {
            openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Some other CA",
                    "-addext", "basicConstraints=critical,CA:TRUE", "-keyout", dir.resolve("other-ca.key").toString(),
                    "-out", other.toString());
        }
        return other;
    }

    /** Publishes one report (any bytes, garbage included) to {@code device/<serial>/report}. */
    public void publish(byte[] payload) throws IOException {
        printer.publish("device/" + serial + "/report", payload);
    }

    public void publish(String json) throws IOException {
        publish(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A delta report: {@code {"print":{<fields>,"command":"push_status","msg":1,"sequence_id":"n"}}}. */
    public void delta(String fields) throws IOException {
        publish(delta(fields, sequence.incrementAndGet()));
    }

    public static String delta(String fields, long sequence) {
        return "{\"print\":{" + fields + (fields.isBlank() ? "" : ",") + "\"command\":\"push_status\",\"msg\":1,"
                + "\"sequence_id\":\"" + sequence + "\"}}";
    }

    /** From now on a pushall is answered with this full report. */
    public void fullState(String report) {
        fullState = report;
    }

    /** Whether a pushall is answered (a printer gone quiet does not). */
    public void answerPushall(boolean answer) {
        answerPushall = answer;
    }

    /** Every request the driver published to {@code device/<serial>/request}, in order. */
    public List<String> requests() {
        return requests;
    }

    public long pushalls() {
        return pushallNanos.size();
    }

    /** When each pushall arrived ({@link System#nanoTime()}). */
    public List<Long> pushallTimes() {
        return pushallNanos;
    }

    /**
     * A full report of an idle printer, in the shape of {@code mqtt.md}'s pushall answer (fields Carbine reads, and
     * some it does not yet).
     */
    public static String fullReport() {
        return "{\"print\":{\"ams\":{\"ams\":[],\"ams_exist_bits\":\"0\",\"tray_now\":\"255\"},"
                + "\"bed_target_temper\":0.0,\"bed_temper\":23.0,\"big_fan1_speed\":\"0\",\"big_fan2_speed\":\"0\","
                + "\"chamber_temper\":24.0,\"command\":\"push_status\",\"cooling_fan_speed\":\"0\","
                + "\"fail_reason\":\"0\",\"gcode_file\":\"\",\"gcode_state\":\"IDLE\",\"heatbreak_fan_speed\":\"0\","
                + "\"hms\":[],\"layer_num\":0,\"total_layer_num\":0,\"lights_report\":[{\"mode\":\"on\","
                + "\"node\":\"chamber_light\"}],\"mc_percent\":0,\"mc_print_stage\":\"1\",\"mc_remaining_time\":0,"
                + "\"msg\":0,\"nozzle_target_temper\":0.0,\"nozzle_temper\":24.5,\"print_error\":0,"
                + "\"sequence_id\":\"0\",\"spd_lvl\":2,\"subtask_name\":\"\",\"upgrade_state\":{\"status\":\"IDLE\"},"
                + "\"wifi_signal\":\"-45dBm\"}}";
    }

    /** Stops the broker and returns when its ports are closed. */
    public void stopBroker() throws Exception {
        if (printer != null) {
            printer.close();
            printer = null;
        }
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
        await(() -> !accepts(tlsPort) && !accepts(plainPort), "ports " + tlsPort + ", " + plainPort + " closed");
    }

    /** Starts the broker again on the same ports, with the same certificate and logins. */
    public void restartBroker() throws Exception {
        startBroker();
    }

    public String brokerLog() throws IOException {
        Path log = dir.resolve("mosquitto.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws Exception {
        stopBroker();
    }

    // ---- set-up

    private void certificates() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Carbine test printer CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-keyout", dir.resolve("ca.key").toString(), "-out", caFile().toString());
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + serial, "-keyout",
                dir.resolve("server.key").toString(), "-out", dir.resolve("server.csr").toString());
        Path extensions = dir.resolve("server.ext");
        Files.writeString(extensions, "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                + "extendedKeyUsage=serverAuth\n");
        openssl("x509", "-req", "-in", dir.resolve("server.csr").toString(), "-CA", caFile().toString(), "-CAkey",
                dir.resolve("ca.key").toString(), "-CAcreateserial", "-days", "2", "-extfile", extensions.toString(),
                "-out", dir.resolve("server.pem").toString());
    }

    private void passwords() throws Exception {
        Path file = dir.resolve("passwd");
        exec(PASSWD.toString(), "-c", "-b", file.toString(), "bblp", accessCode);
        exec(PASSWD.toString(), "-b", file.toString(), PEER_USER, peerPassword);
    }

    private void startBroker() throws Exception {
        Path conf = dir.resolve("mosquitto.conf");
        String c = "per_listener_settings false\n"
                + "listener " + tlsPort + " 127.0.0.1\n"
                + "certfile " + dir.resolve("server.pem") + "\n"
                + "keyfile " + dir.resolve("server.key") + "\n"
                + "listener " + plainPort + " 127.0.0.1\n"
                + "allow_anonymous false\n"
                + "password_file " + dir.resolve("passwd") + "\n"
                + "persistence false\n"
                + "log_dest file " + dir.resolve("mosquitto.log") + "\n"
                + "log_type error\nlog_type warning\nlog_type notice\nlog_type information\n"
                // as root, Mosquitto would switch to the user mosquitto, who cannot read the test's files
                + "user " + System.getProperty("user.name") + "\n";
        Files.writeString(conf, c);
        process = new ProcessBuilder(BROKER.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.out").toFile())).start();
        await(() -> accepts(tlsPort) && accepts(plainPort), "Mosquitto listening on " + tlsPort + " and "
                + plainPort + " (see " + dir + ")");
        printer = MiniMqtt.connect(plainPort, "printer-" + serial.toLowerCase(Locale.ROOT), PEER_USER, peerPassword);
        printer.onMessage(this::request);
        printer.subscribe("device/" + serial + "/request");
    }

    /** The printer's side of a request: a pushall is answered with the full state. */
    private void request(MiniMqtt.Received message) {
        requests.add(message.payload());
        boolean pushall = message.payload().contains("\"pushall\"");
        if (pushall) {
            pushallNanos.add(System.nanoTime());
        }
        if (answerPushall && pushall) {
            try {
                printer.publish("device/" + serial + "/report", fullState.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the broker is going away; the driver asks again on its next connection
            }
        }
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(OPENSSL.toString()));
        command.addAll(List.of(args));
        exec(command.toArray(String[]::new));
    }

    private static void exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command[0] + " failed: " + out);
        }
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

    /**
     * Distinct free ports: the sockets are held open together while choosing, because two single choices may give the
     * same port (the system hands a just-closed port out again; CI once started Mosquitto with both listeners on one).
     */
    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private interface Condition {
        boolean holds();
    }

    private static void await(Condition condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within 10 s: " + what);
            }
            Thread.sleep(20); // polling period, not synchronisation
        }
    }
}
