package carbine.notify.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.SocketFactory;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import carbine.api.notify.Notification;
import carbine.api.notify.Notifier;

/**
 * Publishes the notification's JSON (the webhook's body, {@link NotificationJson}) to a topic of an MQTT 3.1.1 broker
 * with the Eclipse Paho client (embedded in this bundle). One connection, opened at the first message and kept; a
 * message counts as delivered when {@link MqttClient#publish} returns, which with QoS 1 or 2 is after the broker's
 * acknowledgement. Any failure closes the connection (the next attempt opens a new one) and is retried by the outbox.
 * The client keeps nothing on disk: the outbox already does.
 */
final class MqttNotifier implements Notifier, AutoCloseable {
    static final String DEFAULT_TOPIC = "carbine/alerts";
    static final int DEFAULT_QOS = 1;
    static final boolean DEFAULT_RETAIN = false;
    static final int TIMEOUT_SECONDS = (int) Http.TIMEOUT.toSeconds();

    record Settings(URI url, String username, String password, String topic, int qos, boolean retain) {
        @Override
        public String toString() { // never the password
            return "Settings[" + url + ", user " + username + ", password " + Secrets.mask(password) + ", topic "
                    + topic + ", qos " + qos + ", retain " + retain + "]";
        }
    }

    private final Settings settings;
    private final SocketFactory socketFactory;
    private final String clientId = "carbine-" + MqttClient.generateClientId().substring("paho".length());
    private volatile MqttClient client;

    MqttNotifier(Settings settings) {
        this(settings, null);
    }

    /** @param socketFactory for ssl:// (tests: one trusting their own broker's certificate); null: the JDK's */
    MqttNotifier(Settings settings, SocketFactory socketFactory) {
        this.settings = settings;
        this.socketFactory = socketFactory;
    }

    static MqttNotifier create(Map<String, ?> properties, List<String> errors) {
        Settings s = settings(properties, errors);
        return errors.isEmpty() ? new MqttNotifier(s) : null;
    }

    /** The settings, or null after adding to {@code errors} (which name properties, never the password). */
    static Settings settings(Map<String, ?> properties, List<String> errors) {
        String text = Props.text(properties, "url");
        URI url = null;
        if (text.isEmpty()) {
            errors.add("property url is missing; it must be like tcp://host:1883 or ssl://host:8883");
        } else {
            try {
                url = new URI(text);
                String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
                if (url.getRawUserInfo() != null) {
                    errors.add("property url has a login in it; put it in username and password");
                    url = null;
                } else if (!scheme.equals("tcp") && !scheme.equals("ssl")) {
                    errors.add("property url = '" + text + "' is invalid (must start with tcp:// or ssl://)");
                    url = null;
                } else if (url.getHost() == null || url.getHost().isEmpty()) {
                    errors.add("property url = '" + text + "' is invalid (no host name)");
                    url = null;
                }
            } catch (URISyntaxException e) {
                errors.add("property url = '" + text + "' is not a URL (" + e.getReason() + ")");
            }
        }
        String username = Props.text(properties, "username");
        String password = Props.text(properties, "password");
        if (username.isEmpty() && !password.isEmpty()) {
            errors.add("property password is set but username is missing");
        }
        String topic = Props.text(properties, "topic");
        if (topic.isEmpty()) {
            topic = DEFAULT_TOPIC;
        } else if (topic.contains("#") || topic.contains("+") || topic.contains("\u0000")) {
            errors.add("property topic = '" + topic + "' has a wildcard (# or +): one publishes to a plain topic");
        }
        String qosText = Props.text(properties, "qos");
        int qos = DEFAULT_QOS;
        if (!qosText.isEmpty()) {
            qos = switch (qosText) {
                case "0" -> 0;
                case "1" -> 1;
                case "2" -> 2;
                default -> {
                    errors.add("property qos = '" + qosText + "' is not 0, 1 or 2");
                    yield DEFAULT_QOS;
                }
            };
        }
        boolean retain = DEFAULT_RETAIN;
        String retainText = Props.text(properties, "retain").toLowerCase(Locale.ROOT);
        if (!retainText.isEmpty()) {
            if (!retainText.equals("true") && !retainText.equals("false")) {
                errors.add("property retain = '" + retainText + "' is not true or false");
            }
            retain = retainText.equals("true");
        }
        return errors.isEmpty() ? new Settings(url, username, password, topic, qos, retain) : null;
    }

    @Override
    public synchronized void send(Notification n) throws Exception {
        byte[] payload = NotificationJson.write(n).getBytes(StandardCharsets.UTF_8);
        // Paho finds its network modules with ServiceLoader: keep the lookups in this bundle in OSGi
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(MqttNotifier.class.getClassLoader());
        try {
            connected().publish(settings.topic(), payload, settings.qos(), settings.retain());
        } catch (MqttException e) {
            disconnect();
            throw new DeliveryException(describe(e));
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private MqttClient connected() throws MqttException {
        if (client != null && client.isConnected()) {
            return client;
        }
        disconnect();
        MqttClient c = new MqttClient(settings.url().toString(), clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false); // the outbox retries
        options.setConnectionTimeout(TIMEOUT_SECONDS);
        options.setKeepAliveInterval(60);
        options.setHttpsHostnameVerificationEnabled(true);
        if (socketFactory != null) {
            options.setSocketFactory(socketFactory);
        }
        if (!settings.username().isEmpty()) {
            options.setUserName(settings.username());
            options.setPassword(settings.password().toCharArray());
        }
        c.setTimeToWait(TIMEOUT_SECONDS * 1000L);
        client = c;
        c.connect(options);
        return c;
    }

    private void disconnect() {
        MqttClient c = client;
        client = null;
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1000);
            }
        } catch (MqttException e) {
            // going away anyway
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            // nothing to release
        }
    }

    /** Paho's reason ("Not authorized to connect", "Unable to connect to server") and code, without the password. */
    private String describe(MqttException e) {
        StringBuilder b = new StringBuilder("MQTT ").append(where()).append(": ")
                .append(e.getMessage() == null ? "failed" : e.getMessage()).append(" (reason ")
                .append(e.getReasonCode()).append(')');
        if (e.getCause() != null && e.getCause().getMessage() != null) {
            b.append("; ").append(e.getCause().getClass().getSimpleName()).append(' ').append(e.getCause().getMessage());
        }
        return Texts.cut(Secrets.redact(b.toString(), settings.password()), 500);
    }

    private String where() {
        URI u = settings.url();
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }

    /** Not synchronized: a deactivation must not wait for a send that hangs (15 s at most); it cuts it off. */
    @Override
    public void close() {
        disconnect();
    }

    @Override
    public String toString() {
        return "MQTT to " + where() + " topic " + settings.topic() + " (QoS " + settings.qos()
                + (settings.retain() ? ", retained" : "") + ")" + (settings.username().isEmpty() ? ""
                        : " as '" + settings.username() + "' with password " + Secrets.mask(settings.password()));
    }
}
