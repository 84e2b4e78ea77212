package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * API tokens for scripts (issue 9, "Who may do what"): created and revoked at the Gogo shell, sent as
 * {@code Authorization: Bearer}, with the login required everywhere.
 */
class TokenTest {
    private static final Pattern TOKEN = Pattern.compile("cbt_[A-Za-z0-9_-]{43}");

    @InjectService(timeout = 10_000)
    HttpServiceRuntime http;
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    CommandProcessor gogo;
    @InjectBundleContext
    BundleContext context;
    @InjectService
    LogReaderService logReader;

    private final List<String> logLines = new CopyOnWriteArrayList<>();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aTokenOpensTheApiUntilRevokedAndWrongOnesAreThrottled() throws Exception {
        String base = Carbines.httpBase(http);
        Configuration security = cm.getConfiguration("carbine.http.security", "?");
        String name = "it-" + Long.toString(System.nanoTime(), 36);
        String name2 = name + "-b";
        LogListener listener = entry -> logLines.add(entry.getMessage()
                + (entry.getException() == null ? "" : " " + entry.getException()));
        logReader.addLogListener(listener);
        try {
            security.update(Carbines.props("login", "always"));
            Await.until(() -> assertThat(get(base, "api/v1/printers", null).statusCode()).isEqualTo(401));

            String created = Await.value(() -> Carbines.shell(gogo, "carbine:token-create " + name + " 30"));
            Matcher m = TOKEN.matcher(created);
            assertThat(m.find()).as(created).isTrue();
            String token = m.group();

            assertThat(get(base, "api/v1/printers", token).statusCode()).isEqualTo(200);
            assertThat(get(base, "system/console/bundles.json", token).statusCode()).as("the Web Console too")
                    .isEqualTo(200);
            String list = Carbines.shell(gogo, "carbine:token-list");
            assertThat(list).contains(name).doesNotContain(token);
            String stored = Files.readString(Carbines.dataDir(context).resolve("api-tokens"));
            assertThat(stored).contains(name).doesNotContain(token).doesNotContain(token.substring(4));

            assertThat(Carbines.shell(gogo, "carbine:token-revoke " + name)).startsWith("revoked");
            assertThat(get(base, "api/v1/printers", token).statusCode()).as("revoked").isEqualTo(401);

            // the revoked try counted: 4 more wrong ones lock this client out of token tries
            List<Integer> statuses = new ArrayList<>();
            HttpResponse<String> throttled = null;
            for (int i = 0; i < 12; i++) {
                HttpResponse<String> r = get(base, "api/v1/printers", "cbt_" + "x".repeat(42) + (char) ('a' + i));
                statuses.add(r.statusCode());
                if (r.statusCode() == 429) {
                    throttled = r;
                }
            }
            assertThat(statuses.subList(0, 4)).containsOnly(401);
            assertThat(statuses).contains(429).doesNotContain(200);
            assertThat(throttled.headers().firstValue("Retry-After")).isPresent();

            // a valid token opens again once the lock ran out
            Matcher m2 = TOKEN.matcher(Carbines.shell(gogo, "carbine:token-create " + name2));
            assertThat(m2.find()).isTrue();
            String token2 = m2.group();
            Await.until(Duration.ofSeconds(70),
                    () -> assertThat(get(base, "api/v1/printers", token2).statusCode()).isEqualTo(200));
            assertThat(get(base, "api/v1/printers", token).statusCode()).as("still revoked").isEqualTo(401);
        } finally {
            Carbines.shell(gogo, "carbine:token-revoke " + name);
            Carbines.shell(gogo, "carbine:token-revoke " + name2);
            security.delete();
        }
        Await.until(() -> assertThat(get(base, "api/v1/printers", null).statusCode()).as("open again on loopback")
                .isEqualTo(200));
        try {
            // log entries reach listeners on the log service's own thread
            Await.until(() -> assertThat(logLines).as("the lock-out is logged")
                    .anyMatch(l -> l.contains("wrong, revoked or expired API tokens from")));
            assertThat(logLines).noneMatch(l -> l.contains("cbt_"));
        } finally {
            logReader.removeLogListener(listener);
        }
    }


    private HttpResponse<String> get(String base, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
