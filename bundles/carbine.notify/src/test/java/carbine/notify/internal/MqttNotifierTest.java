package carbine.notify.internal;

import static carbine.notify.internal.Fixtures.alert;
import static carbine.notify.internal.Fixtures.event;
import static carbine.notify.internal.Fixtures.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.alert.Severity;
import carbine.api.notify.Notification;
import carbine.api.notify.Notification.Change;
import carbine.notify.internal.AlertEvents.Type;
import carbine.notify.internal.MqttNotifier.Settings;

/**
 * The MQTT channel against a real Mosquitto broker (Debian's, started by the test; see {@link Mosquitto}), received
 * by a real subscriber. Skipped, with the reason, when Mosquitto cannot be had.
 */
class MqttNotifierTest {
    static final String PASSWORD = "br0ker-pa55word";
    static final String WRONG = "wr0ng-pa55word";

    @TempDir
    Path dir;
    Mosquitto broker;
    final List<AutoCloseable> closing = new ArrayList<>();

    final Notification critical = notification(Change.RAISED,
            alert("a1", "printer-1", "HARD_FAILURE", Severity.CRITICAL),
            alert("a2", "printer-2", "HARD_FAILURE", Severity.CRITICAL));

    record Received(String topic, String payload, int qos, boolean retained) {
        JsonObject json() {
            return JsonParser.parseString(payload).getAsJsonObject();
        }
    }

    /** A subscriber with its own connection; what it receives is in {@link #received}. */
    final class Subscriber implements AutoCloseable {
        final List<Received> received = new CopyOnWriteArrayList<>();
        final MqttClient client;

        Subscriber(String topic, String user, String password) throws Exception {
            client = new MqttClient(broker.url(), "test-subscriber-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            if (user != null) {
                options.setUserName(user);
                options.setPassword(password.toCharArray());
            }
            client.connect(options);
            client.subscribe(topic, 1, (t, m) -> received.add(new Received(t,
                    new String(m.getPayload(), StandardCharsets.UTF_8), m.getQos(), m.isRetained())));
            closing.add(this);
        }

        List<Received> await(int count) throws InterruptedException {
            Mosquitto.await(Duration.ofSeconds(10), () -> received.size() >= count, count + " message(s) received");
            return List.copyOf(received);
        }

        @Override
        public void close() throws Exception {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000);
            }
            client.close(true);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    Mosquitto broker() throws Exception {
        Mosquitto.assumeInstalled();
        broker = new Mosquitto(dir);
        return broker;
    }

    MqttNotifier notifier(String user, String password, String topic, int qos, boolean retain) {
        MqttNotifier n = new MqttNotifier(new Settings(java.net.URI.create(broker.url()), user, password, topic, qos,
                retain));
        closing.add(n);
        return n;
    }

    @Test
    void publishesTheWebhooksJsonWithALogin() throws Exception {
        broker().login("carbine", PASSWORD).login("reader", "reader-pass").start();
        Subscriber subscriber = new Subscriber("carbine/#", "reader", "reader-pass");
        MqttNotifier mqtt = notifier("carbine", PASSWORD, MqttNotifier.DEFAULT_TOPIC, 1, false);

        mqtt.send(critical);

        Received r = subscriber.await(1).get(0);
        assertThat(r.topic()).isEqualTo("carbine/alerts");
        assertThat(r.qos()).isEqualTo(1);
        assertThat(r.retained()).isFalse();
        assertThat(r.payload()).isEqualTo(NotificationJson.write(critical));
        JsonObject json = r.json();
        assertThat(json.get("version").getAsInt()).isEqualTo(1);
        assertThat(json.get("title").getAsString()).isEqualTo("CRITICAL: HARD_FAILURE on 2 printers");
        assertThat(json.getAsJsonArray("alerts")).hasSize(2);
        assertThat(mqtt.toString()).contains("****").doesNotContain(PASSWORD);

        mqtt.send(notification(Change.RESOLVED, alert("a1", "printer-1", "HARD_FAILURE", Severity.CRITICAL)));
        assertThat(subscriber.await(2).get(1).json().get("change").getAsString())
                .as("the connection is kept for the next message").isEqualTo("RESOLVED");
    }

