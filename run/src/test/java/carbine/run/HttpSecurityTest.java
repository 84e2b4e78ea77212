package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * What a hostile page, a rebinding DNS name or a password guesser sends to a running Carbine, and what an honest
 * browser or script sends: the first are refused (issue 9, "Safe on a network"), the second still work.
 */
class HttpSecurityTest {
    @InjectService(timeout = 10_000)
    HttpServiceRuntime http;
    @InjectService
    ConfigurationAdmin cm;
    @InjectBundleContext
    BundleContext context;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;
    private String origin;

    @BeforeEach
    void waitForTheConsole() {
        base = Carbines.httpBase(http);
        origin = base.substring(0, base.length() - 1);
        Await.until(() -> assertThat(get("system/console/bundles.json", WebConsole.CREDENTIALS).statusCode()).isEqualTo(200));
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        for (HttpResponse<String> r : List.of(get("", null), get("system/console/bundles.json", null),
                get("system/console/bundles.json", WebConsole.CREDENTIALS), get("api/no-such-thing", null))) {
            assertThat(r.headers().firstValue("X-Frame-Options")).as(r.uri().toString()).hasValue("DENY");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                    v -> assertThat(v).contains("frame-ancestors 'none'").contains("object-src 'none'"));
        }
    }

    @Test
    void unknownApiPathsAnswer404InJsonNotTheDashboard() throws Exception {
        HttpResponse<String> unknown = get("api/v2/nothing/here", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(unknown.body()).contains("\"status\":404").doesNotContain("<html");
        HttpResponse<String> printers = get("api/v1/printers", null);
        assertThat(printers.statusCode()).as("the simulator's API still answers").isEqualTo(200);
    }

    /** DNS rebinding: a name the attacker controls, now pointing at this machine. */
    @Test
    void aForeignHostNameIsMisdirected() throws Exception {
        URI uri = URI.create(base);
        assertThat(rawStatus(uri, "evil.example:" + uri.getPort(), "/")).isEqualTo(421);
        assertThat(rawStatus(uri, "evil.example", "/system/console/bundles.json")).isEqualTo(421);
        assertThat(rawStatus(uri, "localhost:" + uri.getPort(), "/api/v1/printers")).isEqualTo(200);
        assertThat(rawStatus(uri, "127.0.0.1:" + uri.getPort(), "/api/v1/printers")).isEqualTo(200);
    }

    /** What a page on another site can make a logged-in browser send to the Web Console. */
    @Test
    void crossSiteConsoleActionsAreRefusedEvenWithCredentials() throws Exception {
        Bundle poller = bundle("carbine.poller");
        String stop = "action=stop";
        String path = "system/console/bundles/" + poller.getBundleId();

        assertThat(post(path, stop, "Origin", "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(post(path, stop, "Origin", "null").statusCode()).isEqualTo(403);
        assertThat(post(path, stop, "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        assertThat(post(path, stop, "Referer", "http://evil.example/attack.html").statusCode()).isEqualTo(403);
        assertThat(post(path, stop, "Origin", origin.replaceFirst(":\\d+$", ":1")).statusCode()).as("another port")
                .isEqualTo(403);
        assertThat(poller.getState()).as("nothing was done").isEqualTo(Bundle.ACTIVE);

        // the console's own page sends its origin: that still works
        HttpResponse<String> sameOrigin = post("system/console/bundles", "action=refreshPackages", "Origin", origin);
        assertThat(sameOrigin.statusCode()).isLessThan(400);
        assertThat(poller.getState()).isEqualTo(Bundle.ACTIVE);
    }

    @Test
    void passwordGuessingIsSlowedDownThenTheAdminGetsBackIn() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> throttled = null;
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = get("system/console/bundles.json", "admin:guess-" + i);
            statuses.add(r.statusCode());
            if (r.statusCode() == 429) {
                throttled = r;
            }
        }
        assertThat(statuses.subList(0, 5)).containsOnly(401);
        assertThat(statuses.subList(5, 20)).as("refused unchecked while locked").contains(429).doesNotContain(200);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        // the lock is short: the right password opens again once it ran out
        Await.until(Duration.ofSeconds(70),
                () -> assertThat(get("system/console/bundles.json", WebConsole.CREDENTIALS).statusCode()).isEqualTo(200));
    }

    @Test
    void loginAlwaysLocksTheDashboardAndApiToo() throws Exception {
        Configuration security = cm.getConfiguration("carbine.http.security", "?");
        try {
            security.update(Carbines.props("login", "always"));
            Await.until(() -> assertThat(get("", null).statusCode()).isEqualTo(401));
            assertThat(get("api/v1/printers", null).statusCode()).isEqualTo(401);
            assertThat(get("api/v1/printers", "admin:wrong-password").statusCode()).isEqualTo(401);
            assertThat(get("api/v1/printers", WebConsole.CREDENTIALS).statusCode()).isEqualTo(200);
            assertThat(get("", WebConsole.CREDENTIALS).statusCode()).isEqualTo(200);
        } finally {
            security.delete();
        }
        Await.until(() -> assertThat(get("api/v1/printers", null).statusCode()).as("open again on loopback").isEqualTo(200));
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().equals(bsn)) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    private HttpResponse<String> get(String path, String credentials) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (credentials != null) {
            b.header("Authorization", basic(credentials));
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form, String header, String value) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", basic(WebConsole.CREDENTIALS))
                .header("Content-Type", "application/x-www-form-urlencoded").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** A request with a Host header of our choosing (java.net.http does not let one set it), its status code. */
    private static int rawStatus(URI server, String host, String path) throws IOException {
        try (Socket s = new Socket(server.getHost(), server.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            String[] parts = line.toString().split(" ");
            return Integer.parseInt(parts[1]);
        }
    }
}
