package carbine.driver.moonraker.internal;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;

/**
 * One printer's connection to Moonraker's websocket, kept up for as long as the driver lives.
 *
 * <p>The sequence follows Moonraker's {@code docs/external_api/introduction.md} ("startup sequence"): connect to
 * {@code /websocket} (retrying with back-off), ask {@code server.info} for {@code klippy_state}; only when it is
 * {@code ready}, list the printer objects ({@code printer.objects.list}), ask {@code heaters} which heaters exist,
 * and subscribe ({@code printer.objects.subscribe}, {@code docs/external_api/printer.md}); the answer is the
 * baseline, {@code notify_status_update} deltas are merged into it. While Klipper is starting, disconnected, shut
 * down or in error, {@code server.info} is asked again every {@code recheck}; {@code notify_klippy_ready} starts the
 * query-and-subscribe over, {@code notify_klippy_shutdown} and {@code notify_klippy_disconnected} change the state at
 * once ({@code docs/external_api/jsonrpc_notifications.md}).
 *
 * <p>Threads: one control thread runs the connection attempts and every request (so sends never overlap); the JDK
 * websocket's listener thread handles incoming frames. Both change the state under one lock, and
 * {@link #snapshot()} copies it: a poll never waits for the network.
 */
final class MoonrakerClient implements AutoCloseable {
    // strict: a frame with trailing garbage or NaN is not JSON-RPC and must not be half-used
    private static final Gson GSON = new GsonBuilder().setStrictness(Strictness.STRICT).create();

    /** What the client logs; the component passes the OSGi logger, tests collect the lines. */
    interface Log {
        void info(String message);

        void warn(String message);
    }

    /**
     * Delays of reconnecting, of asking again while Klipper is not ready, and of the liveness ping: after
     * {@code quiet} without any frame the driver pings; no frame within the timeout after that drops the connection.
     */
    record Timing(Duration firstRetry, Duration maxRetry, Duration recheck, Duration quiet) {
        static final Timing DEFAULT = new Timing(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(2),
                Duration.ofSeconds(10));
    }

    private final DriverSettings settings;
    private final URI websocket;
    private final Timing timing;
    private final Log log;
    private final HttpClient http;
    private final ScheduledExecutorService control;

    private final Object lock = new Object();
    // guarded by lock
    private Session session;
    private Snapshot.Link link = Snapshot.Link.CONNECTING;
    private String linkReason;
    private String klippyState;
    private String klippyMessage;
    private final PrinterObjects objects = new PrinterObjects();
    private Duration retryDelay;
    private long badFrames;
    private String lastBadFrame;
    private boolean closed;

    MoonrakerClient(DriverSettings settings, Timing timing, Log log) {
        this.settings = settings;
        this.websocket = settings.websocketUri();
        this.timing = timing;
        this.log = log;
        this.retryDelay = timing.firstRetry();
        this.linkReason = "connecting to Moonraker at " + websocket + " (no answer yet)";
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        this.control = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "carbine moonraker " + settings.printerId());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts connecting in the background. */
    void start() {
        control.execute(this::connect);
        long period = timing.quiet().toMillis();
        control.scheduleWithFixedDelay(this::checkAlive, period, Math.max(1, period / 2), TimeUnit.MILLISECONDS);
    }

    URI websocket() {
        return websocket;
    }

    /** The state right now, copied. */
    Snapshot snapshot() {
        synchronized (lock) {
            return new Snapshot(link, linkReason, klippyState, klippyMessage, objects.copy());
        }
    }

    /** How many incoming frames were not usable JSON-RPC, and the last of them (for tests and diagnostics). */
    long badFrames() {
        synchronized (lock) {
            return badFrames;
        }
    }

    String lastBadFrame() {
        synchronized (lock) {
            return lastBadFrame;
        }
    }

    @Override
    public void close() {
        Session current;
        synchronized (lock) {
            closed = true;
            current = session;
            session = null;
        }
        control.shutdownNow();
        if (current != null) {
            current.abort();
        }
        http.shutdownNow();
    }

