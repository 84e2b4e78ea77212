package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.alert.AlertService;
import carbine.api.notify.Notifier;

/**
 * Channels configured through Config Admin in a running Carbine: a simulated printer fails, and a message about its
 * CRITICAL alert arrives at a signed webhook's receiver, an SMTP server and an MQTT broker (Debian's Mosquitto) on
 * loopback. The e-mail and MQTT cases show that the libraries embedded in carbine.notify (Jakarta Mail with Angus,
 * Paho) find their providers inside Felix.
 */
class NotifyTest {
    static final String SECRET = "it-webhook-secret";

    @InjectBundleContext
    BundleContext context;
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    AlertService alerts;

    @BeforeEach
    void fastPolling() throws Exception {
        Carbines.pollEvery(cm, 200, "timeoutMillis", 500);
    }

    @Test
    void aFailingPrinterReachesASignedWebhook() throws Exception {
        String id = Carbines.printerId("notify");
        try (Receiver receiver = new Receiver()) {
            Configuration hook = cm.getFactoryConfiguration("carbine.notify.webhook", id, "?");
            hook.update(Carbines.props("url", receiver.url(), "secret", SECRET, "printers", id,
                    "groupWaitSeconds", 1L, "name", "it"));
            Configuration printer = null;
            try {
                ServiceReference<Notifier> channel = Await.value(() -> context
                        .getServiceReferences(Notifier.class, "(carbine.notifier.name=webhook 'it')").stream()
                        .findFirst().orElse(null));
                for (String key : channel.getPropertyKeys()) {
                    assertThat(String.valueOf(channel.getProperty(key))).as("service property %s", key)
                            .doesNotContain(SECRET);
                }
                assertThat(channel.getProperty(Notifier.PRINTERS)).isEqualTo(id);

                // phases of 2 s: IDLE, PRINTING, ANOMALY, then ERROR about 6 s after start
                printer = Carbines.simulator(cm, id, "phaseSeconds", 2.0, "scenario", "overheat", "seed", 7L);
                JsonObject message = Await.value(Duration.ofSeconds(60), () -> receiver.requests().stream()
                        .map(r -> JsonParser.parseString(r.body()).getAsJsonObject())
                        .filter(m -> m.get("change").getAsString().equals("RAISED")
                                && m.get("groupKey").getAsString().equals("rules/HARD_FAILURE"))
                        .findFirst().orElse(null));
                assertThat(message.get("severity").getAsString()).isEqualTo("CRITICAL");
                JsonObject alert = message.getAsJsonArray("alerts").get(0).getAsJsonObject();
                assertThat(alert.get("printer").getAsString()).isEqualTo(id);
                assertThat(alert.get("kind").getAsString()).isEqualTo("HARD_FAILURE");
                assertThat(alerts.open()).anySatisfy(a -> assertThat(a.id()).isEqualTo(alert.get("id").getAsString()));

                // every request is signed with the secret over its raw body, and names its message
                assertThat(receiver.requests()).isNotEmpty().allSatisfy(r -> {
                    assertThat(r.method()).isEqualTo("POST");
                    assertThat(r.header("x-carbine-signature")).isEqualTo(sign(r.rawBody()));
                    assertThat(r.header("x-carbine-notification-id"))
                            .isEqualTo(JsonParser.parseString(r.body()).getAsJsonObject().get("id").getAsString());
                });
                assertThat(receiver.requests()).as("only this printer's alerts (printers filter)")
                        .allSatisfy(r -> assertThat(printers(r.body())).containsOnly(id));
            } finally {
                if (printer != null) {
                    printer.delete();
                }
                hook.delete();
            }
        }
    }