    @Test
    void sslChecksTheBrokersCertificateAndName() throws Exception {
        Path certificate = broker().tls();
        broker.start();
        Subscriber subscriber = new Subscriber("carbine/alerts", null, null); // on the plain listener
        SSLSocketFactory trusting = trusting(certificate);
        Settings settings = new Settings(java.net.URI.create(broker.tlsUrl("localhost")), "", "", "carbine/alerts", 1,
                false);

        MqttNotifier untrusted = new MqttNotifier(settings); // the JDK's trust store does not know this certificate
        closing.add(untrusted);
        assertThatThrownBy(() -> untrusted.send(critical)).isInstanceOf(DeliveryException.class)
                .hasMessageContaining("ssl://localhost:").hasMessageContaining("PKIX");
        MqttNotifier wrongName = new MqttNotifier(new Settings(java.net.URI.create(broker.tlsUrl("127.0.0.1")), "", "",
                "carbine/alerts", 1, false), trusting);
        closing.add(wrongName);
        assertThatThrownBy(() -> wrongName.send(critical)).as("a trusted certificate, but for another name")
                .isInstanceOf(DeliveryException.class).hasMessageContaining("ssl://127.0.0.1:")
                .hasMessageContaining("No subject alternative names matching IP address 127.0.0.1");
        assertThat(subscriber.received).isEmpty();

        MqttNotifier trusted = new MqttNotifier(settings, trusting);
        closing.add(trusted);
        trusted.send(critical);
        assertThat(subscriber.await(1).get(0).json().get("id").getAsString()).isEqualTo("n-1");
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
    void aRetainedNotificationReachesLaterSubscribers() throws Exception {
        broker().start();
        notifier("", "", "farm/alerts", 0, true).send(critical);
        Subscriber late = new Subscriber("farm/alerts", null, null);
        Received r = late.await(1).get(0);
        assertThat(r.retained()).isTrue();
        assertThat(r.json().get("id").getAsString()).isEqualTo("n-1");
    }

    @Test
    void aWrongPasswordIsRetriedByTheOutboxAndNeverLogged() throws Exception {
        broker().login("carbine", PASSWORD).login("reader", "reader-pass").start();
        List<LogRecord> libraryLog = captureLibraryLog();
        Subscriber subscriber = new Subscriber("carbine/alerts", "reader", "reader-pass");
        Harness h = new Harness(notifier("carbine", WRONG, MqttNotifier.DEFAULT_TOPIC, 1, false));

        h.raise("farm-01", "farm-02");
        assertThat(h.attempts()).isEqualTo(1);
        assertThat(h.reports.lines).anySatisfy(l -> assertThat(l).startsWith("WARN ")
                .contains("delivery failed, will retry").contains("Not authorized"));
        h.after(Duration.ofSeconds(5));
        assertThat(h.attempts()).as("no retry before the back-off (10 s)").isEqualTo(1);
        h.after(Duration.ofSeconds(6));
        assertThat(h.attempts()).as("retried after it, refused again").isEqualTo(2);
        assertThat(subscriber.received).isEmpty();

        // the broker's administrator gives the channel's login the password it has
        broker.stop();
        broker.login("carbine", WRONG).start();
        subscriber = new Subscriber("carbine/alerts", "reader", "reader-pass");
        h.after(Duration.ofSeconds(21));
        assertThat(h.waiting()).as("delivered: gone from the outbox").isEmpty();
        assertThat(subscriber.await(1).get(0).json().get("title").getAsString())
                .isEqualTo("CRITICAL: HARD_FAILURE on 2 printers");

        List<String> everything = new ArrayList<>(h.reports.lines);
        h.reports.events.forEach(e -> everything.add(e.toString()));
        libraryLog.forEach(r -> everything.add(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters())
                + " " + r.getThrown()));
        assertThat(libraryLog).as("Paho's own log was captured").isNotEmpty();
        assertThat(everything).noneSatisfy(l -> assertThat(l).contains(WRONG))
                .noneSatisfy(l -> assertThat(l).contains(PASSWORD));
    }

    @Test
    void aBrokerThatStopsGetsTheMessageWhenItIsBack() throws Exception {
        broker().start();
        Subscriber subscriber = new Subscriber("carbine/alerts", null, null);
        Harness h = new Harness(notifier("", "", MqttNotifier.DEFAULT_TOPIC, 1, false));
        h.raise("farm-01");
        assertThat(subscriber.await(1)).hasSize(1);

        broker.stop();
        h.raise("farm-02");
        assertThat(h.attempts()).isEqualTo(1);
        assertThat(h.reports.lines).anySatisfy(l -> assertThat(l).contains("delivery failed, will retry")
                .contains("MQTT tcp://127.0.0.1:" + broker.port()));

        broker.start();
        Subscriber again = new Subscriber("carbine/alerts", null, null);
        h.after(Duration.ofSeconds(11));
        assertThat(h.waiting()).isEmpty();
        List<Received> got = again.await(1);
        assertThat(got.get(0).json().getAsJsonArray("alerts").get(0).getAsJsonObject().get("printer").getAsString())
                .isEqualTo("farm-02");
        h.after(Duration.ofMinutes(10));
        assertThat(again.received).as("delivered once").hasSize(1);
        assertThat(h.reports.lines).anySatisfy(l -> assertThat(l).contains("delivers again"));
    }

