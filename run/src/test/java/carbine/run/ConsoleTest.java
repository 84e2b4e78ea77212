package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectService;

/** The Felix Web Console is there, and only Carbine's admin password opens it: never admin/admin. */
class ConsoleTest {
    @InjectService(timeout = 10_000)
    HttpServiceRuntime http;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void onlyTheAdminPasswordOpensTheConsole() throws Exception {
        String bundles = Carbines.httpBase(http) + "system/console/bundles.json";

        // the console registers once its required security provider is there: wait for it to answer at all
        HttpResponse<String> anonymous = Await.value(() -> {
            HttpResponse<String> r = get(bundles, null);
            return r.statusCode() == 404 ? null : r;
        });
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("Basic"));

        assertThat(get(bundles, "admin:admin").statusCode()).as("Felix's default credentials").isEqualTo(401);
        assertThat(get(bundles, "admin:wrong-password").statusCode()).isEqualTo(401);

        HttpResponse<String> admin = get(bundles, "admin:it-console-secret");
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains("carbine.poller").contains("carbine.detector.rules");
    }

    private HttpResponse<String> get(String url, String credentials) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (credentials != null) {
            b.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

}
