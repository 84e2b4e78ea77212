package carbine.driver.octoprint.peer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A protocol peer of OctoPrint's REST API for tests: a real HTTP server on loopback (port 0) that answers
 * {@code GET /api/printer} and {@code GET /api/job} with the shapes OctoPrint documents. Not OctoPrint's code: its
 * answers are written from the documentation of OctoPrint/OctoPrint (dev branch, June 2026):
 * <ul>
 * <li>docs/api/general.rst, "Authorization": the key in {@code X-Api-Key} or {@code Authorization: Bearer}; a missing
 * or invalid key makes the request anonymous, and anonymous requests get 403;</li>
 * <li>docs/api/printer.rst, "Retrieve the current printer state": the full state response, {@code sd} before 2.0 and
 * {@code storage} from 2.0; 409 "If the printer is not operational";</li>
 * <li>docs/api/job.rst, "Retrieve information about the current job" and its data model (the pydantic schema
 * src/octoprint/schema/api/job.py): {@code job}, {@code progress} ({@code completion} in percent, null without a
 * job), {@code state}, and {@code error} only after an error;</li>
 * <li>docs/api/datamodel.rst, "Printer State" and "Temperature Data": the flags, {@code actual}/{@code target}
 * ({@code target} may be null) and {@code offset}; the flags {@code resuming} and {@code finishing} as
 * src/octoprint/printer/standard.py {@code _get_state_flags} sends them;</li>
 * <li>API errors as {@code {"error": "..."}} (src/octoprint/server/util/flask.py {@code make_api_error}).</li>
 * </ul>
 * Thread-safe; the mode can be switched while a driver polls it.
 */
public final class OctoPrintPeer implements AutoCloseable {
    /** What the peer's printer is doing. */
    public enum Mode {
        /** Connected and idle: state "Operational". */
        OPERATIONAL,
        /** Printing a job: state "Printing", the job's completion set. */
        PRINTING,
        /** A paused job: state "Paused". */
        PAUSED,
        /** OctoPrint up, printer not connected: /api/printer answers 409, the job's state is "Offline". */
        DISCONNECTED,
        /** The connection failed with an error: /api/printer answers 409, the job's state and error say so. */
        ERROR,
        /** Requests are accepted and never answered (until {@link #close()}): a hung server. */
        HOLD,
        /** Both endpoints answer 200 with an HTML page instead of JSON. */
        GARBAGE,
        /** /api/printer answers 200 with a valid start and then more than 1 MiB. */
        HUGE
    }

    /** The answers' shape: before OctoPrint 2.0, or 2.0 as sent to a client asking for API version 2.0.0. */
    public enum Shape {
        PRE_2_0,
        V2_0
    }

