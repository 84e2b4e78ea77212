package carbine.mqtt.internal;

import static carbine.mqtt.internal.Mosquitto.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.event.CarbineTopics;
import carbine.api.fleet.PrinterStatus;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;
import carbine.mqtt.internal.Discovery.Entity;

/**
 * The bridge against Debian's Mosquitto with a login, watched by a real MQTT subscriber (Paho): what Home Assistant's
 * MQTT discovery documentation asks for (home-assistant/home-assistant.io {@code source/_integrations/mqtt.markdown}:
 * retained config messages on {@code <discovery_prefix>/<component>/<node_id>/<object_id>/config}, the availability
 * topic with a last will, discovery again on the birth message {@code online} on {@code homeassistant/status}, an
 * empty retained config deleting an entity), state messages on change, and surviving a cut connection and a broker
 * restart. Skipped, saying why, when Mosquitto is not installed and cannot be.
 */
class BridgeTest {
    static final String USER = "carbine";
    static final String PASSWORD = "mqtt-pw-7f3a9c";

    @TempDir
    Path dir;
    Mosquitto broker;
    final Map<String, PrinterStatus> fleet = new ConcurrentHashMap<>();
    final OpenAlerts alerts = new OpenAlerts();
    final List<String> lines = new CopyOnWriteArrayList<>();
    final List<AutoCloseable> closing = new ArrayList<>();

    record Message(String topic, String payload, boolean retained) {}

    @BeforeEach
    void broker() throws Exception {
        Mosquitto.assumeInstalled();
        broker = new Mosquitto(dir).login(USER, PASSWORD).login("ha", "ha-pw").start();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        if (broker != null) {
            broker.close();
        }
        assertThat(lines).as("no log line names the password").noneMatch(l -> l.contains(PASSWORD));
    }

    Bridge bridge(String url, Map<String, Object> more) {
        return bridge(url, more, null);
    }

    Bridge bridge(String url, Map<String, Object> more, SSLSocketFactory socketFactory) {
        Map<String, Object> p = new HashMap<>(Map.of("url", url, "username", USER, "password", PASSWORD,
                "intervalMillis", 50, "reconnectMaxSeconds", 1, "removeAfterSeconds", 0));
        p.putAll(more);
        List<String> errors = new ArrayList<>();
        Settings s = Settings.read(p, errors, lines::add);
        assertThat(errors).isEmpty();
        Bridge b = new Bridge(s, new Discovery(s.topicPrefix(), s.discoveryPrefix(), "0.1.0"),
                () -> List.copyOf(new java.util.TreeMap<>(fleet).values()), alerts, new Bridge.Log() {
                    @Override
                    public void info(String line) {
                        lines.add("INFO " + line);
                    }

                    @Override
                    public void warn(String line) {
                        lines.add("WARN " + line);
                    }

                    @Override
                    public void error(String line) {
                        lines.add("ERROR " + line);
                    }
                }, socketFactory);
        closing.add(b);
        b.start();
        return b;
    }

    static PrinterStatus printer(String id, PrinterState state, double nozzle) {
        Instant now = Instant.now();
        return new PrinterStatus(id, "simulator", "carbine.simulator 0.1.0", true,
                TelemetrySample.builder(id, now, state).nozzle(nozzle, 210.0).bed(60.0, 60.0).progress(10.0)
                        .error(state == PrinterState.ERROR ? "heater fault" : null).build(),
                0, null, now);
    }

    /** A subscriber to everything (Home Assistant's place), recording topic, payload and the retained flag. */
    final class Subscriber implements AutoCloseable {
        final List<Message> messages = new CopyOnWriteArrayList<>();
        final MqttClient client;

        Subscriber() throws MqttException {
            client = new MqttClient(broker.url(), "ha-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setUserName("ha");
            o.setPassword("ha-pw".toCharArray());
            o.setCleanSession(true);
            client.connect(o);
            client.subscribe("#", 1, (topic, m) -> messages.add(new Message(topic,
                    new String(m.getPayload(), StandardCharsets.UTF_8), m.isRetained())));
            closing.add(this);
        }

        List<Message> on(String topic) {
            return messages.stream().filter(m -> m.topic().equals(topic)).toList();
        }

        Message last(String topic) {
            List<Message> on = on(topic);
            return on.isEmpty() ? null : on.get(on.size() - 1);
        }

        void publish(String topic, String payload, boolean retained) throws MqttException {
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, retained);
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }

