package carbine.driver.prusalink.peer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A protocol peer of a printer's PrusaLink for tests: a real HTTP server on loopback (port 0) that answers
 * {@code GET /api/v1/status} behind HTTP Digest authentication. Not Prusa's code; written from:
 * <ul>
 * <li>prusa3d/Prusa-Link-Web spec/openapi.yaml: {@code /api/v1/status} and its schemas {@code StatusPrinter}
 * ({@code state} required; {@code temp_nozzle, target_nozzle, temp_bed, target_bed, axis_z, flow, speed, fan_hotend,
 * fan_print}, {@code status_printer{ok,message}}), {@code StatusJob} ({@code id, progress, time_remaining,
 * time_printing}) and {@code StatusStorage}; the Buddy firmware's lib/WUI/nhttp/status_renderer.cpp for the fans in
 * RPM and {@code axis_x}/{@code axis_y} only when not printing;</li>
 * <li>the Digest check from RFC 7616 section 3.4.1 / RFC 2069 (no {@code qop}: response = MD5(HA1:nonce:HA2)) with
 * the behaviour of Prusa-Firmware-Buddy tests/unit/lib/WUI/nhttp/server_tests.cpp: realm {@code "Printer API"}, a
 * 16-hex-digit nonce, no {@code qop}; right credentials with an expired nonce get 401 with {@code stale=true} and a
 * new nonce, wrong ones {@code stale=false}.</li>
 * </ul>
 * Thread-safe; the mode can be switched while a driver polls it.
 */
public final class PrusaLinkPeer implements AutoCloseable {
    public static final String REALM = "Printer API";
    public static final String STATUS_PATH = "/api/v1/status";

    /** What the peer's printer is doing. */
    public enum Mode {
        IDLE, READY, BUSY, PRINTING, PAUSED, FINISHED, STOPPED,
        /** The printer reports an error, with {@link #message(String)} as status_printer.message. */
        ERROR,
        /** A question on the printer's screen, with {@link #message(String)} as status_printer.message. */
        ATTENTION,
        /** Requests are accepted and never answered (until {@link #close()}): a hung printer. */
        HOLD,
        /** 200 with an HTML page instead of JSON (after authentication). */
        GARBAGE
    }

