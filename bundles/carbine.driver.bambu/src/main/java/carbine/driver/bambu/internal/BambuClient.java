package carbine.driver.bambu.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.telemetry.TelemetrySample;

/**
 * The one MQTT connection to one printer (printers accept only a few clients at once, bambulab/BambuStudio#2404),
 * made with Eclipse Paho MQTT v3 over TLS as user {@code bblp} with the access code as password
 * (Doridian/OpenBambuAPI {@code mqtt.md}, "Local MQTT"):
 * <ol>
 * <li>connect, subscribe to {@code device/<serial>/report};</li>
 * <li>publish {@code {"pushing":{"sequence_id":"n","command":"pushall","version":1,"push_target":1}}} to
 * {@code device/<serial>/request} ({@code mqtt.md}, "pushing.pushall"), at most once per
 * {@link Timing#pushallInterval()} (5 minutes: the P1P lags when asked more often); a reconnect sooner gets its
 * pushall when the interval is over;</li>
 * <li>merge every report's {@code print} object into the state ({@link ReportState});</li>
 * <li>a watchdog: no report for {@link Timing#watchdog()} (60 s, as ha-bambulab's {@code WatchdogThread}) drops the
 * connection and makes it again (then pushall again): printers are known to go quiet while connected
 * (maziggy/bambuddy#1164).</li>
 * </ol>
 * Connection attempts that fail are retried after 1 s, 2 s, 4 s ... up to 30 s. All connection work runs on one
 * thread; reports arrive on Paho's; {@link #sample} never waits for the network.
 */
final class BambuClient implements AutoCloseable {
    /** Timings, shortened by tests. */
    record Timing(Duration watchdog, Duration pushallInterval, Duration connectTimeout, Duration firstRetry,
            Duration maxRetry, int maxMessageBytes) {
        static final Timing DEFAULT = new Timing(Duration.ofSeconds(60), Duration.ofMinutes(5),
                Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(30), 1 << 20);
    }

    /** Where the client's log lines go. */
    interface Log {
        void info(String message);

        void warn(String message);

