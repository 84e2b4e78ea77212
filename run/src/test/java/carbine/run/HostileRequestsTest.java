package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.store.TelemetryStore;

/**
 * Issue 9, "Bad input": a 1 MB request header, paths with {@code ..} or {@code %00} (encoded and raw), an API token
 * that expired. Each gets a clear 4xx (JSON under {@code /api/} where Carbine's code answers), and nothing else is
 * disturbed: Carbine keeps serving and samples keep being stored. Raw sockets, so that nothing normalises the
 * requests on the way.
 */
class HostileRequestsTest {
    @InjectService(timeout = 10_000)
    HttpServiceRuntime http;
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    TelemetryStore store;
    @InjectBundleContext
    BundleContext context;

    private URI server;

    /** Status, headers and body of one raw exchange. */
    record Answer(int status, String head, String body) {
        boolean json() {
            return head.toLowerCase().contains("content-type: application/json");
        }

        JsonObject object() {
            assertThat(json()).as(head + body).isTrue();
            return JsonParser.parseString(body).getAsJsonObject();
        }
    }

    @Test
    void hugeHeadersOddPathsAndAnExpiredTokenAreRefused_andCarbineGoesOn() throws Exception {
        server = URI.create(Carbines.httpBase(http));
        Carbines.pollEvery(cm, 200, "timeoutMillis", 500);
        String id = Carbines.printerId("hostile");
        Configuration printer = Carbines.simulator(cm, id);
        try {
            Await.until(() -> assertThat(stored(id)).isGreaterThan(3));

            // a 1 MB header: Jetty refuses it before any servlet (its own short page; no JSON possible there)
            Answer huge = send("GET /api/v1/alerts HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nX-Big: "
                    + "a".repeat(1 << 20) + "\r\nConnection: close\r\n\r\n");
            assertThat(huge.status()).isEqualTo(431);
            stillServing(id);

            // '..' as sent: refused by the guard, in JSON under /api/ (it used to be resolved to another page: the
            // dashboard answered 200 for /api/v1/../../etc/passwd)
            for (String path : new String[] {"/api/v1/../../etc/passwd", "/api/v1/alerts/../history/x",
                    "/api/v1/alerts/./"}) {
                Answer a = get(path);
                assertThat(a.status()).as(path + ": " + a.body()).isEqualTo(400);
                assertThat(a.object().get("error").getAsString()).as(path).contains("segment");
            }
            Answer page = get("/printer/../system/console/bundles.json");
            assertThat(page.status()).isEqualTo(400);
            assertThat(page.body()).contains("segment").doesNotContain("<html");
            Answer post = send("POST /api/v1/alerts/../backup HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
            assertThat(post.status()).isEqualTo(400);

            // '%00', '%2e%2e', '..;' and a raw NUL: Jetty refuses them itself, before any servlet
            for (String path : new String[] {"/api/v1/alerts%00", "/api/v1/history/p%00x", "/api/v1/alerts/%00/ack",
                    "/api/v1/%2e%2e/alerts", "/%2e%2e/%2e%2e/etc/passwd", "/api/..;x=1/v1/alerts", "/api/v1/alerts\0x"}) {
                Answer a = get(path);
                assertThat(a.status()).as(path.replace("\0", "\\0")).isEqualTo(400);
                assertThat(a.body()).doesNotContain("Vaadin").doesNotContain("\"alerts\"");
            }
            stillServing(id);

            expiredToken(id);
            stillServing(id);
        } finally {
            printer.delete();
        }
    }

    /**
     * A token that expired a minute ago, as {@code token-create} would have written it, read by carbine.console at
     * its start: refused with 401 in JSON, with and without a required login (not taken for an anonymous visitor).
     */
    private void expiredToken(String id) throws Exception {
        String name = "expired-" + Long.toString(System.nanoTime(), 36);
        String token = "cbt_" + "E".repeat(43);
        Path file = Carbines.dataDir(context).resolve("api-tokens");
        Bundle console = bundle("carbine.console");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String line = name + "\t" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.UTF_8))) + "\t" + now.minus(31, ChronoUnit.DAYS) + "\t"
                + now.minusSeconds(60) + "\t-\tadmin\n";
        Configuration security = cm.getConfiguration("carbine.http.security", "?");
        console.stop();
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } finally {
            console.start();
        }
        try {
            Await.until(() -> assertThat(get("/api/v1/alerts").status()).isEqualTo(200));
            // on loopback, where a visitor without credentials may act: the expired token is refused all the same
            Answer loopback = get("/api/v1/alerts", "Authorization: Bearer " + token);
            assertThat(loopback.status()).as(loopback.body()).isEqualTo(401);
            assertThat(loopback.object().get("error").getAsString()).contains("expired");

            security.update(Carbines.props("login", "always"));
            Await.until(() -> assertThat(get("/api/v1/alerts").status()).isEqualTo(401));
            Answer exposed = get("/api/v1/alerts", "Authorization: Bearer " + token);
            assertThat(exposed.status()).isEqualTo(401);
            assertThat(exposed.object().get("status").getAsInt()).isEqualTo(401);
            assertThat(exposed.head()).contains("WWW-Authenticate");
            assertThat(stored(id)).as("samples are stored meanwhile").isPositive();
        } finally {
            security.delete();
            // revoke it the way an admin would, with carbine.console running
            console.stop();
            try {
                Files.writeString(file, Files.readString(file).replace(line, ""));
            } finally {
                console.start();
            }
        }
        Await.until(() -> assertThat(get("/api/v1/alerts").status()).as("open again on loopback").isEqualTo(200));
    }

    /** Carbine answers, and samples keep being stored. */
    private void stillServing(String id) throws Exception {
        assertThat(get("/api/v1/alerts").status()).isEqualTo(200);
        long before = stored(id);
        Await.until(() -> assertThat(stored(id)).isGreaterThan(before));
    }

    private long stored(String id) {
        return store.count(id, Instant.EPOCH, Instant.now().plusSeconds(60));
    }

    private Answer get(String path, String... headers) throws IOException {
        // HTTP/1.0: the answer is never chunked
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n");
        for (String h : headers) {
            request.append(h).append("\r\n");
        }
        return send(request.append("\r\n").toString());
    }

    /** Sends the request as it is; a server that closes while a huge request is still being sent is read all the same. */
    private Answer send(String request) throws IOException {
        try (Socket s = new Socket(server.getHost(), server.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException closedWhileSending) {
                // the server answered early and closed: its answer is still to be read
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try {
                in.transferTo(all);
            } catch (IOException reset) {
                // what arrived before a reset is the answer
            }
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("an answer to " + request.substring(0, Math.min(80, request.length()))).isPositive();
            int status = Integer.parseInt(text.substring(9, 12));
            return new Answer(status, text.substring(0, end), text.substring(end + 4));
        }
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().equals(bsn)) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }
}