    @Test
    void aFailingPrinterReachesAnEmailChannel() throws Exception {
        String id = Carbines.printerId("mail");
        try (SmtpPeer smtp = new SmtpPeer()) {
            Configuration mail = cm.getFactoryConfiguration("carbine.notify.email", id, "?");
            mail.update(Carbines.props("host", "127.0.0.1", "port", smtp.port(), "security", "none", "username",
                    "carbine", "password", SECRET, "from", "Carbine <carbine@example.org>", "to",
                    "ops@example.org, night@example.org", "printers", id, "groupWaitSeconds", 1L, "name", "it-mail"));
            Configuration printer = null;
            try {
                ServiceReference<Notifier> channel = Await.value(() -> context
                        .getServiceReferences(Notifier.class, "(carbine.notifier.name=email 'it-mail')").stream()
                        .findFirst().orElse(null));
                for (String key : channel.getPropertyKeys()) {
                    assertThat(String.valueOf(channel.getProperty(key))).as("service property %s", key)
                            .doesNotContain(SECRET);
                }
                printer = Carbines.simulator(cm, id, "phaseSeconds", 2.0, "scenario", "overheat", "seed", 7L);
                SmtpPeer.Mail m = Await.value(Duration.ofSeconds(60), () -> smtp.mails().stream()
                        .filter(x -> x.data().contains("Subject: CRITICAL: HARD_FAILURE on " + id)).findFirst()
                        .orElse(null));
                assertThat(m.login()).as("AUTH PLAIN: [authzid] NUL authcid NUL password").endsWith("\0carbine\0" + SECRET);
                assertThat(m.from()).isEqualTo("<carbine@example.org>");
                assertThat(m.to()).containsExactly("<ops@example.org>", "<night@example.org>");
                assertThat(m.data()).containsIgnoringCase("Content-Type: text/plain; charset=UTF-8")
                        .contains("\r\n\r\nCRITICAL: HARD_FAILURE on " + id + "\r\n\r\n" + id + ": ");
            } finally {
                if (printer != null) {
                    printer.delete();
                }
                mail.delete();
            }
        }
    }

