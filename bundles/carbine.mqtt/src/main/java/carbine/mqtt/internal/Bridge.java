package carbine.mqtt.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.net.SocketFactory;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import carbine.api.fleet.PrinterStatus;
import carbine.api.notify.NotifiedAlert;
import carbine.mqtt.internal.Discovery.Entity;

/**
 * Keeps an MQTT broker showing the fleet the way Home Assistant's MQTT discovery reads it (see {@link Discovery}). One
 * worker thread does everything that touches the connection, in rounds every {@code intervalMillis}:
 *
 * <ol>
 * <li>not connected: connect when the back-off allows (1 s, doubling up to {@code reconnectMaxSeconds}), with the
 * last will {@code offline} (retained) on the availability topic; then subscribe to Home Assistant's status topic,
 * publish {@code online} (retained) and mark every printer's discovery and state to be published again (a restarted
 * broker without persistence has forgotten the retained messages);</li>
 * <li>read the fleet; a printer that has been missing for {@code removeAfterSeconds} gets empty retained messages on
 * its config topics (Home Assistant deletes the entities) and its state topics (the broker forgets them);</li>
 * <li>publish, within the budget of {@code maxMessagesPerSecond}: removals, discovery of new printers (six retained
 * config messages each), then state and alert messages that differ from the last ones published; messages whose
 * state, problem or alert count changed go before those that only carry new readings, and the rest rotate, so that
 * every printer gets its turn in a big farm. What does not fit waits for the next round.</li>
 * </ol>
 *
 * Home Assistant's birth message {@code online} on {@code <discovery prefix>/status} (not a retained one: that is an
 * old birth, and the discovery was published on connect anyway) marks everything to be published again, as its
 * documentation asks ("Use the Birth and Will messages to trigger discovery": "After the configs have been published,
 * the state topics will need an update"). Everything is published with QoS 1 and retained.
 */
final class Bridge implements AutoCloseable {
    /** Where the bridge's lines go; never given the password. */
    interface Log {
        void info(String line);

        void warn(String line);

        void error(String line);
    }

    static final long MIN_RECONNECT_MILLIS = 1000;
    static final int TIMEOUT_SECONDS = 10;
    static final int QOS = 1;

    private static final class Printer {
        final String id;
        PrinterStatus status;
        String driver;
        boolean discovered;
        String state;
        String essence;
        String alerts;
        long missingSince = -1;

        Printer(String id) {
            this.id = id;
        }
    }

    private final Settings settings;
    private final Discovery discovery;
    private final Supplier<List<PrinterStatus>> fleet;
    private final OpenAlerts openAlerts;
    private final Log log;
    private final SocketFactory socketFactory;
    private final String clientId = "carbine-" + MqttClient.generateClientId().substring("paho".length());
    private final ScheduledExecutorService worker;
    private final AtomicBoolean rediscover = new AtomicBoolean();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong discoveries = new AtomicLong();
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong mostInARound = new AtomicLong();

    // touched by the worker thread only
    private final Map<String, Printer> printers = new LinkedHashMap<>();
    private final ArrayDeque<String> clearing = new ArrayDeque<>();
    private MqttClient client;
    private volatile boolean connected;
    private long nextConnectAt;
    private long backoffMillis = MIN_RECONNECT_MILLIS;
    private long downSince = -1;
    private boolean everConnected;
    private boolean failureLogged;
    private int rotation;
    private boolean fleetFailureLogged;