    final Discovery topics = new Discovery("carbine", "homeassistant", "0.1.0");

    @Test
    void printersAppearAsDevicesWithRetainedConfigsAndState() throws Exception {
        fleet.put("printer-1", printer("printer-1", PrinterState.PRINTING, 209.9));
        fleet.put("lab.2", printer("lab.2", PrinterState.IDLE, 25.0));
        Bridge b = bridge(broker.url(), Map.of());
        await(Duration.ofSeconds(10), () -> b.discoveries() == 2, "two printers discovered");
        // a subscriber that comes later (Home Assistant starting) gets everything retained
        Subscriber ha = new Subscriber();
        await(Duration.ofSeconds(10), () -> ha.last(topics.stateTopic("lab.2")) != null
                && ha.last(topics.stateTopic("printer-1")) != null
                && ha.last(topics.availabilityTopic()) != null, "retained state and availability");
        assertThat(ha.last(topics.availabilityTopic())).isEqualTo(new Message("carbine/status", "online", true));
        for (String id : List.of("printer-1", "lab.2")) {
            for (Entity e : Entity.values()) {
                Message m = ha.last(topics.configTopic(e, id));
                assertThat(m).as("%s %s", id, e).isNotNull();
                assertThat(m.retained()).isTrue();
                JsonObject c = JsonParser.parseString(m.payload()).getAsJsonObject();
                assertThat(c.get("unique_id").getAsString()).isEqualTo(topics.deviceId(id) + "_" + e.objectId);
                assertThat(c.get("state_topic").getAsString()).isEqualTo(topics.stateTopic(id));
                assertThat(c.getAsJsonObject("device").getAsJsonArray("identifiers").get(0).getAsString())
                        .isEqualTo(topics.deviceId(id));
                assertThat(c.getAsJsonArray("availability").get(0).getAsJsonObject().get("topic").getAsString())
                        .isEqualTo("carbine/status");
            }
        }
        JsonObject state = json(ha.last(topics.stateTopic("printer-1")));
        assertThat(state.get("state").getAsString()).isEqualTo("PRINTING");
        assertThat(state.get("nozzle").getAsDouble()).isEqualTo(209.9);
        assertThat(state.get("problem").getAsString()).isEqualTo("OFF");
        assertThat(json(ha.last(topics.alertsTopic("printer-1"))).get("count").getAsInt()).isZero();
        assertThat(lines).anyMatch(l -> l.startsWith("INFO MQTT tcp://127.0.0.1:" + broker.port() + " as 'carbine': "
                + "connected"));
    }