    private static final Pattern PARAM = Pattern.compile("(\\w+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]*))");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "prusalink-peer");
        thread.setDaemon(true);
        return thread;
    });
    private final String username;
    private final String password;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger challenges = new AtomicInteger();
    private final AtomicInteger staleChallenges = new AtomicInteger();
    private volatile String nonce = newNonce();
    private volatile boolean sendsStale = true;
    private volatile Mode mode = Mode.IDLE;
    private volatile double nozzle = 24.8;
    private volatile double nozzleTarget = 0;
    private volatile double bed = 23.1;
    private volatile double bedTarget = 0;
    private volatile double progress = 42;
    private volatile int fanPrintRpm = 0;
    private volatile int fanHotendRpm = 0;
    private volatile String message;

    private PrusaLinkPeer(String username, String password) throws IOException {
        this.username = username;
        this.password = password;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a peer that accepts exactly this user name and password. */
    public static PrusaLinkPeer start(String username, String password) throws IOException {
        return new PrusaLinkPeer(username, password);
    }

    /** The base URL, {@code http://127.0.0.1:PORT/}: what a driver is configured with. */
    public URI baseUrl() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/");
    }

    public PrusaLinkPeer mode(Mode newMode) {
        mode = newMode;
        return this;
    }

    /** Temperatures, degrees Celsius. */
    public PrusaLinkPeer temperatures(double nozzleActual, double nozzleTargetValue, double bedActual,
            double bedTargetValue) {
        nozzle = nozzleActual;
        nozzleTarget = nozzleTargetValue;
        bed = bedActual;
        bedTarget = bedTargetValue;
        return this;
    }

    /** The fans' measured speeds, RPM. */
    public PrusaLinkPeer fans(int hotendRpm, int printRpm) {
        fanHotendRpm = hotendRpm;
        fanPrintRpm = printRpm;
        return this;
    }

    /** The job's progress in percent (PRINTING, PAUSED, ATTENTION). */
    public PrusaLinkPeer progress(double percent) {
        progress = percent;
        return this;
    }

    /** status_printer.message (ERROR and ATTENTION); null: none. */
    public PrusaLinkPeer message(String text) {
        message = text;
        return this;
    }

    /** Lets the current nonce expire, as after its lifetime or a reboot: the next right answer gets stale=true. */
    public PrusaLinkPeer expireNonce() {
        nonce = newNonce();
        return this;
    }

    /**
     * Whether an expired nonce is answered with {@code stale=true} (PrusaLink does); false imitates a server that
     * only sends a new nonce, as RFC 7616 allows.
     */
    public PrusaLinkPeer sendsStale(boolean value) {
        sendsStale = value;
        return this;
    }

    /** Requests that reached the peer, refused ones included. */
    public int requests() {
        return requests.get();
    }

    /** 401 answers sent, stale ones included. */
    public int challenges() {
        return challenges.get();
    }

    /** 401 answers with stale=true. */
    public int staleChallenges() {
        return staleChallenges.get();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            Mode current = mode;
            if (current == Mode.HOLD) {
                closed.await(5, TimeUnit.MINUTES);
                return;
            }
            Boolean check = check(exchange);
            if (check == null || !check) {
                challenges.incrementAndGet();
                boolean stale = check != null && sendsStale;
                if (stale) {
                    staleChallenges.incrementAndGet();
                }
                exchange.getResponseHeaders().set("WWW-Authenticate", "Digest realm=\"" + REALM + "\", nonce=\""
                        + nonce + "\", stale=" + (stale ? "true" : "false"));
                sendRaw(exchange, 401, "text/plain", "401: Unauthorized");
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                sendRaw(exchange, 405, "text/plain", "405: Method Not Allowed");
            } else if (!path.equals(STATUS_PATH)) {
                sendRaw(exchange, 404, "text/plain", "404: Not Found");
            } else if (current == Mode.GARBAGE) {
                sendRaw(exchange, 200, "text/html", "<!doctype html><html><body><h1>Prusa</h1></body></html>");
            } else {
                sendRaw(exchange, 200, "application/json", status(current));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // the driver gave up (timeout)
        }
    }

    /**
     * The Digest check of RFC 7616 section 3.4.1 without qop: true when the credentials are right for the current
     * nonce; false (stale) when they are right for another nonce; null when absent or wrong.
     */
    private Boolean check(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Digest ", 0, 7)) {
            return null;
        }
        Map<String, String> p = new HashMap<>();
        Matcher m = PARAM.matcher(header.substring(7));
        while (m.find()) {
            String value = m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3);
            p.put(m.group(1).toLowerCase(Locale.ROOT), value);
        }
        String uri = p.get("uri");
        String given = p.get("response");
        String clientNonce = p.get("nonce");
        if (!username.equals(p.get("username")) || !REALM.equals(p.get("realm")) || uri == null || given == null
                || clientNonce == null || p.containsKey("qop")
                || !uri.equals(exchange.getRequestURI().getRawPath() + (exchange.getRequestURI().getRawQuery() == null
                        ? "" : "?" + exchange.getRequestURI().getRawQuery()))) {
            return null; // no qop was offered, so a client sending one did not follow the challenge
        }
        String ha1 = md5(username + ":" + REALM + ":" + password);
        String ha2 = md5(exchange.getRequestMethod() + ":" + uri);
        if (!md5(ha1 + ":" + clientNonce + ":" + ha2).equals(given.toLowerCase(Locale.ROOT))) {
            return null;
        }
        return clientNonce.equals(nonce);
    }

    // Prusa-Link-Web spec/openapi.yaml, Status: printer always; job only with a job
    private String status(Mode current) {
        boolean hasJob = current == Mode.PRINTING || current == Mode.PAUSED || current == Mode.ATTENTION;
        boolean moving = current == Mode.PRINTING || current == Mode.BUSY;
        StringBuilder json = new StringBuilder("{");
        if (hasJob) {
            json.append("\"job\":{\"id\":297,\"progress\":").append(format(progress))
                    .append(",\"time_remaining\":1560,\"time_printing\":1141},");
        }
        json.append("\"storage\":{\"path\":\"/usb/\",\"name\":\"usb\",\"read_only\":false},");
        json.append("\"printer\":{\"state\":\"").append(current.name()).append('"')
                .append(",\"temp_nozzle\":").append(format(nozzle))
                .append(",\"target_nozzle\":").append(format(nozzleTarget))
                .append(",\"temp_bed\":").append(format(bed))
                .append(",\"target_bed\":").append(format(bedTarget));
        if (!moving) {
            json.append(",\"axis_x\":241.0,\"axis_y\":170.0");
        }
        json.append(",\"axis_z\":1.4,\"flow\":100,\"speed\":100")
                .append(",\"fan_hotend\":").append(fanHotendRpm)
                .append(",\"fan_print\":").append(fanPrintRpm);
        String text = message;
        if ((current == Mode.ERROR || current == Mode.ATTENTION) && text != null) {
            json.append(",\"status_printer\":{\"ok\":false,\"message\":\"").append(escape(text)).append("\"}");
        }
        return json.append("}}").toString();
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e9 ? Long.toString((long) value) : Double.toString(value);
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

    private static String newNonce() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
}
