package carbine.driver.moonraker.peer;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A Moonraker stand-in for tests: a websocket server (RFC 6455, written here on a plain {@link ServerSocket}, no
 * library) at {@code /websocket} that speaks Moonraker's JSON-RPC 2.0 with the shapes of its documentation.
 *
 * <ul>
 * <li>Methods: {@code server.info} ({@code docs/external_api/server.md}, "Query Server Info"), {@code printer.info},
 * {@code printer.objects.list}, {@code printer.objects.query} and {@code printer.objects.subscribe}
 * ({@code docs/external_api/printer.md}); anything else is JSON-RPC error -32601. While Klippy is
 * {@code disconnected}, the {@code printer.*} methods fail with 503 "Klippy Disconnected" as Moonraker's do.</li>
 * <li>Subscribe answers {@code {eventtime, status}} with the requested objects and fields (absent ones left out,
 * no error); {@link #update} then pushes {@code notify_status_update} with {@code [changes, eventtime]}, only the
 * subscribed objects and fields ({@code docs/external_api/jsonrpc_notifications.md}).</li>
 * <li>{@link #shutdown}, {@link #disconnectKlippy}, {@link #ready} play Klipper's state changes with their
 * notifications; {@link #sendRaw} sends any text (garbage); {@link #stop}/{@link #restart} take the server away
 * and back on the same port.</li>
 * <li>With {@link #requireApiKey}, an upgrade without that {@code X-Api-Key} is answered 401
 * ({@code docs/external_api/authorization.md}).</li>
 * </ul>
 *
 * <p>The printer it starts with is a small Voron-like Klipper printer at room temperature, idle.
 */
public final class MoonrakerPeer implements AutoCloseable {
    /** A real Klipper shutdown reason with the text Klipper adds to every shutdown message. */
    public static final String LOST_MCU_MESSAGE = "Lost communication with MCU 'mcu'\n"
            + "Once the underlying issue is corrected, use the\n"
            + "\"FIRMWARE_RESTART\" command to reset the firmware, reload the\n"
            + "config, and restart the host software.\nPrinter is shutdown\n";

    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final Object lock = new Object();
    private final Map<String, JsonObject> status = new LinkedHashMap<>();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<String> methods = new CopyOnWriteArrayList<>();
    private final List<String> apiKeysSeen = new CopyOnWriteArrayList<>();
    private final AtomicInteger upgrades = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final long start = System.nanoTime();
    private String klippyState = "ready";
    private String stateMessage = "Printer is ready";
    private String apiKey;
    private final java.util.Set<String> ignored = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean muted;
    private int port;
    private ServerSocket server;

    private MoonrakerPeer() {
        object("webhooks", "state", "ready", "state_message", "Printer is ready");
        object("extruder", "temperature", 24.8, "target", 0.0, "power", 0.0, "can_extrude", false,
                "pressure_advance", 0.04, "smooth_time", 0.04);
        object("heater_bed", "temperature", 23.9, "target", 0.0, "power", 0.0);
        object("heater_generic chamber", "temperature", 22.1, "target", 0.0, "power", 0.0);
        object("fan", "speed", 0.0, "rpm", 0.0);
        object("print_stats", "filename", "", "total_duration", 0.0, "print_duration", 0.0, "filament_used", 0.0,
                "state", "standby", "message", "");
        object("virtual_sdcard", "file_path", null, "progress", 0.0, "is_active", false, "file_position", 0,
                "file_size", 0);
        object("filament_switch_sensor runout", "filament_detected", true, "enabled", true);
        object("filament_motion_sensor encoder", "filament_detected", true, "enabled", true);
        object("toolhead", "homed_axes", "", "print_time", 0.0, "extruder", "extruder");
        object("idle_timeout", "state", "Idle", "printing_time", 0.0);
        JsonObject heaters = new JsonObject();
        heaters.add("available_heaters", strings("extruder", "heater_bed", "heater_generic chamber"));
        heaters.add("available_sensors", strings("extruder", "heater_bed", "heater_generic chamber"));
        heaters.add("available_monitors", new JsonArray());
        status.put("heaters", heaters);
    }

    /** Starts a peer on a free loopback port. */
    public static MoonrakerPeer start() throws IOException {
        MoonrakerPeer peer = new MoonrakerPeer();
        peer.listen(0);
        return peer;
    }

    /** Upgrades without this {@code X-Api-Key} are refused with 401 from now on. */
    public MoonrakerPeer requireApiKey(String key) {
        this.apiKey = key;
        return this;
    }

    public int port() {
        return port;
    }

    /** Moonraker's base URL, what a driver is configured with. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Every JSON-RPC method received, in order. */
    public List<String> methods() {
        return List.copyOf(methods);
    }

    /** The {@code X-Api-Key} header of every upgrade request ("" when there was none). */
    public List<String> apiKeysSeen() {
        return List.copyOf(apiKeysSeen);
    }

    /** Websocket upgrades accepted, and refused (401), since the start. */
    public int upgrades() {
        return upgrades.get();
    }

    public int refusedUpgrades() {
        return refused.get();
    }

    /** Websocket connections open now. */
    public int openConnections() {
        return (int) connections.stream().filter(c -> !c.socket.isClosed()).count();
    }

    /** Sets Klippy's state for the next {@code server.info}, without notifications (e.g. before a driver starts). */
    public void klippyState(String state, String message) {
        synchronized (lock) {
            klippyState = state;
            stateMessage = message;
            JsonObject webhooks = status.get("webhooks");
            webhooks.addProperty("state", state.equals("disconnected") ? "startup" : state);
            webhooks.addProperty("state_message", message);
        }
    }

    /**
     * Changes fields of one printer object and pushes them as {@code notify_status_update} to every connection
     * subscribed to them, e.g. {@code update("extruder", "temperature", 211.3, "power", 0.62)}.
     */
    public void update(String object, Object... fieldsAndValues) {
        JsonObject delta = new JsonObject();
        delta.add(object, fields(fieldsAndValues));
        update(delta);
    }

    /** Merges a whole delta {@code {object: {field: value}}} and pushes it. */
    public void update(JsonObject delta) {
        synchronized (lock) {
            for (Map.Entry<String, JsonElement> entry : delta.entrySet()) {
                JsonObject target = status.computeIfAbsent(entry.getKey(), k -> new JsonObject());
                entry.getValue().getAsJsonObject().entrySet().forEach(f -> target.add(f.getKey(), f.getValue()));
            }
            for (Connection connection : connections) {
                JsonObject filtered = connection.filter(delta);
                if (!filtered.isEmpty()) {
                    JsonArray params = new JsonArray();
                    params.add(filtered);
                    params.add(eventtime());
                    connection.notify("notify_status_update", params);
                }
            }
        }
    }

    /** Klipper shuts down with {@code message}: the webhooks change is pushed, then {@code notify_klippy_shutdown}. */
    public void shutdown(String message) {
        synchronized (lock) {
            klippyState = "shutdown";
            stateMessage = message;
            update("webhooks", "state", "shutdown", "state_message", message);
            connections.forEach(c -> c.notify("notify_klippy_shutdown", null));
        }
    }

    /** Moonraker loses Klippy ({@code notify_klippy_disconnected}); Klippy then reports {@code startup}. */
    public void disconnectKlippy() {
        synchronized (lock) {
            klippyState = "disconnected";
            stateMessage = "Klippy Disconnected";
            connections.forEach(c -> {
                c.subscription = null;
                c.notify("notify_klippy_disconnected", null);
            });
        }
    }

    /** Klippy is ready again ({@code notify_klippy_ready}). */
    public void ready() {
        synchronized (lock) {
            klippyState = "ready";
            stateMessage = "Printer is ready";
            status.get("webhooks").addProperty("state", "ready");
            status.get("webhooks").addProperty("state_message", stateMessage);
            connections.forEach(c -> c.notify("notify_klippy_ready", null));
        }
    }

    /** Sends a text frame as it is to every connection: garbage, a foreign notification, … */
    public void sendRaw(String text) {
        connections.forEach(c -> c.send(0x1, text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Sends a binary frame to every connection. */
    public void sendBinary(byte[] data) {
        connections.forEach(c -> c.send(0x2, data));
    }

    /** Requests of this method get no answer from now on (a Moonraker that hangs on one request). */
    public void ignore(String method) {
        ignored.add(method);
    }

    /**
     * While muted, every connection stays open but answers nothing, not even pings: a host that lost power behind a
     * switch, as the client sees it (no TCP reset).
     */
    public void mute(boolean mute) {
        this.muted = mute;
    }

    /** Takes the server away as a crash would: the listening socket and every connection closed, no close frame. */
    public void stop() {
        synchronized (lock) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
            connections.forEach(Connection::kill);
            connections.clear();
        }
    }

    /** Listens again on the same port (after {@link #stop}). */
    public void restart() throws IOException {
        listen(port);
    }

    @Override
    public void close() {
        stop();
    }

    // ---- server ------------------------------------------------------------------------------------------

    private void listen(int wantedPort) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wantedPort));
        synchronized (lock) {
            server = socket;
            port = socket.getLocalPort();
        }
        Thread acceptor = new Thread(() -> accept(socket), "moonraker peer :" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread.ofVirtual().name("moonraker peer connection").start(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            Map<String, String> headers = new LinkedHashMap<>();
            String requestLine = readLine(in);
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            String[] parts = requestLine.split(" ");
            String key = headers.get("sec-websocket-key");
            if (parts.length < 2 || !parts[1].equals("/websocket") || key == null
                    || !"websocket".equalsIgnoreCase(headers.get("upgrade"))) {
                respond(out, 404, "Not Found");
                return;
            }
            String givenKey = headers.getOrDefault("x-api-key", "");
            apiKeysSeen.add(givenKey);
            if (apiKey != null && !apiKey.equals(givenKey)) {
                refused.incrementAndGet();
                respond(out, 401, "Unauthorized");
                return;
            }
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            upgrades.incrementAndGet();
            Connection connection = new Connection(socket, out);
            connections.add(connection);
            try {
                connection.read(in);
            } finally {
                connections.remove(connection);
            }
        } catch (IOException gone) {
            // the client or stop() closed the socket
        }
    }

    private static void respond(OutputStream out, int code, String reason) throws IOException {
        byte[] body = ("{\"error\": {\"code\": " + code + ", \"message\": \"" + reason + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + code + " " + reason + "\r\nContent-Type: application/json; charset=UTF-8\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed in the request head");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    // ---- JSON-RPC ----------------------------------------------------------------------------------------

    private JsonObject answer(Connection connection, JsonObject request) {
        String method = request.has("method") ? request.get("method").getAsString() : "";
        methods.add(method);
        JsonElement params = request.get("params");
        synchronized (lock) {
            if (method.startsWith("printer.") && klippyState.equals("disconnected")) {
                return error(503, "Klippy Disconnected");
            }
            switch (method) {
                case "server.info" -> {
                    JsonObject info = new JsonObject();
                    info.addProperty("klippy_connected", !klippyState.equals("disconnected"));
                    info.addProperty("klippy_state", klippyState);
                    info.add("components", strings("database", "file_manager", "klippy_apis", "machine", "data_store",
                            "history"));
                    info.add("failed_components", new JsonArray());
                    info.add("registered_directories", strings("config", "gcodes", "logs"));
                    info.add("warnings", new JsonArray());
                    info.addProperty("websocket_count", connections.size());
                    info.addProperty("moonraker_version", "v0.9.3-peer");
                    JsonArray version = new JsonArray();
                    version.add(1);
                    version.add(5);
                    version.add(0);
                    info.add("api_version", version);
                    info.addProperty("api_version_string", "1.5.0");
                    return result(info);
                }
                case "printer.info" -> {
                    JsonObject info = new JsonObject();
                    info.addProperty("state", klippyState);
                    info.addProperty("state_message", stateMessage);
                    info.addProperty("hostname", "voron-peer");
                    info.addProperty("software_version", "v0.12.0-peer");
                    info.addProperty("cpu_info", "4 core ARMv7 Processor rev 3 (v7l)");
                    return result(info);
                }
                case "printer.objects.list" -> {
                    JsonObject list = new JsonObject();
                    list.add("objects", strings(status.keySet().toArray(String[]::new)));
                    return result(list);
                }
                case "printer.objects.query", "printer.objects.subscribe" -> {
                    JsonObject requested = params != null && params.isJsonObject()
                            && params.getAsJsonObject().get("objects") instanceof JsonObject o ? o : null;
                    if (requested == null) {
                        return error(400, "Invalid argument: objects");
                    }
                    if (method.endsWith("subscribe")) {
                        connection.subscription = requested.deepCopy();
                    }
                    JsonObject answer = new JsonObject();
                    answer.addProperty("eventtime", eventtime());
                    answer.add("status", select(requested, status));
                    return result(answer);
                }
                default -> {
                    return error(-32601, "Method not found");
                }
            }
        }
    }

    private double eventtime() {
        // Klipper's monotonic clock: seconds since the host booted; here since the peer started, plus a boot offset
        return 4_000 + (System.nanoTime() - start) / 1e9;
    }

    private static JsonObject select(JsonObject requested, Map<String, JsonObject> from) {
        JsonObject selected = new JsonObject();
        for (Map.Entry<String, JsonElement> entry : requested.entrySet()) {
            JsonObject object = from.get(entry.getKey());
            if (object == null) {
                continue; // a requested object that does not exist is left out, no error
            }
            if (entry.getValue() == null || entry.getValue().isJsonNull()) {
                selected.add(entry.getKey(), object.deepCopy());
            } else {
                JsonObject fields = new JsonObject();
                for (JsonElement field : entry.getValue().getAsJsonArray()) {
                    if (object.has(field.getAsString())) {
                        fields.add(field.getAsString(), object.get(field.getAsString()).deepCopy());
                    }
                }
                selected.add(entry.getKey(), fields);
            }
        }
        return selected;
    }

    private static JsonObject result(JsonElement result) {
        JsonObject answer = new JsonObject();
        answer.addProperty("jsonrpc", "2.0");
        answer.add("result", result);
        return answer;
    }

    private static JsonObject error(int code, String message) {
        JsonObject error = new JsonObject();
        error.addProperty("code", code);
        error.addProperty("message", message);
        JsonObject answer = new JsonObject();
        answer.addProperty("jsonrpc", "2.0");
        answer.add("error", error);
        return answer;
    }

    private void object(String name, Object... fieldsAndValues) {
        status.put(name, fields(fieldsAndValues));
    }

    private static JsonObject fields(Object... fieldsAndValues) {
        JsonObject fields = new JsonObject();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            String name = (String) fieldsAndValues[i];
            Object value = fieldsAndValues[i + 1];
            if (value == null) {
                fields.add(name, JsonNull.INSTANCE);
            } else if (value instanceof Number n) {
                fields.addProperty(name, n);
            } else if (value instanceof Boolean b) {
                fields.addProperty(name, b);
            } else if (value instanceof JsonElement e) {
                fields.add(name, e);
            } else {
                fields.addProperty(name, value.toString());
            }
        }
        return fields;
    }

    private static JsonArray strings(String... values) {
        JsonArray array = new JsonArray();
        for (String value : values) {
            array.add(value);
        }
        return array;
    }

    /** One websocket connection: frames in, frames out. */
    private final class Connection {
        private final Socket socket;
        private final OutputStream out;
        // guarded by the peer's lock
        private JsonObject subscription;

        Connection(Socket socket, OutputStream out) {
            this.socket = socket;
            this.out = out;
        }

        void read(InputStream in) throws IOException {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            while (true) {
                int b0 = in.read();
                int b1 = in.read();
                if (b0 < 0 || b1 < 0) {
                    return;
                }
                boolean fin = (b0 & 0x80) != 0;
                int opcode = b0 & 0x0f;
                long length = b1 & 0x7f;
                if (length == 126) {
                    length = (readByte(in) << 8) | readByte(in);
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | readByte(in);
                    }
                }
                byte[] mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : null;
                byte[] payload = in.readNBytes((int) length);
                if (payload.length < length) {
                    return;
                }
                if (mask != null) {
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i % 4];
                    }
                }
                switch (opcode) {
                    case 0x0, 0x1 -> {
                        message.write(payload);
                        if (fin) {
                            handle(message.toString(StandardCharsets.UTF_8));
                            message.reset();
                        }
                    }
                    case 0x8 -> {
                        send(0x8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                        return;
                    }
                    case 0x9 -> {
                        if (!muted) {
                            send(0xA, payload);
                        }
                    }
                    default -> {
                        // pong, binary: nothing to do
                    }
                }
            }
        }

        private int readByte(InputStream in) throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            return b;
        }

        private void handle(String text) {
            if (muted) {
                return;
            }
            JsonObject request;
            try {
                request = JsonParser.parseString(text).getAsJsonObject();
            } catch (RuntimeException e) {
                JsonObject parseError = error(-32700, "Parse error");
                parseError.add("id", JsonNull.INSTANCE);
                send(0x1, parseError.toString().getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (request.has("method") && ignored.contains(request.get("method").getAsString())) {
                methods.add(request.get("method").getAsString());
                return;
            }
            JsonObject answer = answer(this, request);
            answer.add("id", request.get("id"));
            send(0x1, answer.toString().getBytes(StandardCharsets.UTF_8));
        }

        void notify(String method, JsonArray params) {
            JsonObject notification = new JsonObject();
            notification.addProperty("jsonrpc", "2.0");
            notification.addProperty("method", method);
            if (params != null) {
                notification.add("params", params);
            }
            send(0x1, notification.toString().getBytes(StandardCharsets.UTF_8));
        }

        /** The part of a delta this connection subscribed to. */
        JsonObject filter(JsonObject delta) {
            return subscription == null ? new JsonObject() : select(delta.entrySet().stream()
                    .filter(e -> subscription.has(e.getKey()))
                    .collect(JsonObject::new, (o, e) -> o.add(e.getKey(), subscription.get(e.getKey())), (a, b) -> {}),
                    toMap(delta));
        }

        synchronized void send(int opcode, byte[] payload) {
            try {
                ByteArrayOutputStream frame = new ByteArrayOutputStream();
                frame.write(0x80 | opcode);
                if (payload.length < 126) {
                    frame.write(payload.length);
                } else if (payload.length < 65_536) {
                    frame.write(126);
                    frame.write(payload.length >>> 8);
                    frame.write(payload.length & 0xff);
                } else {
                    frame.write(127);
                    for (int i = 7; i >= 0; i--) {
                        frame.write((int) ((long) payload.length >>> (8 * i)) & 0xff);
                    }
                }
                frame.write(payload);
                out.write(frame.toByteArray());
                out.flush();
            } catch (IOException | RuntimeException gone) {
                kill();
            }
        }

        void kill() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed anyway
            }
        }
    }

    private static Map<String, JsonObject> toMap(JsonObject delta) {
        Map<String, JsonObject> map = new LinkedHashMap<>();
        delta.entrySet().forEach(e -> map.put(e.getKey(), e.getValue().getAsJsonObject()));
        return map;
    }
}