    @Test
    void configurationErrorsNameThePropertyButNeverThePassword() {
        List<String> errors = new ArrayList<>();
        assertThat(MqttNotifier.create(Map.of("url", "http://broker.example.org"), errors)).isNull();
        assertThat(errors).singleElement().asString().contains("tcp://");
        errors.clear();
        assertThat(MqttNotifier.settings(Map.of("url", "tcp://carbine:" + PASSWORD + "@broker", "password", PASSWORD,
                "topic", "carbine/#", "qos", "3", "retain", "maybe"), errors)).isNull();
        assertThat(errors).hasSize(5).noneSatisfy(e -> assertThat(e).contains(PASSWORD))
                .anySatisfy(e -> assertThat(e).contains("username"))
                .anySatisfy(e -> assertThat(e).contains("topic"))
                .anySatisfy(e -> assertThat(e).contains("qos"))
                .anySatisfy(e -> assertThat(e).contains("retain"));
        errors.clear();
        Settings s = MqttNotifier.settings(Map.of("url", "ssl://broker.example.org:8883", "username", "carbine",
                "password", PASSWORD), errors);
        assertThat(errors).isEmpty();
        assertThat(s.topic()).isEqualTo("carbine/alerts");
        assertThat(s.qos()).isEqualTo(1);
        assertThat(s.retain()).isFalse();
        assertThat(s.toString()).doesNotContain(PASSWORD);
        assertThat(new MqttNotifier(s).toString()).isEqualTo(
                "MQTT to ssl://broker.example.org:8883 topic carbine/alerts (QoS 1) as 'carbine' with password ****");
    }

    /** The real router and outbox around one channel, with a clock that moves only when told. */
    final class Harness {
        final Fixtures.MutableClock clock = new Fixtures.MutableClock(Instant.parse("2026-12-05T12:00:00Z"));
        final Fixtures.Reports reports = new Fixtures.Reports();
        final Outbox outbox;
        final Router router;

        Harness(MqttNotifier notifier) throws Exception {
            outbox = Outbox.open(dir.resolve(Outbox.FILE_NAME));
            closing.add(outbox);
            router = new Router(clock, outbox, Runnable::run, new Router.RetryPolicy(Duration.ofSeconds(10),
                    Duration.ofSeconds(80), 5, Duration.ofMinutes(5)), reports, Optional::empty);
            router.add(new Router.Channel("mqtt-1", "mqtt 'test'", notifier, Routing.DEFAULTS));
        }

        /** HARD_FAILURE alerts on these printers, sent when the group wait (30 s) is over. */
        void raise(String... printers) throws Exception {
            for (String p : printers) {
                router.onAlertEvent(event(Type.RAISED, alert("id-" + p, p, "HARD_FAILURE", Severity.CRITICAL)));
            }
            after(Duration.ofSeconds(31));
        }

        void after(Duration d) {
            clock.advance(d);
            router.tick();
        }

        Optional<Outbox.Message> waiting() throws Exception {
            return outbox.next("mqtt-1", Instant.parse("2100-01-01T00:00:00Z"));
        }

        int attempts() throws Exception {
            return waiting().orElseThrow().attempts();
        }
    }

    /** Every record Paho logs, at every level. */
    static List<LogRecord> captureLibraryLog() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        handler.setLevel(Level.ALL);
        Logger logger = Logger.getLogger("org.eclipse.paho.client.mqttv3");
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        KEPT.add(logger);
        return records;
    }

    static final List<Logger> KEPT = new CopyOnWriteArrayList<>();

    @Test
    void aMissingBrokerFailsWithoutHanging() throws Exception {
        broker(); // a free port, nothing started on it
        MqttNotifier mqtt = notifier("", "", MqttNotifier.DEFAULT_TOPIC, 1, false);
        assertThatThrownBy(() -> mqtt.send(critical)).isInstanceOf(DeliveryException.class)
                .hasMessageContaining("127.0.0.1:" + broker.port());
    }
}