    /**
     * @param socketFactory for ssl:// (tests: one trusting their own broker's certificate); null: the JDK's
     */
    Bridge(Settings settings, Discovery discovery, Supplier<List<PrinterStatus>> fleet, OpenAlerts openAlerts,
            Log log, SocketFactory socketFactory) {
        this.settings = settings;
        this.discovery = discovery;
        this.fleet = fleet;
        this.openAlerts = openAlerts;
        this.log = log;
        this.socketFactory = socketFactory;
        ClassLoader bundleLoader = Bridge.class.getClassLoader();
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "carbine-mqtt");
            t.setDaemon(true);
            // Paho finds its network modules with ServiceLoader: keep the lookups in this bundle in OSGi
            t.setContextClassLoader(bundleLoader);
            return t;
        });
    }

    void start() {
        // at a fixed rate, so that the budget is per interval; a long round delays the next, never overlaps it
        worker.scheduleAtFixedRate(this::round, 0, settings.intervalMillis(), TimeUnit.MILLISECONDS);
    }

    boolean connected() {
        return connected;
    }

    /** Messages published since the start (for tests and a later metric). */
    long published() {
        return published.get();
    }

    /** Printers whose discovery was published, counting each time it was (for tests). */
    long discoveries() {
        return discoveries.get();
    }

    /** Rounds finished since the start (for tests). */
    long rounds() {
        return rounds.get();
    }

    /** The most messages published in one round (for tests: the rate bound). */
    long mostInARound() {
        return mostInARound.get();
    }

    private void round() {
        long before = published.get();
        try {
            long now = System.nanoTime() / 1_000_000;
            if (client == null || !client.isConnected()) {
                if (client != null) {
                    lost(null);
                }
                if (now < nextConnectAt || !connect(now)) {
                    return;
                }
            }
            if (rediscover.getAndSet(false)) {
                log.info("Home Assistant announced itself online: discovery and state of " + printers.size()
                        + " printer(s) published again");
                republishAll();
            }
            readFleet(now);
            long budget = Math.max(1, settings.maxMessagesPerSecond() * settings.intervalMillis() / 1000);
            budget = clear(budget);
            budget = discover(budget);
            states(budget);
        } catch (MqttException e) {
            lost(e);
        } catch (Throwable t) { // a scheduled task that throws is never run again: log and go on
            log.error("MQTT: a publishing round failed: " + t);
        } finally {
            mostInARound.accumulateAndGet(published.get() - before, Math::max);
            rounds.incrementAndGet();
        }
    }

    private boolean connect(long now) {
        MqttClient c = null;
        try {
            c = new MqttClient(settings.url().toString(), clientId, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setCleanSession(true);
            options.setAutomaticReconnect(false); // this class reconnects, with its own back-off
            options.setConnectionTimeout(TIMEOUT_SECONDS);
            options.setKeepAliveInterval(30);
            // publish() returns when the broker acknowledged, but Paho frees the in-flight slot a moment later: with
            // its default of 10, a quick series of publishes fails with "Too many publishes in progress" (32202)
            options.setMaxInflight(100);
            options.setHttpsHostnameVerificationEnabled(true);
            // retained: whoever subscribes later (Home Assistant starting) learns that Carbine is gone
            options.setWill(discovery.availabilityTopic(), Discovery.OFFLINE.getBytes(StandardCharsets.UTF_8), QOS,
                    true);
            if (socketFactory != null) {
                options.setSocketFactory(socketFactory);
            }
            if (!settings.username().isEmpty()) {
                options.setUserName(settings.username());
                options.setPassword(settings.password().toCharArray());
            }
            c.setTimeToWait(TIMEOUT_SECONDS * 1000L);
            c.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    connected = false; // the worker notices and reconnects
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    if (topic.equals(discovery.homeAssistantStatusTopic()) && !message.isRetained()
                            && Discovery.ONLINE.equals(new String(message.getPayload(), StandardCharsets.UTF_8).trim())) {
                        rediscover.set(true);
                    }
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                    // publish() waits for it
                }
            });
            c.connect(options);
            client = c;
            c.subscribe(discovery.homeAssistantStatusTopic(), QOS);
            publish(discovery.availabilityTopic(), Discovery.ONLINE, true);
            connected = true;
        } catch (MqttException e) {
            close(c);
            client = null;
            connected = false;
            if (downSince < 0) {
                downSince = now;
            }
            if (!failureLogged) {
                failureLogged = true;
                log.warn("MQTT " + where() + ": cannot connect: " + describe(e) + "; trying again after "
                        + backoffMillis / 1000 + " s, then doubling up to " + settings.reconnectMaxSeconds() + " s");
            }
            nextConnectAt = now + backoffMillis;
            backoffMillis = Math.min(backoffMillis * 2, settings.reconnectMaxSeconds() * 1000);
            return false;
        }
        String as = settings.username().isEmpty() ? "" : " as '" + settings.username() + "'";
        if (!everConnected) {
            log.info("MQTT " + where() + as + ": connected; Home Assistant discovery under '"
                    + settings.discoveryPrefix() + "/', Carbine's topics under '" + settings.topicPrefix() + "/'");
        } else {
            log.info("MQTT " + where() + as + ": connected again after "
                    + Duration.ofMillis(Math.max(0, now - downSince)).toSeconds() + " s; publishing discovery and state "
                    + "again");
        }
        everConnected = true;
        failureLogged = false;
        downSince = -1;
        backoffMillis = MIN_RECONNECT_MILLIS;
        republishAll();
        return true;
    }

    /** The connection is gone (or a publish failed): drop it and reconnect at once, then with back-off. */
    private void lost(MqttException e) {
        long now = System.nanoTime() / 1_000_000;
        if (client != null) {
            log.warn("MQTT " + where() + ": connection lost" + (e == null ? "" : ": " + describe(e))
                    + "; reconnecting");
            close(client);
            client = null;
        }
        connected = false;
        downSince = now;
        nextConnectAt = now;
        backoffMillis = MIN_RECONNECT_MILLIS;
        failureLogged = false;
    }

    private void republishAll() {
        for (Printer p : printers.values()) {
            p.discovered = false;
            p.state = null;
            p.essence = null;
            p.alerts = null;
        }
    }

    private void readFleet(long now) {
        List<PrinterStatus> current;
        try {
            current = fleet.get();
            fleetFailureLogged = false;
        } catch (RuntimeException e) { // the poller going away under us: try again next round
            if (!fleetFailureLogged) {
                fleetFailureLogged = true;
                log.warn("MQTT: cannot read the fleet: " + e);
            }
            return;
        }
        Set<String> seen = new HashSet<>();
        for (PrinterStatus s : current) {
            seen.add(s.printerId());
            Printer p = printers.computeIfAbsent(s.printerId(), Printer::new);
            p.status = s;
            p.missingSince = -1;
            if (p.driver != null && !p.driver.equals(s.driver())) {
                p.discovered = false; // the device's model changes
            }
            p.driver = s.driver();
        }
        long removeAfter = settings.removeAfterSeconds() * 1000;
        for (Iterator<Printer> it = printers.values().iterator(); it.hasNext();) {
            Printer p = it.next();
            if (seen.contains(p.id)) {
                continue;
            }
            if (p.missingSince < 0) {
                p.missingSince = now;
            }
            if (now - p.missingSince >= removeAfter) {
                it.remove();
                for (Entity e : Entity.values()) {
                    clearing.add(discovery.configTopic(e, p.id));
                }
                clearing.add(discovery.stateTopic(p.id));
                clearing.add(discovery.alertsTopic(p.id));
                log.info("MQTT: printer '" + p.id + "' has left the fleet: removed from Home Assistant");
            }
        }
    }

    private long clear(long budget) throws MqttException {
        while (budget > 0 && !clearing.isEmpty()) {
            // an empty retained message: Home Assistant deletes the entity, the broker forgets the retained message
            publish(clearing.peek(), "", true);
            clearing.poll();
            budget--;
        }
        return budget;
    }

    private long discover(long budget) throws MqttException {
        for (Printer p : printers.values()) {
            if (budget <= 0) {
                break;
            }
            if (p.discovered || p.missingSince >= 0 || p.status == null) {
                continue;
            }
            for (Entity e : Entity.values()) {
                publish(discovery.configTopic(e, p.id), discovery.config(e, p.status), true);
                budget--;
            }
            p.discovered = true;
            p.state = null; // the state follows its config
            p.alerts = null;
            discoveries.incrementAndGet();
        }
        return budget;
    }

    private void states(long budget) throws MqttException {
        Map<String, List<NotifiedAlert>> byPrinter = openAlerts.byPrinter();
        List<Printer> ready = new ArrayList<>();
        for (Printer p : printers.values()) {
            if (p.discovered && p.missingSince < 0) {
                ready.add(p);
            }
        }
        int n = ready.size();
        if (n == 0) {
            return;
        }
        int start = Math.floorMod(rotation, n);
        List<Object[]> urgent = new ArrayList<>();
        List<Object[]> readings = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            Printer p = ready.get(i);
            List<NotifiedAlert> open = byPrinter.getOrDefault(p.id, OpenAlerts.none());
            String state = Discovery.state(p.status, open);
            String alerts = Discovery.alerts(open);
            if (state.equals(p.state) && alerts.equals(p.alerts)) {
                continue;
            }
            String essence = Discovery.essence(p.status, open);
            Object[] change = {p, state, alerts, essence, i};
            (p.state == null || !essence.equals(p.essence) || !alerts.equals(p.alerts) ? urgent : readings).add(change);
        }
        for (List<Object[]> changes : List.of(urgent, readings)) {
            for (Object[] change : changes) {
                if (budget <= 0) {
                    if (changes == readings) {
                        rotation = (int) change[4]; // the next round begins with the first one left out
                    }
                    return;
                }
                Printer p = (Printer) change[0];
                String alerts = (String) change[2];
                if (!alerts.equals(p.alerts)) {
                    publish(discovery.alertsTopic(p.id), alerts, true);
                    p.alerts = alerts;
                    budget--;
                }
                publish(discovery.stateTopic(p.id), (String) change[1], true);
                p.state = (String) change[1];
                p.essence = (String) change[3];
                budget--;
            }
        }
    }

    private void publish(String topic, String payload, boolean retained) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), QOS, retained);
        published.incrementAndGet();
    }

    /**
     * Stops publishing: a clean goodbye ({@code offline}, retained: a clean disconnect sends no last will), then the
     * connection is closed. Discovery stays, so Home Assistant shows the printers unavailable until Carbine is back.
     */
    @Override
    public void close() {
        if (worker.isShutdown()) {
            return; // closed before
        }
        try {
            worker.submit(() -> {
                MqttClient c = client;
                client = null;
                connected = false;
                if (c != null && c.isConnected()) {
                    try {
                        c.publish(discovery.availabilityTopic(), Discovery.OFFLINE.getBytes(StandardCharsets.UTF_8),
                                QOS, true);
                        c.disconnect(2000);
                    } catch (MqttException e) {
                        // going away anyway; the broker sends the last will
                    }
                }
                close(c);
            }).get(TIMEOUT_SECONDS + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("MQTT " + where() + ": no clean goodbye: " + e);
        } finally {
            worker.shutdownNow();
        }
    }

    private static void close(MqttClient c) {
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
        StringBuilder b = new StringBuilder(e.getMessage() == null ? "failed" : e.getMessage()).append(" (reason ")
                .append(e.getReasonCode()).append(')');
        if (e.getCause() != null && e.getCause().getMessage() != null) {
            b.append("; ").append(e.getCause().getClass().getSimpleName()).append(' ').append(e.getCause().getMessage());
        }
        String text = b.toString();
        return settings.password().isEmpty() ? text : text.replace(settings.password(), "****");
    }

    private String where() {
        URI u = settings.url();
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }
}