    @Test
    void statesArePublishedOnChangeAndAnAlertFlipsTheProblemSensor() throws Exception {
        fleet.put("p1", printer("p1", PrinterState.PRINTING, 210.0));
        Subscriber ha = new Subscriber();
        Bridge b = bridge(broker.url(), Map.of());
        String stateTopic = topics.stateTopic("p1");
        await(Duration.ofSeconds(10), () -> ha.last(stateTopic) != null, "first state");
        // nothing changed: nothing more is published, round after round
        long before = b.published();
        int states = ha.on(stateTopic).size();
        long rounds = b.rounds();
        await(Duration.ofSeconds(5), () -> b.rounds() >= rounds + 5, "five more rounds");
        assertThat(b.published()).isEqualTo(before);
        assertThat(ha.on(stateTopic)).hasSize(states);

        fleet.put("p1", printer("p1", PrinterState.PRINTING, 215.3));
        await(Duration.ofSeconds(5), () -> json(ha.last(stateTopic)).get("nozzle").getAsDouble() == 215.3, "new reading");

        alerts.apply(alertEvent(CarbineTopics.ALERT_RAISED, "a1", "p1", "CRITICAL", "ACTIVE"));
        await(Duration.ofSeconds(5), () -> "ON".equals(json(ha.last(stateTopic)).get("problem").getAsString()),
                "problem ON");
        JsonObject attributes = json(ha.last(topics.alertsTopic("p1")));
        assertThat(attributes.get("count").getAsInt()).isEqualTo(1);
        JsonObject a = attributes.getAsJsonArray("alerts").get(0).getAsJsonObject();
        assertThat(a.get("kind").getAsString()).isEqualTo("HARD_FAILURE");
        assertThat(a.get("severity").getAsString()).isEqualTo("CRITICAL");
        assertThat(json(ha.last(stateTopic)).get("alerts").getAsInt()).isEqualTo(1);

        alerts.apply(alertEvent(CarbineTopics.ALERT_RESOLVED, "a1", "p1", "CRITICAL", "RESOLVED"));
        await(Duration.ofSeconds(5), () -> "OFF".equals(json(ha.last(stateTopic)).get("problem").getAsString()),
                "problem OFF again");
        assertThat(json(ha.last(topics.alertsTopic("p1"))).get("count").getAsInt()).isZero();

        fleet.put("p1", printer("p1", PrinterState.ERROR, 180.0));
        await(Duration.ofSeconds(5), () -> "ERROR".equals(json(ha.last(stateTopic)).get("state").getAsString()),
                "state ERROR");
        assertThat(json(ha.last(stateTopic)).get("problem").getAsString()).isEqualTo("ON");
        // retained (a live subscriber gets the flag cleared, MQTT 3.1.1 section 3.3.1.3): a later one has it
        Subscriber later = new Subscriber();
        await(Duration.ofSeconds(5), () -> later.last(stateTopic) != null, "the retained state");
        assertThat(later.last(stateTopic).retained()).isTrue();
        assertThat(json(later.last(stateTopic)).get("state").getAsString()).isEqualTo("ERROR");
    }

    @Test
    void aCutConnectionSendsTheLastWillAndTheBridgeComesBack() throws Exception {
        fleet.put("p1", printer("p1", PrinterState.IDLE, 25.0));
        try (Cable cable = new Cable(broker.port())) {
            Subscriber ha = new Subscriber();
            Bridge b = bridge("tcp://127.0.0.1:" + cable.port(), Map.of());
            await(Duration.ofSeconds(10), () -> ha.last(topics.stateTopic("p1")) != null, "state through the cable");
            assertThat(ha.last("carbine/status").payload()).isEqualTo("online");
            int onlineBefore = (int) ha.on("carbine/status").stream().filter(m -> m.payload().equals("online")).count();

            cable.cut(); // the network goes: no DISCONNECT reaches the broker
            await(Duration.ofSeconds(10), () -> ha.on("carbine/status").stream().anyMatch(m -> m.payload().equals("offline")),
                    "the broker publishes the last will");
            await(Duration.ofSeconds(15), () -> b.connected() && ha.on("carbine/status").stream()
                    .filter(m -> m.payload().equals("online")).count() > onlineBefore, "online again");
            assertThat(ha.last("carbine/status").payload()).isEqualTo("online");
            assertThat(lines).anyMatch(l -> l.startsWith("WARN MQTT tcp://127.0.0.1:" + cable.port()
                    + ": connection lost"));
        }
    }

    @Test
    void homeAssistantComingOnlineGetsTheDiscoveryAgain() throws Exception {
        fleet.put("p1", printer("p1", PrinterState.IDLE, 25.0));
        Subscriber ha = new Subscriber();
        Bridge b = bridge(broker.url(), Map.of());
        String config = topics.configTopic(Entity.PROBLEM, "p1");
        await(Duration.ofSeconds(10), () -> ha.on(config).size() == 1 && ha.last(topics.stateTopic("p1")) != null,
                "first discovery");
        assertThat(b.discoveries()).isEqualTo(1);

        // a retained "online" is an old birth: no new discovery for it
        ha.publish("homeassistant/status", "online", true);
        ha.publish("homeassistant/status", "offline", false);
        // the birth message of a (re)started Home Assistant
        ha.publish("homeassistant/status", "online", false);
        await(Duration.ofSeconds(10), () -> ha.on(config).size() == 2
                && ha.on(topics.stateTopic("p1")).size() == 2, "discovery and state again");
        assertThat(b.discoveries()).isEqualTo(2);
        assertThat(ha.on(config).get(1).payload()).isEqualTo(ha.on(config).get(0).payload());
        assertThat(lines).anyMatch(l -> l.contains("Home Assistant announced itself online"));
    }

