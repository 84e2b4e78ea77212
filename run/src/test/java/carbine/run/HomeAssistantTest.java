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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Home Assistant's view of a running Carbine (bundle carbine.mqtt): with the configuration {@code carbine.mqtt}
 * pointing at Debian's Mosquitto (with a login), a simulated printer appears as a device through MQTT discovery
 * (home-assistant.io {@code source/_integrations/mqtt.markdown}: retained configs on
 * {@code homeassistant/<component>/<node_id>/<object_id>/config}), its failure turns the problem binary sensor ON,
 * and when its configuration is deleted its entities are removed with empty retained configs. Skipped, saying why,
 * without Mosquitto.
 */
class HomeAssistantTest {
    static final String USER = "carbine";
    static final String PASSWORD = "it-mqtt-pw-41c2";

    @InjectService
    ConfigurationAdmin cm;
    @InjectBundleContext
    BundleContext context;

    @Test
    void aSimulatedPrinterAppearsInHomeAssistantAndItsFailureIsAProblem() throws Exception {
        Path broker = Path.of("/usr/sbin/mosquitto");
        Path passwd = Path.of("/usr/bin/mosquitto_passwd");
        Assumptions.assumeTrue(Files.isExecutable(broker) && Files.isExecutable(passwd),
                "Debian's mosquitto is not installed (.ci/run installs it as root: apt-get install -y mosquitto)");
        Carbines.pollEvery(cm, 200, "timeoutMillis", 500);
        String id = Carbines.printerId("ha");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path dir = Files.createTempDirectory("carbine-it-ha");
        Path logins = dir.resolve("passwd");
        for (String[] login : new String[][] {{USER, PASSWORD}, {"ha", "ha-pw"}}) {
            List<String> command = new java.util.ArrayList<>(List.of(passwd.toString()));
            if (!Files.exists(logins)) {
                command.add("-c");
            }
            command.addAll(List.of("-b", logins.toString(), login[0], login[1]));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertThat(p.waitFor()).as("mosquitto_passwd").isZero();
        }
        Path conf = Files.writeString(dir.resolve("mosquitto.conf"), "listener " + port + " 127.0.0.1\n"
                + "allow_anonymous false\npassword_file " + logins + "\npersistence false\nuser "
                + System.getProperty("user.name") + "\n");
        Process mosquitto = new ProcessBuilder(broker.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        Subscriber ha = null;
        Configuration mqtt = null;
        Configuration printer = null;
        try {
            ha = Await.value(() -> new Subscriber(port, "ha", "ha-pw"));
            Subscriber seen = ha;
            mqtt = cm.getConfiguration("carbine.mqtt", "?");
            mqtt.update(Carbines.props("url", "tcp://127.0.0.1:" + port, "username", USER, "password", PASSWORD,
                    "intervalMillis", 200L, "removeAfterSeconds", 0L));
            // phases of 2 s: IDLE, PRINTING, ANOMALY, then ERROR about 6 s after start
            printer = Carbines.simulator(cm, id, "phaseSeconds", 2.0, "scenario", "overheat", "seed", 7L);

            String problemConfig = "homeassistant/binary_sensor/carbine_" + id + "/problem/config";
            String stateTopic = "carbine/" + id + "/state";
            JsonObject config = Await.value(Duration.ofSeconds(30), () -> seen.json(problemConfig));
            assertThat(config.get("device_class").getAsString()).isEqualTo("problem");
            assertThat(config.get("state_topic").getAsString()).isEqualTo(stateTopic);
            assertThat(config.get("unique_id").getAsString()).isEqualTo("carbine_" + id + "_problem");
            assertThat(config.getAsJsonObject("device").getAsJsonArray("identifiers").get(0).getAsString())
                    .isEqualTo("carbine_" + id);
            assertThat(config.getAsJsonObject("device").get("name").getAsString()).isEqualTo(id);
            assertThat(config.getAsJsonArray("availability").get(0).getAsJsonObject().get("topic").getAsString())
                    .isEqualTo("carbine/status");
            for (String sensor : List.of("state", "nozzle_temperature", "bed_temperature", "progress", "alerts")) {
                JsonObject c = Await.value(() -> seen.json("homeassistant/sensor/carbine_" + id + "/" + sensor
                        + "/config"));
                assertThat(c.get("state_topic").getAsString()).isEqualTo(stateTopic);
            }
            assertThat(ha.last("carbine/status")).isEqualTo("online");
            // the password is in no service property (a DS service would carry the configuration's properties)
            ServiceReference<?>[] services = context.getAllServiceReferences(null, null);
            assertThat(services).anySatisfy(r -> assertThat(r.getBundle().getSymbolicName()).isEqualTo("carbine.mqtt"));
            for (ServiceReference<?> r : services) {
                for (String key : r.getPropertyKeys()) {
                    assertThat(java.util.Arrays.deepToString(new Object[] {r.getProperty(key)}))
                            .as("property %s of service %s", key, r).doesNotContain(PASSWORD);
                }
            }

            // published as soon as configured, while the printer is still well (problem OFF)
            String first = Await.value(() -> seen.messages.stream().filter(m -> m.topic().equals(stateTopic))
                    .map(Subscriber.Message::payload).findFirst().orElse(null));
            assertThat(JsonParser.parseString(first).getAsJsonObject().get("problem").getAsString()).isEqualTo("OFF");

            // the failure: the printer's state ERROR and a CRITICAL alert turn the problem sensor ON
            Await.until(Duration.ofSeconds(60), () -> {
                JsonObject state = seen.json(stateTopic);
                assertThat(state).isNotNull();
                assertThat(state.get("problem").getAsString()).isEqualTo("ON");
                assertThat(state.get("alerts").getAsInt()).isPositive();
            });
            JsonObject alerts = Await.value(() -> {
                JsonObject a = seen.json("carbine/" + id + "/alerts");
                return a != null && a.get("count").getAsInt() > 0 ? a : null;
            });
            assertThat(alerts.getAsJsonArray("alerts").asList()).anySatisfy(a -> assertThat(
                    a.getAsJsonObject().get("kind").getAsString()).isIn("HARD_FAILURE", "OVERHEAT"));

            // the printer leaves: its entities are deleted with empty (retained) configs
            printer.delete();
            printer = null;
            Await.until(Duration.ofSeconds(30), () -> assertThat(seen.last(problemConfig)).isEmpty());

            // Carbine's bridge stops cleanly: offline
            mqtt.delete();
            mqtt = null;
            Await.until(() -> assertThat(seen.last("carbine/status")).isEqualTo("offline"));
            assertThat(seen.payloads()).noneMatch(p -> p.contains(PASSWORD));
        } finally {
            if (printer != null) {
                printer.delete();
            }
            if (mqtt != null) {
                mqtt.delete();
            }
            if (ha != null) {
                ha.close();
            }
            mosquitto.destroy();
            mosquitto.waitFor();
        }
    }

    /**
     * A minimal MQTT 3.1.1 subscriber over a plain socket (the test bundle has no MQTT client; Debian's mosquitto
     * package has no command-line client), written from the MQTT 3.1.1 specification: CONNECT with a login, SUBSCRIBE
     * to {@code #} at QoS 0 (so there are no acknowledgements to send), then the topic and payload of each PUBLISH.
     */
    static final class Subscriber implements AutoCloseable {
        record Message(String topic, String payload) {}

        final List<Message> messages = new CopyOnWriteArrayList<>();
        private final Socket socket;

        Subscriber(int port, String user, String password) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(5000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream connect = new ByteArrayOutputStream();
            // protocol name, level 4, flags: user name, password, clean session; keep alive 60 s
            connect.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, (byte) 0xC2, 0, 60});
            connect.writeBytes(string("carbine-it-ha-" + System.nanoTime()));
            connect.writeBytes(string(user));
            connect.writeBytes(string(password));
            packet(out, 0x10, connect.toByteArray());
            if (in.read() != 0x20 || in.read() != 2 || in.read() != 0 || in.read() != 0) {
                throw new IOException("no CONNACK accepting the connection");
            }
            ByteArrayOutputStream subscribe = new ByteArrayOutputStream();
            subscribe.writeBytes(new byte[] {0, 1});
            subscribe.writeBytes(string("#"));
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
                            messages.add(new Message(new String(body, 2, topicLength, StandardCharsets.UTF_8),
                                    new String(body, 2 + topicLength, body.length - 2 - topicLength,
                                            StandardCharsets.UTF_8)));
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
            });
        }

        /** The latest payload on the topic, or null. */
        String last(String topic) {
            String last = null;
            for (Message m : messages) {
                if (m.topic().equals(topic)) {
                    last = m.payload();
                }
            }
            return last;
        }

        /** The latest payload on the topic as JSON, or null when none or empty. */
        JsonObject json(String topic) {
            String last = last(topic);
            return last == null || last.isEmpty() ? null : JsonParser.parseString(last).getAsJsonObject();
        }

        List<String> payloads() {
            return messages.stream().map(Message::payload).toList();
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
