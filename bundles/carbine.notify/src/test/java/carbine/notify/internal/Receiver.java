package carbine.notify.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver on loopback (port 0) that records every request and answers with a configurable status:
 * the first {@link #failNext(int, int)} requests fail, then it answers {@code status} with {@code body}.
 */
final class Receiver implements AutoCloseable {
    /** @param nanos {@link System#nanoTime()} when the body had been read (for the benchmark's latencies) */
    record Request(String method, String path, Headers headers, byte[] body, long nanos) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failStatus = 503;
    private volatile int status = 200;
    private volatile String body = "";

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    Receiver answer(int status, String body) {
        this.status = status;
        this.body = body;
        return this;
    }

    Receiver failNext(int count, int status) {
        failStatus = status;
        failuresLeft.set(count);
        return this;
    }

    /** All requests, the failed ones included. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(), bytes, System.nanoTime()));
            boolean fail = failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
            int code = fail ? failStatus : status;
            byte[] answer = (fail ? "try later" : body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    static Map<String, Object> props(Object... keyValues) {
        Map<String, Object> m = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