    @Test
    void aPrinterThatLeavesIsRemovedWithEmptyRetainedConfigs() throws Exception {
        fleet.put("p1", printer("p1", PrinterState.IDLE, 25.0));
        fleet.put("p2", printer("p2", PrinterState.IDLE, 25.0));
        Subscriber ha = new Subscriber();
        bridge(broker.url(), Map.of());
        await(Duration.ofSeconds(10), () -> ha.last(topics.stateTopic("p2")) != null, "p2 discovered");

        fleet.remove("p2");
        await(Duration.ofSeconds(10), () -> Entity.values().length == java.util.Arrays.stream(Entity.values())
                .filter(e -> "".equals(payload(ha.last(topics.configTopic(e, "p2"))))).count(),
                "every config of p2 emptied");
        await(Duration.ofSeconds(10), () -> "".equals(payload(ha.last(topics.stateTopic("p2")))), "state emptied");
        // a later subscriber (Home Assistant restarting) finds nothing of p2, and p1 as before
        Subscriber later = new Subscriber();
        await(Duration.ofSeconds(10), () -> later.last(topics.stateTopic("p1")) != null, "p1 retained");
        assertThat(later.messages).noneMatch(m -> m.topic().contains("p2"));
        assertThat(later.last(topics.configTopic(Entity.STATE, "p1"))).isNotNull();
        assertThat(lines).contains("INFO MQTT: printer 'p2' has left the fleet: removed from Home Assistant");
    }

    @Test
    void aBrokerRestartIsSurvived() throws Exception {
        fleet.put("p1", printer("p1", PrinterState.PRINTING, 210.0));
        Bridge b = bridge(broker.url(), Map.of());
        await(Duration.ofSeconds(10), () -> b.discoveries() == 1, "discovered");
        broker.stop(); // without persistence: every retained message is gone
        fleet.put("p1", printer("p1", PrinterState.ERROR, 150.0));
        broker.start();
        await(Duration.ofSeconds(20), () -> b.connected() && b.discoveries() == 2, "reconnected and discovered again");
        Subscriber ha = new Subscriber();
        await(Duration.ofSeconds(10), () -> ha.last(topics.stateTopic("p1")) != null, "state retained again");
        assertThat(ha.last("carbine/status").payload()).isEqualTo("online");
        assertThat(json(ha.last(topics.stateTopic("p1"))).get("state").getAsString()).isEqualTo("ERROR");
        for (Entity e : Entity.values()) {
            assertThat(ha.last(topics.configTopic(e, "p1"))).isNotNull();
        }
        assertThat(lines).anyMatch(l -> l.contains(": connected again after"));
    }

    @Test
    void sslChecksTheBrokersCertificateAndName() throws Exception {
        broker.close();
        broker = new Mosquitto(Files.createDirectories(dir.resolve("tls"))).login(USER, PASSWORD).login("ha", "ha-pw");
        Path certificate = broker.tls();
        broker.start();
        fleet.put("p1", printer("p1", PrinterState.IDLE, 25.0));
        Subscriber ha = new Subscriber(); // on the plain listener

        // the JDK's trust store does not know the broker's own certificate
        try (Bridge untrusted = bridge(broker.tlsUrl("localhost"), Map.of())) {
            await(Duration.ofSeconds(10), () -> warnings() == 1, "refused");
            assertThat(lines.get(lines.size() - 1)).contains("cannot connect").contains("PKIX");
        }
        // trusted, but reached by a name the certificate does not carry
        try (Bridge wrongName = bridge(broker.tlsUrl("127.0.0.1"), Map.of(), trusting(certificate))) {
            await(Duration.ofSeconds(10), () -> warnings() == 2, "refused");
            assertThat(wrongName.connected()).isFalse();
        }
        assertThat(ha.last(topics.stateTopic("p1"))).isNull();
        Bridge b = bridge(broker.tlsUrl("localhost"), Map.of(), trusting(certificate));
        await(Duration.ofSeconds(10), () -> ha.last(topics.stateTopic("p1")) != null, "state over TLS");
        assertThat(b.connected()).isTrue();
    }