    // ---- control thread ------------------------------------------------------------------------------------

    private void connect() {
        Session attempt = new Session();
        synchronized (lock) {
            if (closed) {
                return;
            }
            session = attempt;
            klippyState = null;
            klippyMessage = null;
            objects.clear();
        }
        long millis = settings.timeout().toMillis();
        WebSocket socket;
        try {
            WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(settings.timeout());
            if (settings.hasApiKey()) {
                builder.header("X-Api-Key", settings.apiKey());
            }
            // the connect timeout covers TCP; this bound covers a server that accepts but never answers the upgrade
            socket = builder.buildAsync(websocket, attempt).get(2 * millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (TimeoutException e) {
            failed(attempt, "no websocket handshake from Moonraker at " + websocket + " within " + 2 * millis + " ms");
            return;
        } catch (ExecutionException e) {
            failed(attempt, connectFailure(e.getCause()));
            return;
        }
        boolean wasLost;
        synchronized (lock) {
            if (session != attempt) {
                socket.abort();
                return;
            }
            attempt.socket = socket;
            wasLost = link == Snapshot.Link.LOST;
            link = Snapshot.Link.CONNECTED;
            linkReason = null;
            retryDelay = timing.firstRetry();
        }
        log.info("Moonraker printer " + settings.printerId() + ": connected to " + websocket
                + (wasLost ? " again" : ""));
        queryKlippy(attempt);
    }

    /** Asks {@code server.info}; subscribes when Klipper is ready, else asks again later. */
    private void queryKlippy(Session s) {
        if (!isCurrent(s)) {
            return;
        }
        try {
            JsonObject info = s.callObject("server.info", null);
            String state = Json.string(info, "klippy_state");
            if (state == null) {
                throw new ProtocolException("server.info has no klippy_state: " + Json.excerpt(info.toString()));
            }
            if (Boolean.FALSE.equals(Json.bool(info, "klippy_connected"))) {
                state = "disconnected";
            }
            if (state.equals("ready")) {
                setKlippy(s, "ready", null);
                subscribe(s);
                return;
            }
            String message = null;
            if (state.equals("shutdown") || state.equals("error")) {
                message = stateMessage(s);
            }
            setKlippy(s, state, message);
            scheduleRecheck(s);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RpcException e) {
            // Klipper changed its state between the questions (e.g. 'Klippy Disconnected'): ask again soon
            log.info("Moonraker printer " + settings.printerId() + ": " + e.getMessage() + "; asking again");
            scheduleRecheck(s);
        } catch (Exception e) {
            broken(s, e);
        }
    }

    /** Asks {@code server.info} again after {@code recheck}; at most one such question is pending per session. */
    private void scheduleRecheck(Session s) {
        synchronized (lock) {
            if (session != s || s.recheckPending) {
                return;
            }
            s.recheckPending = true;
        }
        try {
            control.schedule(() -> {
                synchronized (lock) {
                    s.recheckPending = false;
                }
                queryKlippy(s);
            }, timing.recheck().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // closed meanwhile
        }
    }

    /** {@code printer.info}'s {@code state_message}; null when Klipper cannot tell. */
    private String stateMessage(Session s) throws InterruptedException, ProtocolException, TimeoutException {
        try {
            return Json.string(s.callObject("printer.info", null), "state_message");
        } catch (RpcException e) {
            return null;
        }
    }

    private void subscribe(Session s) throws InterruptedException, ProtocolException, TimeoutException,
            RpcException {
        JsonObject list = s.callObject("printer.objects.list", null);
        JsonElement names = list.get("objects");
        if (names == null || !names.isJsonArray()) {
            throw new ProtocolException("printer.objects.list has no objects list: " + Json.excerpt(list.toString()));
        }
        Set<String> available = new LinkedHashSet<>();
        for (JsonElement name : names.getAsJsonArray()) {
            if (name.isJsonPrimitive() && name.getAsJsonPrimitive().isString()) {
                available.add(name.getAsString());
            }
        }

        Map<String, List<String>> wanted = new LinkedHashMap<>();
        wanted.put("webhooks", List.of("state", "state_message"));
        wanted.put("extruder", List.of("temperature", "target", "power"));
        wanted.put("heater_bed", List.of("temperature", "target", "power"));
        wanted.put("fan", List.of("speed", "rpm"));
        wanted.put("print_stats", List.of("state", "message", "filename", "print_duration", "filament_used", "info"));
        wanted.put("virtual_sdcard", List.of("progress", "is_active"));
        for (String name : available) {
            if (name.startsWith(SampleMapper.SWITCH_SENSOR_PREFIX) || name.startsWith(SampleMapper.MOTION_SENSOR_PREFIX)) {
                wanted.put(name, List.of("filament_detected", "enabled"));
            }
        }
        if (available.contains("heaters")) {
            for (String heater : heaters(s)) {
                wanted.putIfAbsent(heater, List.of("temperature", "target", "power"));
            }
        }
        // the chamber and the named sensors: temperature_sensor, temperature_fan, TMC drivers (heater_generic are
        // heaters, already there unless heaters is missing)
        for (String name : available) {
            if (SampleMapper.isTemperatureObject(name)) {
                wanted.putIfAbsent(name, List.of("temperature", "target"));
            }
        }
        // a requested object that does not exist would only be left out of the answer; asking for what exists is clearer
        wanted.keySet().removeIf(name -> !available.contains(name));

        JsonObject request = new JsonObject();
        JsonObject objectsParam = new JsonObject();
        wanted.forEach((name, fields) -> {
            JsonArray array = new JsonArray();
            fields.forEach(array::add);
            objectsParam.add(name, array);
        });
        request.add("objects", objectsParam);
        // the baseline is installed on the listener thread, before any delta that follows it is merged
        JsonElement result = s.call("printer.objects.subscribe", request, answer -> installBaseline(s, answer));
        if (!result.isJsonObject() || Json.object(result.getAsJsonObject(), "status") == null) {
            throw new ProtocolException("printer.objects.subscribe answered without status: "
                    + Json.excerpt(result.toString()));
        }
        log.info("Moonraker printer " + settings.printerId() + ": Klipper is ready; subscribed to "
                + String.join(", ", wanted.keySet()));
    }

    private List<String> heaters(Session s) throws InterruptedException, ProtocolException, TimeoutException,
            RpcException {
        JsonObject request = new JsonObject();
        JsonObject objectsParam = new JsonObject();
        JsonArray fields = new JsonArray();
        fields.add("available_heaters");
        objectsParam.add("heaters", fields);
        request.add("objects", objectsParam);
        JsonObject answer = s.callObject("printer.objects.query", request);
        JsonObject heaters = Json.object(Json.object(answer, "status"), "heaters");
        List<String> names = new ArrayList<>();
        JsonElement available = heaters == null ? null : heaters.get("available_heaters");
        if (available != null && available.isJsonArray()) {
            for (JsonElement name : available.getAsJsonArray()) {
                if (name.isJsonPrimitive() && name.getAsJsonPrimitive().isString()) {
                    names.add(name.getAsString());
                }
            }
        }
        return names;
    }

    private void refreshStateMessage(Session s) {
        if (!isCurrent(s)) {
            return;
        }
        try {
            String message = stateMessage(s);
            if (message != null) {
                synchronized (lock) {
                    if (session == s && ("shutdown".equals(klippyState) || "error".equals(klippyState))) {
                        klippyMessage = message;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            broken(s, e);
        }
    }

    /**
     * A connection can die without a TCP reset (the printer's host loses power behind a switch): ping when nothing
     * came for {@code quiet}, and drop the connection when not even the pong comes within the timeout.
     */
    private void checkAlive() {
        Session s;
        synchronized (lock) {
            s = session;
        }
        WebSocket socket = s == null ? null : s.socket;
        if (socket == null) {
            return;
        }
        long now = System.nanoTime();
        long silentNanos = now - s.lastFrame;
        if (s.pingSent != 0 && now - s.pingSent > settings.timeout().toNanos() && silentNanos > now - s.pingSent) {
            s.abort();
            lost(s, "Moonraker at " + websocket + " sent nothing for " + silentNanos / 1_000_000
                    + " ms, not even an answer to a ping");
        } else if (s.pingSent == 0 && silentNanos > timing.quiet().toNanos()) {
            s.pingSent = now;
            try {
                socket.sendPing(ByteBuffer.wrap(new byte[] {'c'})).get(settings.timeout().toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                s.abort();
                lost(s, "connection to Moonraker at " + websocket + " failed: a ping could not be sent");
            }
        }
    }

    /** A request failed in a way that leaves the session unusable: drop it and reconnect. */
    private void broken(Session s, Exception e) {
        String reason = e instanceof TimeoutException
                ? "Moonraker at " + websocket + " did not answer within " + settings.timeout().toMillis() + " ms ("
                        + e.getMessage() + ")"
                : "Moonraker at " + websocket + " answered unexpectedly: " + e.getMessage();
        s.abort();
        lost(s, reason);
    }

    private void failed(Session attempt, String reason) {
        Duration delay;
        synchronized (lock) {
            if (session != attempt || closed) {
                return;
            }
            session = null;
            delay = nextDelay();
            linkReason = reason + "; retrying in " + seconds(delay);
        }
        scheduleConnect(delay);
    }

    private void scheduleConnect(Duration delay) {
        try {
            control.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // closed meanwhile
        }
    }

    // ---- any thread ----------------------------------------------------------------------------------------

    /** The connection of {@code s} is gone: forget Klipper's state, reconnect after the back-off. */
    private void lost(Session s, String reason) {
        Duration delay;
        synchronized (lock) {
            if (session != s || closed) {
                return;
            }
            session = null;
            if (link == Snapshot.Link.CONNECTED) {
                link = Snapshot.Link.LOST;
            }
            klippyState = null;
            klippyMessage = null;
            objects.clear();
            delay = nextDelay();
            linkReason = reason + "; reconnecting in " + seconds(delay);
        }
        s.failPending(reason);
        log.warn("Moonraker printer " + settings.printerId() + ": " + reason + "; reconnecting in " + seconds(delay));
        scheduleConnect(delay);
    }

    private Duration nextDelay() {
        Duration delay = retryDelay;
        Duration doubled = retryDelay.multipliedBy(2);
        retryDelay = doubled.compareTo(timing.maxRetry()) > 0 ? timing.maxRetry() : doubled;
        return delay;
    }

    private boolean isCurrent(Session s) {
        synchronized (lock) {
            return session == s && !closed;
        }
    }

    private void setKlippy(Session s, String state, String message) {
        boolean changed;
        synchronized (lock) {
            if (session != s) {
                return;
            }
            changed = !state.equals(klippyState);
            klippyState = state;
            klippyMessage = message;
            if (!state.equals("ready")) {
                objects.clear();
            }
        }
        if (changed && !state.equals("ready")) {
            log.info("Moonraker printer " + settings.printerId() + ": klippy_state '" + state + "'"
                    + (message == null ? "" : ": " + SampleMapper.firstLine(message)));
        }
    }

    private void installBaseline(Session s, JsonElement answer) {
        JsonObject status = answer.isJsonObject() ? Json.object(answer.getAsJsonObject(), "status") : null;
        if (status == null) {
            return; // the control thread reports it
        }
        List<String> skipped;
        synchronized (lock) {
            if (session != s) {
                return;
            }
            skipped = objects.reset(status);
        }
        skipped.forEach(problem -> badFrame(s, "subscribe result: " + problem));
    }

    // ---- listener thread -----------------------------------------------------------------------------------

    private void onMessage(Session s, String text) {
        JsonObject message;
        try {
            JsonElement element = GSON.fromJson(text, JsonElement.class);
            if (element == null || !element.isJsonObject()) {
                badFrame(s, "not a JSON object: '" + Json.excerpt(text) + "'");
                return;
            }
            message = element.getAsJsonObject();
        } catch (JsonParseException e) {
            badFrame(s, "not JSON: '" + Json.excerpt(text) + "'");
            return;
        }
        JsonElement id = message.get("id");
        String method = Json.string(message, "method");
        if (method != null && (id == null || id.isJsonNull())) {
            onNotification(s, method, message.get("params"), text);
        } else if (id != null && id.isJsonPrimitive() && id.getAsJsonPrimitive().isNumber()) {
            s.answer(id.getAsLong(), message, text);
        } else {
            badFrame(s, "neither an answer nor a notification: '" + Json.excerpt(text) + "'");
        }
    }

    private void onNotification(Session s, String method, JsonElement params, String text) {
        switch (method) {
            case "notify_status_update" -> {
                JsonElement delta = params != null && params.isJsonArray() && !params.getAsJsonArray().isEmpty()
                        ? params.getAsJsonArray().get(0) : null;
                if (delta == null || !delta.isJsonObject()) {
                    badFrame(s, "notify_status_update without an object of changes: '" + Json.excerpt(text) + "'");
                    return;
                }
                List<String> skipped;
                synchronized (lock) {
                    if (session != s) {
                        return;
                    }
                    skipped = objects.merge(delta.getAsJsonObject());
                }
                skipped.forEach(problem -> badFrame(s, "notify_status_update: " + problem));
            }
            case "notify_klippy_shutdown" -> {
                String message;
                synchronized (lock) {
                    message = Json.string(objects.copy().get("webhooks"), "state_message");
                }
                setKlippy(s, "shutdown", message);
                runOnControl(() -> refreshStateMessage(s));
                scheduleRecheck(s);
            }
            case "notify_klippy_disconnected" -> {
                setKlippy(s, "disconnected", null);
                scheduleRecheck(s);
            }
            case "notify_klippy_ready" -> runOnControl(() -> queryKlippy(s));
            default -> {
                // gcode responses, proc stats, file list changes ...: not telemetry
            }
        }
    }

    private void runOnControl(Runnable task) {
        try {
            control.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // closed meanwhile
        }
    }

    private void badFrame(Session s, String problem) {
        long count;
        synchronized (lock) {
            if (session != s) {
                return;
            }
            count = ++badFrames;
            lastBadFrame = problem;
        }
        // the first few, then one in a hundred: a babbling server must not flood the log
        if (count <= 3 || count % 100 == 0) {
            log.warn("Moonraker printer " + settings.printerId() + ": ignored a frame from " + websocket + " ("
                    + count + " so far): " + problem);
        }
    }

    private String connectFailure(Throwable cause) {
        if (cause instanceof WebSocketHandshakeException handshake) {
            int status = handshake.getResponse().statusCode();
            String hint = status == 401 || status == 403
                    ? (settings.hasApiKey() ? " (the apiKey is wrong)" : " (Moonraker wants an apiKey: this address is not "
                            + "one of its trusted_clients)")
                    : status == 404 ? " (no /websocket here: is the url Moonraker's, e.g. http://host:7125?)" : "";
            return "Moonraker at " + websocket + " refused the websocket: HTTP " + status + hint;
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return "could not connect to Moonraker at " + websocket + " within " + settings.timeout().toMillis() + " ms";
        }
        if (cause instanceof HttpTimeoutException) {
            // the JDK's websocket connect timeout covers the opening handshake too
            return "no websocket handshake from Moonraker at " + websocket + " within " + settings.timeout().toMillis()
                    + " ms";
        }
        if (cause instanceof ConnectException) {
            return "cannot connect to Moonraker at " + websocket + ": " + describe(cause);
        }
        return "connecting to Moonraker at " + websocket + " failed: " + describe(cause);
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && (root.getMessage() == null || root.getMessage().isBlank())) {
            root = root.getCause();
        }
        return root.getMessage() == null || root.getMessage().isBlank() ? root.getClass().getSimpleName()
                : root.getMessage();
    }

    private static String seconds(Duration delay) {
        long millis = delay.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** A frame or answer that does not have the documented shape. */
    static final class ProtocolException extends Exception {
        private static final long serialVersionUID = 1L;

        ProtocolException(String message) {
            super(message);
        }
    }

    private record Pending(String method, CompletableFuture<JsonElement> result, Consumer<JsonElement> onAnswer) {}

    /** One websocket connection: its requests in flight and the listener of its frames. */
    private final class Session implements WebSocket.Listener {
        private final AtomicLong ids = new AtomicLong();
        private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
        private final StringBuilder text = new StringBuilder();
        private volatile WebSocket socket;
        // System.nanoTime() of the last frame received, and of the ping sent since (0: none)
        private volatile long lastFrame = System.nanoTime();
        private volatile long pingSent;
        // guarded by the client's lock
        private boolean recheckPending;

        /** Sends a request and waits for its result (control thread only: sends never overlap). */
        JsonElement call(String method, JsonObject params, Consumer<JsonElement> onAnswer)
                throws InterruptedException, TimeoutException, RpcException, ProtocolException {
            long id = ids.incrementAndGet();
            JsonObject request = new JsonObject();
            request.addProperty("jsonrpc", "2.0");
            request.addProperty("method", method);
            if (params != null) {
                request.add("params", params);
            }
            request.addProperty("id", id);
            Pending call = new Pending(method, new CompletableFuture<>(), onAnswer);
            pending.put(id, call);
            long millis = settings.timeout().toMillis();
            try {
                WebSocket current = socket;
                if (current == null) {
                    throw new ProtocolException("no connection for " + method);
                }
                current.sendText(request.toString(), true).get(millis, TimeUnit.MILLISECONDS);
                return call.result().get(millis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new TimeoutException("no answer to " + method);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RpcException rpc) {
                    throw rpc;
                }
                throw new ProtocolException(method + ": " + describe(e.getCause()));
            } finally {
                pending.remove(id);
            }
        }

        JsonObject callObject(String method, JsonObject params)
                throws InterruptedException, TimeoutException, RpcException, ProtocolException {
            JsonElement result = call(method, params, null);
            if (!result.isJsonObject()) {
                throw new ProtocolException(method + " answered " + Json.excerpt(result.toString())
                        + " instead of an object");
            }
            return result.getAsJsonObject();
        }

        void answer(long id, JsonObject message, String text) {
            Pending call = pending.get(id);
            if (call == null) {
                badFrame(this, "an answer to no request (id " + id + "): '" + Json.excerpt(text) + "'");
                return;
            }
            JsonObject error = Json.object(message, "error");
            JsonElement result = message.get("result");
            if (error != null) {
                Double code = Json.number(error, "code");
                String errorMessage = Json.string(error, "message");
                call.result().completeExceptionally(new RpcException(call.method(), code == null ? 0 : code.intValue(),
                        errorMessage == null ? Json.excerpt(error.toString()) : errorMessage));
            } else if (result != null) {
                if (call.onAnswer() != null) {
                    call.onAnswer().accept(result);
                }
                call.result().complete(result);
            } else {
                call.result().completeExceptionally(new ProtocolException(
                        "answer without result or error: '" + Json.excerpt(text) + "'"));
            }
        }

        void failPending(String reason) {
            pending.values().forEach(call -> call.result().completeExceptionally(new ProtocolException(reason)));
        }

        void abort() {
            WebSocket current = socket;
            if (current != null) {
                current.abort();
            }
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            heard();
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    onMessage(this, message);
                } catch (RuntimeException e) {
                    badFrame(this, "could not be handled (" + e + "): '" + Json.excerpt(message) + "'");
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            heard();
            if (last) {
                badFrame(this, "a binary frame (Moonraker sends JSON text)");
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            heard(); // the JDK answers with the pong itself
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            heard();
            webSocket.request(1);
            return null;
        }

        private void heard() {
            lastFrame = System.nanoTime();
            pingSent = 0;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            lost(this, "Moonraker at " + websocket + " closed the connection (" + statusCode
                    + (reason == null || reason.isBlank() ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            lost(this, "connection to Moonraker at " + websocket + " failed: " + describe(error));
        }
    }
}