        Log QUIET = new Log() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
            }
        };
    }

    enum Link {
        /** Not connected yet since the start (first attempt, or retrying after failed attempts). */
        CONNECTING,
        CONNECTED,
        /** Was connected; lost, reconnecting. */
        LOST
    }

    private final BambuSettings settings;
    private final Timing timing;
    private final Log log;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final String clientId = "carbine-" + MqttClient.generateClientId().substring("paho".length());
    private final Object lock = new Object();

    // guarded by lock
    private final ReportState state = new ReportState();
    private Link link = Link.CONNECTING;
    private String reason;
    private int failedAttempts;
    private boolean everConnected;
    private long lastReportNanos;
    private long reportsThisConnection;
    private long reports;
    private long ignored;
    private long pushalls;
    private long lastPushallNanos;
    private long reconnects;

    // the executor's thread only
    private volatile MqttClient client;
    private long generation;
    private long sequence;
    private Duration retry;
    private ScheduledFuture<?> pendingPushall;
    private SSLSocketFactory socketFactory;

    private volatile boolean closed;

    BambuClient(BambuSettings settings, Timing timing, Log log, Clock clock) {
        this.settings = settings;
        this.timing = timing;
        this.log = log;
        this.clock = clock;
        this.retry = timing.firstRetry();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "carbine-bambu-" + settings.printerId());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts connecting; until a report arrives, samples fail with the reason. */
    BambuClient start() {
        run(this::connect);
        long period = Math.max(50, Math.min(1000, timing.watchdog().toMillis() / 4));
        executor.scheduleWithFixedDelay(() -> guarded(this::watchdog), period, period, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * The printer now, from the merged state.
     *
     * @throws PrinterUnavailableException when not connected, no report arrived yet, or the printer went quiet
     */
    TelemetrySample sample(String printerId) throws PrinterUnavailableException {
        synchronized (lock) {
            if (link != Link.CONNECTED) {
                throw new PrinterUnavailableException(reason != null ? reason
                        : "connecting to the Bambu Lab printer at " + settings.where());
            }
            if (state.isEmpty() || reportsThisConnection == 0) {
                // after a reconnect too: the state kept from before is shown again once the printer speaks
                throw new PrinterUnavailableException("connected to the Bambu Lab printer at " + settings.where()
                        + ", waiting for its first report");
            }
            long silent = System.nanoTime() - lastReportNanos;
            if (silent > timing.watchdog().toNanos()) {
                throw new PrinterUnavailableException("no report from the Bambu Lab printer at " + settings.where()
                        + " for " + TimeUnit.NANOSECONDS.toSeconds(silent) + " s; reconnecting");
            }
            return BambuSample.toSample(state.print(), printerId, clock.instant());
        }
    }

    /**
     * For Test connection: waits until there is a sample or an attempt has failed, at most {@code timeout}.
     *
     * @throws PrinterUnavailableException with the first failure's reason, or saying what is still missing
     */
    TelemetrySample awaitFirst(String printerId, Duration timeout) throws PrinterUnavailableException,
            InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                if (link == Link.CONNECTED && !state.isEmpty() && reportsThisConnection > 0) {
                    return sample(printerId);
                }
                if (failedAttempts > 0 && !everConnected) {
                    throw new PrinterUnavailableException(firstReason(reason));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return sample(printerId); // throws, saying what is missing
                }
                lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    private static String firstReason(String reason) {
        int retrying = reason == null ? -1 : reason.lastIndexOf("; retrying in");
        return retrying < 0 ? reason : reason.substring(0, retrying);
    }

    // ---- connection, on the executor's thread

    private void connect() {
        if (closed) {
            return;
        }
        long gen = ++generation;
        MqttClient c = null;
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        // Paho finds its network modules with ServiceLoader: keep the look-ups in this bundle in OSGi
        Thread.currentThread().setContextClassLoader(BambuClient.class.getClassLoader());
        try {
            if (socketFactory == null) {
                socketFactory = BambuTls.socketFactory(settings);
            }
            c = new MqttClient(settings.brokerUri(), clientId, new MemoryPersistence());
            c.setCallback(new Callback(gen));
            c.setTimeToWait(timing.connectTimeout().toMillis());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setCleanSession(true);
            options.setAutomaticReconnect(false); // reconnects are ours, so that each gets its pushall
            options.setConnectionTimeout((int) Math.max(1, timing.connectTimeout().toSeconds()));
            options.setKeepAliveInterval(30);
            // the certificate names the serial, not the address: BambuTls checks the name instead
            options.setHttpsHostnameVerificationEnabled(false);
            options.setSocketFactory(socketFactory);
            options.setUserName(BambuSettings.USER);
            options.setPassword(settings.accessCode().toCharArray());
            c.connect(options);
            c.subscribe(settings.reportTopic(), 0);
            if (closed) {
                discard(c);
                return;
            }
            client = c;
            retry = timing.firstRetry();
            boolean again;
            synchronized (lock) {
                again = everConnected;
                everConnected = true;
                link = Link.CONNECTED;
                reason = null;
                lastReportNanos = System.nanoTime(); // the watchdog counts from the connection
                reportsThisConnection = 0;
                lock.notifyAll();
            }
            log.info("connected to the Bambu Lab printer " + settings.serial() + " at " + settings.where()
                    + (again ? " again" : "") + "; subscribed to " + settings.reportTopic());
            pushall();
        } catch (MqttException | IOException | GeneralSecurityException | RuntimeException e) {
            discard(c);
            String why = describe(e);
            Duration wait = retry;
            retry = retry.multipliedBy(2).compareTo(timing.maxRetry()) > 0 ? timing.maxRetry() : retry.multipliedBy(2);
            boolean changed;
            synchronized (lock) {
                failedAttempts++;
                String next = why + "; retrying in " + wait.toSeconds() + " s";
                changed = reason == null || !firstReason(reason).equals(why);
                reason = next;
                lock.notifyAll();
            }
            if (changed) {
                log.warn(why + "; retrying in " + wait.toSeconds() + " s (and then up to every "
                        + timing.maxRetry().toSeconds() + " s)");
            }
            schedule(this::connect, wait);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** A pushall now, or when the interval since the last is over. */
    private void pushall() {
        long now = System.nanoTime();
        long wait;
        synchronized (lock) {
            wait = pushalls == 0 ? 0 : timing.pushallInterval().toNanos() - (now - lastPushallNanos);
        }
        if (wait <= 0) {
            publishPushall();
        } else if (pendingPushall == null || pendingPushall.isDone()) {
            pendingPushall = schedule(this::publishPushall, Duration.ofNanos(wait));
        }
    }

    private void publishPushall() {
        MqttClient c = client;
        if (c == null || !c.isConnected()) {
            return; // the next connection asks
        }
        String request = "{\"pushing\":{\"sequence_id\":\"" + (sequence++) + "\",\"command\":\"pushall\","
                + "\"version\":1,\"push_target\":1}}";
        try {
            c.publish(settings.requestTopic(), request.getBytes(StandardCharsets.UTF_8), 0, false);
            synchronized (lock) {
                pushalls++;
                lastPushallNanos = System.nanoTime();
            }
        } catch (MqttException e) {
            log.warn("could not ask the Bambu Lab printer at " + settings.where() + " for its full state (pushall): "
                    + describe(e));
        }
    }

    private void watchdog() {
        long silent;
        synchronized (lock) {
            if (link != Link.CONNECTED) {
                return;
            }
            silent = System.nanoTime() - lastReportNanos;
            if (silent <= timing.watchdog().toNanos()) {
                return;
            }
        }
        String why = "no report from the Bambu Lab printer at " + settings.where() + " for "
                + TimeUnit.NANOSECONDS.toMillis(silent) + " ms (watchdog " + timing.watchdog().toSeconds()
                + " s)";
        log.warn(why + "; reconnecting");
        lost(generation, why);
    }

    private void lost(long gen, String why) {
        if (closed || gen != generation) {
            return; // an old connection's late news
        }
        MqttClient c = client;
        client = null;
        generation++; // the dropped connection's callbacks are ignored from now on
        discard(c);
        synchronized (lock) {
            link = Link.LOST;
            reconnects++;
            reason = why + "; reconnecting";
            lock.notifyAll();
        }
        schedule(this::connect, timing.firstRetry());
    }

    private final class Callback implements MqttCallback {
        private final long gen;

        Callback(long gen) {
            this.gen = gen;
        }

        @Override
        public void connectionLost(Throwable cause) {
            String why = "connection to the Bambu Lab printer at " + settings.where() + " lost: " + cause(cause);
            log.warn(why + "; reconnecting in " + timing.firstRetry().toSeconds() + " s");
            run(() -> lost(gen, why));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                report(message.getPayload());
            } catch (Throwable t) {
                // an exception escaping here makes Paho drop the connection: nothing a printer sends may do that
                ignore("could not read it: " + t);
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }

    /** One report: JSON whose {@code print} object is merged; anything else is ignored with a log line. */
    void report(byte[] payload) {
        if (payload.length > timing.maxMessageBytes()) {
            ignore("a message of " + payload.length + " bytes, more than the limit of " + timing.maxMessageBytes());
            return;
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(new String(payload, StandardCharsets.UTF_8));
        } catch (RuntimeException notJson) {
            ignore("not JSON: '" + snippet(payload) + "'");
            return;
        }
        if (!root.isJsonObject()) {
            ignore("not a JSON object: '" + snippet(payload) + "'");
            return;
        }
        JsonElement print = root.getAsJsonObject().get("print");
        if (print != null && !print.isJsonObject()) {
            ignore("'print' is not an object: '" + snippet(payload) + "'");
            return;
        }
        int refused = 0;
        synchronized (lock) {
            lastReportNanos = System.nanoTime(); // the printer speaks: the watchdog is satisfied
            reports++;
            if (++reportsThisConnection == 1) {
                lock.notifyAll(); // Test connection waits for this
            }
            if (print != null && isStatus(print.getAsJsonObject())) {
                refused = state.merge(print.getAsJsonObject());
            }
        }
        if (refused > 0) {
            ignore(refused + " value(s) of a report: the printer's state is at its size limit ("
                    + ReportState.MAX_NODES + " values, " + ReportState.MAX_DEPTH + " levels)");
        }
    }

    /** push_status reports; answers to commands (other {@code command}s) carry no state. */
    private static boolean isStatus(JsonObject print) {
        JsonElement command = print.get("command");
        return command == null || !command.isJsonPrimitive() || "push_status".equals(command.getAsString());
    }

    private void ignore(String what) {
        long n;
        synchronized (lock) {
            n = ++ignored;
        }
        if (n <= 3 || n % 100 == 0) {
            log.warn("ignored a message from the Bambu Lab printer at " + settings.where() + " (" + n + " so far): "
                    + what);
        }
    }

    private static String snippet(byte[] payload) {
        String s = new String(payload, 0, Math.min(payload.length, 60), StandardCharsets.UTF_8);
        return s.replaceAll("\\p{Cntrl}", "?") + (payload.length > 60 ? "..." : "");
    }

    // ---- errors, in words a person can act on

    /** What went wrong, naming the printer's address and never the access code. */
    String describe(Exception e) {
        String where = settings.where();
        String text;
        BambuTls.NameMismatchException mismatch = find(e, BambuTls.NameMismatchException.class);
        if (mismatch != null) {
            text = "certificate name mismatch at " + where + ": " + mismatch.getMessage()
                    + " (check serial; verifyCertificate=false skips the check)";
        } else if (find(e, CertPathValidatorException.class) != null || find(e, CertPathBuilderException.class) != null
                || (find(e, SSLException.class) != null && String.valueOf(cause(e)).contains("PKIX"))) {
            text = "the certificate of " + where + " is not issued by a trusted CA ("
                    + (settings.caFile() == null ? "the Bambu Lab CAs shipped with Carbine" : settings.caFile())
                    + "): is it a Bambu Lab printer? (verifyCertificate=false skips the check)";
        } else if (e instanceof MqttException m && (m.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED
                || m.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION)) {
            text = "the printer at " + where + " refused the access code (MQTT: not authorised, user "
                    + BambuSettings.USER + "): check accessCode, the LAN access code on the printer's screen";
        } else if (find(e, UnknownHostException.class) != null) {
            text = "cannot reach the printer at " + where + ": unknown host " + settings.host();
        } else if (find(e, ConnectException.class) != null || find(e, NoRouteToHostException.class) != null
                || find(e, SocketTimeoutException.class) != null) {
            text = "cannot reach the printer at " + where + ": " + cause(e);
        } else if (e instanceof MqttException m && m.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT) {
            text = "no answer from the printer at " + where + " within " + timing.connectTimeout().toSeconds()
                    + " s";
        } else if (find(e, SSLException.class) != null) {
            text = "TLS with the printer at " + where + " failed: " + cause(e);
        } else if (e instanceof MqttException m) {
            text = "MQTT connection to the printer at " + where + " failed: " + cause(e) + " (reason "
                    + m.getReasonCode() + ")";
        } else {
            text = "cannot connect to the printer at " + where + ": " + cause(e);
        }
        return redact(text);
    }

    private String redact(String text) {
        return settings.accessCode().length() < 4 ? text : text.replace(settings.accessCode(), "***");
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The innermost message of a chain, with its exception's simple name. */
    private static String cause(Throwable t) {
        Throwable inner = t;
        for (int depth = 0; inner.getCause() != null && inner.getCause() != inner && depth < 10; depth++) {
            inner = inner.getCause();
        }
        String message = inner.getMessage();
        return inner.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }

    // ---- plumbing

    private void run(Runnable task) {
        try {
            executor.execute(() -> guarded(task));
        } catch (RejectedExecutionException closing) {
            // closed
        }
    }

    private ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return executor.schedule(() -> guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            return null;
        }
    }

    /** A scheduled task dies silently if anything escapes it (STACK.md): log and keep going. */
    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            log.warn("Bambu Lab printer at " + settings.where() + ": unexpected " + redact(String.valueOf(t)));
        }
    }

    private static void discard(MqttClient c) {
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1000);
            }
        } catch (MqttException | RuntimeException e) {
            // going away anyway
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException e) {
            // nothing to release
        }
    }

    /** The MQTT client id (Paho names its threads after it). */
    String clientId() {
        return clientId;
    }

    /** Figures for tests and diagnostics. */
    record Stats(Link link, long reports, long ignored, long pushalls, long reconnects, int stateNodes,
            long refusedValues) {
    }

    Stats stats() {
        synchronized (lock) {
            return new Stats(link, reports, ignored, pushalls, reconnects, state.nodes(), state.refused());
        }
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        discard(client);
        client = null;
    }
}
