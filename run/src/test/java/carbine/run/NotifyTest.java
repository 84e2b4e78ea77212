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
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
 * A webhook channel configured through Config Admin in a running Carbine: a simulated printer fails, and a signed
 * message about its CRITICAL alert arrives at a real HTTP receiver on loopback.
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
        record Request(String method, Map<String, String> headers, byte[] rawBody) {
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
                requests.add(new Request(requestLine.split(" ")[0], headers, body));
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
}