    @Test
    void aFailingPrinterReachesAnMqttTopic() throws Exception {
        Path broker = Path.of("/usr/sbin/mosquitto");
        Assumptions.assumeTrue(Files.isExecutable(broker),
                "Debian's mosquitto is not installed (.ci/run installs it as root: apt-get install -y mosquitto)");
        String id = Carbines.printerId("mqtt");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path dir = Files.createTempDirectory("carbine-it-mosquitto");
        Path conf = Files.writeString(dir.resolve("mosquitto.conf"), "listener " + port + " 127.0.0.1\n"
                + "allow_anonymous true\npersistence false\nuser " + System.getProperty("user.name") + "\n");
        Process mosquitto = new ProcessBuilder(broker.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        MqttSubscriber subscriber = null;
        Configuration mqtt = null;
        Configuration printer = null;
        try {
            subscriber = Await.value(() -> new MqttSubscriber(port, "carbine/it"));
            List<String> lines = subscriber.payloads;
            mqtt = cm.getFactoryConfiguration("carbine.notify.mqtt", id, "?");
            mqtt.update(Carbines.props("url", "tcp://127.0.0.1:" + port, "topic", "carbine/it", "printers", id,
                    "groupWaitSeconds", 1L, "name", "it-mqtt"));
            printer = Carbines.simulator(cm, id, "phaseSeconds", 2.0, "scenario", "overheat", "seed", 7L);
            JsonObject message = Await.value(Duration.ofSeconds(60), () -> lines.stream()
                    .filter(l -> l.startsWith("{")).map(l -> JsonParser.parseString(l).getAsJsonObject())
                    .filter(m -> m.get("change").getAsString().equals("RAISED")
                            && m.get("groupKey").getAsString().equals("rules/HARD_FAILURE"))
                    .findFirst().orElse(null));
            assertThat(message.get("version").getAsInt()).isEqualTo(1);
            assertThat(message.get("severity").getAsString()).isEqualTo("CRITICAL");
            assertThat(printers(message.toString())).containsOnly(id);
        } finally {
            if (printer != null) {
                printer.delete();
            }
            if (mqtt != null) {
                mqtt.delete();
            }
            if (subscriber != null) {
                subscriber.close();
            }
            mosquitto.destroy();
            mosquitto.waitFor();
        }
    }

    static String sign(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    static List<String> printers(String body) {
        return JsonParser.parseString(body).getAsJsonObject().getAsJsonArray("alerts").asList().stream()
                .map(JsonElement::getAsJsonObject).map(a -> a.get("printer").getAsString()).toList();
    }

    /**
     * A minimal HTTP/1.1 receiver on loopback over a plain server socket (inside Felix the test bundle cannot import
     * com.sun.net.httpserver): one request per connection, answered 200 and closed. It checks the signature in
     * constant time like a real receiver would, and records what it got.
     */
    static final class Receiver implements AutoCloseable {
        /** @param nanos {@link System#nanoTime()} when the body had been read (NotifyBench's latencies) */
        record Request(String method, Map<String, String> headers, byte[] rawBody, long nanos) {
            String header(String name) {
                return headers.get(name.toLowerCase(Locale.ROOT));
            }

            String body() {
                return new String(rawBody, StandardCharsets.UTF_8);
            }
        }

        private final ServerSocket server;
        private final List<Request> requests = new CopyOnWriteArrayList<>();
        private final Thread thread;

        Receiver() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = Thread.ofVirtual().start(this::serve);
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/carbine-hook";
        }

        List<Request> requests() {
            return List.copyOf(requests);
        }

        private void serve() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> handle(s));
                } catch (SocketException closed) {
                    return;
                } catch (IOException e) {
                    // next connection
                }
            }
        }

        private void handle(Socket socket) {
            try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
                    OutputStream out = socket.getOutputStream()) {
                String requestLine = line(in);
                Map<String, String> headers = new TreeMap<>();
                for (String h = line(in); !h.isEmpty(); h = line(in)) {
                    int colon = h.indexOf(':');
                    headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
                }
                byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
                boolean valid = MessageDigest.isEqual(sign(body).getBytes(StandardCharsets.US_ASCII),
                        String.valueOf(headers.get("x-carbine-signature")).getBytes(StandardCharsets.US_ASCII));
                requests.add(new Request(requestLine.split(" ")[0], headers, body, System.nanoTime()));
                String status = valid ? "200 OK" : "401 Unauthorized";
                out.write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (Exception e) {
                // a broken request: the sender retries
            }
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            server.close();
            thread.interrupt();
        }
    }

    /**
     * A minimal SMTP server on loopback over a plain server socket, enough for one client at a time: EHLO (offering
     * AUTH PLAIN), AUTH PLAIN, MAIL, RCPT, DATA, QUIT; it records each message with the login it came with.
     */
    static final class SmtpPeer implements AutoCloseable {
        record Mail(String login, String from, List<String> to, String data) {}

        private final ServerSocket server;
        private final List<Mail> mails = new CopyOnWriteArrayList<>();

        SmtpPeer() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::serve);
        }

        int port() {
            return server.getLocalPort();
        }

        List<Mail> mails() {
            return List.copyOf(mails);
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept(); InputStream in = new BufferedInputStream(s.getInputStream());
                        OutputStream out = s.getOutputStream()) {
                    session(in, out);
                } catch (IOException e) {
                    // closed, or the client went away: next connection
                }
            }
        }

        private void session(InputStream in, OutputStream out) throws IOException {
            reply(out, "220 localhost ESMTP test peer");
            String login = null;
            String from = null;
            List<String> to = new java.util.ArrayList<>();
            for (String line = readLine(in); line != null; line = readLine(in)) {
                String upper = line.toUpperCase(Locale.ROOT);
                if (upper.startsWith("EHLO")) {
                    reply(out, "250-localhost\r\n250-AUTH PLAIN\r\n250 8BITMIME");
                } else if (upper.startsWith("AUTH PLAIN")) {
                    String response = line.substring(10).trim();
                    if (response.isEmpty()) { // no initial response: ask for it
                        reply(out, "334 ");
                        response = String.valueOf(readLine(in)).trim();
                    }
                    login = new String(Base64.getDecoder().decode(response), StandardCharsets.UTF_8);
                    reply(out, "235 2.7.0 Authentication successful");
                } else if (upper.startsWith("MAIL FROM:")) {
                    from = line.substring(10).trim().split(" ")[0];
                    reply(out, "250 OK");
                } else if (upper.startsWith("RCPT TO:")) {
                    to.add(line.substring(8).trim());
                    reply(out, "250 OK");
                } else if (upper.startsWith("DATA")) {
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    StringBuilder data = new StringBuilder();
                    for (String d = readLine(in); d != null && !d.equals("."); d = readLine(in)) {
                        data.append(d.startsWith("..") ? d.substring(1) : d).append("\r\n");
                    }
                    mails.add(new Mail(login, from, List.copyOf(to), data.toString()));
                    to.clear();
                    reply(out, "250 OK queued");
                } else if (upper.startsWith("QUIT")) {
                    reply(out, "221 Bye");
                    return;
                } else {
                    reply(out, "250 OK");
                }
            }
        }

        /** A line without its CR LF, or null at the end of the stream. */
        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c = in.read();
            if (c == -1) {
                return null;
            }
            for (; c != -1 && c != '\n'; c = in.read()) {
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.UTF_8);
        }

        private static void reply(OutputStream out, String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /**
     * A minimal MQTT 3.1.1 subscriber over a plain socket (the test bundle has no MQTT client; the broker package
     * has no command-line client): CONNECT, SUBSCRIBE at QoS 0 (so no acknowledgements to send), then the payloads
     * of the PUBLISH packets it receives.
     */
    static final class MqttSubscriber implements AutoCloseable {
        final List<String> payloads = new CopyOnWriteArrayList<>();
        private final Socket socket;

        MqttSubscriber(int port, String topic) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(5000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream connect = new ByteArrayOutputStream();
            connect.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60});
            connect.writeBytes(string("carbine-it-" + System.nanoTime()));
            packet(out, 0x10, connect.toByteArray());
            if (in.read() != 0x20 || in.read() != 2 || in.read() != 0 || in.read() != 0) {
                throw new IOException("no CONNACK accepting the connection");
            }
            ByteArrayOutputStream subscribe = new ByteArrayOutputStream();
            subscribe.writeBytes(new byte[] {0, 1});
            subscribe.writeBytes(string(topic));
            subscribe.write(0); // QoS 0
            packet(out, 0x82, subscribe.toByteArray());
            if (in.read() != 0x90 || in.read() != 3 || in.read() != 0 || in.read() != 1 || in.read() != 0) {
                throw new IOException("no SUBACK granting QoS 0");
            }
            socket.setSoTimeout(0);
            Thread.ofVirtual().start(() -> {
                try {
                    for (int type = in.read(); type != -1; type = in.read()) {
                        int length = 0;
                        for (int shift = 0, b = 0x80; (b & 0x80) != 0; shift += 7) {
                            b = in.read();
                            if (b == -1) {
                                return;
                            }
                            length |= (b & 0x7f) << shift;
                        }
                        byte[] body = in.readNBytes(length);
                        if ((type & 0xf0) == 0x30) { // PUBLISH at QoS 0: topic, then the payload
                            int topicLength = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
                            payloads.add(new String(body, 2 + topicLength, body.length - 2 - topicLength,
                                    StandardCharsets.UTF_8));
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
            });
        }

        private static byte[] string(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(bytes.length >> 8);
            b.write(bytes.length & 0xff);
            b.writeBytes(bytes);
            return b.toByteArray();
        }

        private static void packet(OutputStream out, int type, byte[] body) throws IOException {
            out.write(type);
            out.write(body.length); // short packets only (< 128 bytes)
            out.write(body);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
