package carbine.driver.http.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback, port 0, that answers every GET with a configurable status and body. It can
 * hold requests until {@link #release()} to play a slow printer.
 */
final class StatusServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch requestArrived = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile String body = "";
    private volatile boolean slow;

    StatusServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    StatusServer answer(int status, String body) {
        this.status = status;
        this.body = body;
        return this;
    }

    /** Requests are held until {@link #release()} (or the server closes). */
    StatusServer slow() {
        slow = true;
        return this;
    }

    boolean awaitRequest(long timeout, TimeUnit unit) throws InterruptedException {
        return requestArrived.await(timeout, unit);
    }

    void release() {
        released.countDown();
    }

    URI url(String path) {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + path);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requestArrived.countDown();
            if (slow) {
                released.await(30, TimeUnit.SECONDS);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // the driver gave up on a slow answer
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