    private long warnings() {
        return lines.stream().filter(l -> l.startsWith("WARN")).count();
    }

    static SSLSocketFactory trusting(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("broker", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls.getSocketFactory();
    }

    @Test
    void aWrongPasswordIsOneWarningAndNotLogged() throws Exception {
        Bridge b = bridge(broker.url(), Map.of("password", PASSWORD + "-wrong"));
        await(Duration.ofSeconds(10), () -> lines.stream().anyMatch(l -> l.startsWith("WARN")), "a warning");
        assertThat(b.connected()).isFalse();
        assertThat(lines).filteredOn(l -> l.startsWith("WARN")).singleElement().asString()
                .contains("cannot connect").containsIgnoringCase("not authorized").doesNotContain("-wrong");
    }

    @Test
    void aFarmIsPublishedWithinTheRate() throws Exception {
        int n = 500;
        for (int i = 0; i < n; i++) {
            String id = String.format("farm-%04d", i);
            fleet.put(id, printer(id, PrinterState.PRINTING, 200 + i % 10));
        }
        Subscriber ha = new Subscriber();
        long t0 = System.nanoTime();
        // 2,000 messages a second in rounds of 50 ms: at most 100 per round; discovery and state are 8 a printer
        Bridge b = bridge(broker.url(), Map.of("maxMessagesPerSecond", 2000));
        await(Duration.ofSeconds(30), () -> ha.messages.stream().filter(m -> m.topic().endsWith("/state")).count() >= n,
                "every printer's state");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        // a printer's six configs go together, so a round may end up to five over its budget of 100
        assertThat(b.mostInARound()).as("rate bound per round").isBetween(90L, 105L);
        System.out.printf("farm of %d printers: %d messages in %d ms%n", n, b.published(), millis);
        assertThat(lines).as("no reconnection, no error").noneMatch(l -> l.startsWith("WARN") || l.startsWith("ERROR"));
        assertThat(b.discoveries()).isEqualTo(n);
    }

    private static String payload(Message m) {
        return m == null ? null : m.payload();
    }

    private static JsonObject json(Message m) {
        return JsonParser.parseString(m.payload()).getAsJsonObject();
    }

    static Event alertEvent(String topic, String id, String printer, String severity, String state) {
        return new Event(topic, Map.of(CarbineTopics.ALERT_ID, id, CarbineTopics.PRINTER, printer,
                CarbineTopics.DETECTOR, "rules", CarbineTopics.KIND, "HARD_FAILURE", CarbineTopics.SEVERITY, severity,
                CarbineTopics.MESSAGE, "printer reports an error: heater fault", CarbineTopics.STATE, state,
                CarbineTopics.TIME, Instant.now().toString()));
    }

    /**
     * A TCP relay on loopback between the bridge and the broker whose {@link #cut()} closes every connection at once,
     * as a network failure would: the broker sees the socket go without a DISCONNECT packet (and so sends the last
     * will); new connections are relayed again.
     */
    static final class Cable implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        Cable(int brokerPort) throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket in = server.accept();
                        Socket out = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
                        sockets.add(in);
                        sockets.add(out);
                        Thread.ofVirtual().start(() -> pump(in, out));
                        Thread.ofVirtual().start(() -> pump(out, in));
                    } catch (IOException e) {
                        // closed, or the broker refused: the client retries
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        void cut() throws IOException {
            for (Socket s : sockets) {
                try {
                    s.setSoLinger(true, 0); // a reset, not an orderly close
                } catch (java.net.SocketException closedMeanwhile) {
                    // its other end went first: the pump closed it
                }
                s.close();
            }
            sockets.clear();
        }

        private static void pump(Socket from, Socket to) {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // cut
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            cut();
        }
    }
}