    public static final String DEFAULT_ERROR_TEXT =
            "Error: Thermal Runaway, system stopped! Heater_ID: 0 - Printer halted. kill() called!";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "octoprint-peer");
        thread.setDaemon(true);
        return thread;
    });
    private final String apiKey;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private volatile Mode mode = Mode.OPERATIONAL;
    private volatile Shape shape = Shape.PRE_2_0;
    private volatile double nozzle = 24.8;
    private volatile double nozzleTarget = 0;
    private volatile double bed = 23.1;
    private volatile double bedTarget = 0;
    private volatile double completion = 42.5;
    private volatile String errorText = DEFAULT_ERROR_TEXT;

    private OctoPrintPeer(String apiKey) throws IOException {
        this.apiKey = apiKey;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a peer that accepts exactly this API key. */
    public static OctoPrintPeer start(String apiKey) throws IOException {
        return new OctoPrintPeer(apiKey);
    }

    /** The base URL, {@code http://127.0.0.1:PORT/}: what a driver is configured with. */
    public URI baseUrl() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/");
    }

    public OctoPrintPeer mode(Mode newMode) {
        mode = newMode;
        return this;
    }

    public Mode mode() {
        return mode;
    }

    public OctoPrintPeer shape(Shape newShape) {
        shape = newShape;
        return this;
    }

    /** Temperatures, degrees Celsius; a target of 0 is sent as it is (OctoPrint's "off"). */
    public OctoPrintPeer temperatures(double nozzleActual, double nozzleTargetValue, double bedActual,
            double bedTargetValue) {
        nozzle = nozzleActual;
        nozzleTarget = nozzleTargetValue;
        bed = bedActual;
        bedTarget = bedTargetValue;
        return this;
    }

    /** The job's completion in percent (PRINTING and PAUSED). */
    public OctoPrintPeer completion(double percent) {
        completion = percent;
        return this;
    }

    /** OctoPrint's error text in mode ERROR. */
    public OctoPrintPeer errorText(String text) {
        errorText = text;
        return this;
    }

    /** How many requests reached a path such as {@code /api/printer} (including refused ones). */
    public int requests(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Mode current = mode;
            if (current == Mode.HOLD) {
                closed.await(5, TimeUnit.MINUTES);
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, error("The method is not allowed for the requested URL."));
            } else if (!path.equals("/api/printer") && !path.equals("/api/job")) {
                send(exchange, 404, error("The requested URL was not found on the server. If you entered the URL "
                        + "manually please check your spelling and try again."));
            } else if (!authorized(exchange)) {
                // Flask's Forbidden description, as make_api_error renders it for an anonymous request
                send(exchange, 403, error("You don't have the permission to access the requested resource. It is "
                        + "either read-protected or not readable by the server."));
            } else if (current == Mode.GARBAGE) {
                sendRaw(exchange, 200, "text/html; charset=utf-8",
                        "<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>");
            } else if (path.equals("/api/printer")) {
                printer(exchange, current);
            } else {
                send(exchange, 200, job(current));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // the driver gave up (timeout, a body over its limit)
        }
    }

    private boolean authorized(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("X-Api-Key");
        String bearer = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null && bearer != null && bearer.regionMatches(true, 0, "Bearer ", 0, 7)) {
            header = bearer.substring(7).strip();
        }
        return apiKey.equals(header);
    }

    private void printer(HttpExchange exchange, Mode current) throws IOException {
        switch (current) {
            case DISCONNECTED, ERROR -> send(exchange, 409, error("Printer is not operational"));
            case HUGE -> sendHuge(exchange);
            default -> send(exchange, 200, printerState(current));
        }
    }

    // docs/api/printer.rst, "Retrieve the current printer state", example 1 (without history)
    private String printerState(Mode current) {
        boolean printing = current == Mode.PRINTING;
        boolean paused = current == Mode.PAUSED;
        String text = switch (current) {
            case PRINTING -> "Printing";
            case PAUSED -> "Paused";
            default -> "Operational";
        };
        return "{\"temperature\":{"
                + "\"tool0\":{\"actual\":" + nozzle + ",\"target\":" + nozzleTarget + ",\"offset\":0},"
                + "\"bed\":{\"actual\":" + bed + ",\"target\":" + bedTarget + ",\"offset\":0}},"
                + "\"" + (shape == Shape.V2_0 ? "storage" : "sd") + "\":{\"ready\":true},"
                + "\"state\":{\"text\":\"" + text + "\",\"flags\":{"
                + "\"operational\":true,\"printing\":" + printing + ",\"cancelling\":false,\"pausing\":false,"
                + "\"resuming\":false,\"finishing\":false,\"closedOrError\":false,\"error\":false,"
                + "\"paused\":" + paused + ",\"ready\":" + !(printing || paused) + ",\"sdReady\":true}}}";
    }

    // docs/api/job.rst, "Retrieve information about the current job", both tabs; without a job every value is null
    private String job(Mode current) {
        boolean hasJob = current == Mode.PRINTING || current == Mode.PAUSED;
        String file = hasJob
                ? "{\"name\":\"whistle_v2.gcode\",\"path\":\"whistle_v2.gcode\",\"display\":\"whistle_v2.gcode\","
                        + "\"origin\":\"local\",\"size\":1468987,\"date\":1378847754}"
                : "{\"name\":null,\"path\":null,\"display\":null,\"origin\":null,\"size\":null,\"date\":null}";
        String filament = !hasJob ? "null"
                : "{\"tool0\":{\"length\":810,\"volume\":5.36}}";
        String progress = hasJob
                ? "{\"completion\":" + completion + ",\"filepos\":337942,\"printTime\":276,\"printTimeLeft\":912,"
                        + "\"printTimeLeftOrigin\":\"linear\"}"
                : "{\"completion\":null,\"filepos\":null,\"printTime\":null,\"printTimeLeft\":null,"
                        + "\"printTimeLeftOrigin\":null}";
        String state = switch (current) {
            case PRINTING -> "Printing";
            case PAUSED -> "Paused";
            case DISCONNECTED -> "Offline";
            case ERROR -> "Offline after error";
            default -> "Operational";
        };
        StringBuilder json = new StringBuilder("{\"job\":{\"file\":").append(file)
                .append(",\"estimatedPrintTime\":").append(hasJob ? "8811" : "null");
        if (shape == Shape.PRE_2_0) {
            json.append(",\"lastPrintTime\":null");
        }
        json.append(",\"filament\":").append(filament).append(",\"user\":").append(hasJob ? "\"someone\"" : "null")
                .append("},\"progress\":").append(progress).append(",\"state\":\"").append(state).append('"');
        if (current == Mode.ERROR) {
            json.append(",\"error\":\"").append(escape(errorText)).append('"');
        }
        return json.append('}').toString();
    }

    private static String error(String message) {
        return "{\"error\":\"" + escape(message) + "\"}";
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        sendRaw(exchange, status, "application/json", json);
    }

    private static void sendRaw(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** 2 MiB: a JSON object whose string value never ends before the limit. */
    private static void sendHuge(HttpExchange exchange) throws IOException {
        byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("{\"padding\":\"".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 32; i++) {
                out.write(chunk);
            }
            out.write("\"}".getBytes(StandardCharsets.US_ASCII));
        }
    }
}
