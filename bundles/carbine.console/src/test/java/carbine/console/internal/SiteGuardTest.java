package carbine.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SiteGuardTest {
    private final Logs logs = new Logs();
    private final AdminAccount account = new AdminAccount(AdminPassword.of("s3cret-printer-farm"), AdminAccountTest.noTokens(), Clock.systemUTC(),
            new Logs().logger());

    private SiteGuard guard(String login, String httpHost, String... allowed) {
        return new SiteGuard(account, logs.logger(), login, httpHost, allowed, Set.of("printfarm", "printfarm.local"));
    }

    @Test
    void loginIsRequiredWhenExposedUnlessSaidOtherwise() {
        assertThat(guard("auto", "127.0.0.1").loginRequired()).isFalse();
        assertThat(guard("auto", "localhost").loginRequired()).isFalse();
        assertThat(guard("auto", "::1").loginRequired()).isFalse();
        assertThat(guard("auto", "0.0.0.0").loginRequired()).isTrue();
        assertThat(guard("auto", null).loginRequired()).as("the web server's default is all interfaces").isTrue();
        assertThat(guard("auto", "192.168.1.5").loginRequired()).isTrue();
        assertThat(guard("always", "127.0.0.1").loginRequired()).isTrue();
        assertThat(guard("nonsense", "127.0.0.1").loginRequired()).as("a wrong value fails closed").isTrue();
        assertThat(logs.lines).anyMatch(l -> l.startsWith("ERROR carbine.http.security: login='nonsense'"));

        logs.lines.clear();
        assertThat(guard("never", "0.0.0.0").loginRequired()).isFalse();
        assertThat(logs.lines).singleElement().asString().startsWith("WARN HTTP listens on 0.0.0.0")
                .contains("anyone who reaches the port can acknowledge alerts");
    }

    @Test
    void hostNamesOtherThanOursAreRefused() {
        SiteGuard g = guard("auto", "0.0.0.0", "carbine.example.org", " ");
        assertThat(g.hostAllowed("127.0.0.1:8080")).isTrue();
        assertThat(g.hostAllowed("192.168.1.5:8080")).isTrue();
        assertThat(g.hostAllowed("[::1]:8080")).isTrue();
        assertThat(g.hostAllowed("localhost:8080")).isTrue();
        assertThat(g.hostAllowed("PrintFarm:8080")).isTrue();
        assertThat(g.hostAllowed("printfarm.local")).isTrue();
        assertThat(g.hostAllowed("carbine.example.org.")).isTrue();
        assertThat(g.hostAllowed(null)).as("HTTP/1.0 without Host").isTrue();
        assertThat(g.hostAllowed("evil.example:8080")).as("DNS rebinding").isFalse();
        assertThat(g.hostAllowed("127.0.0.1.evil.example")).isFalse();
        assertThat(g.hostAllowed("localhost.evil.example")).isFalse();
        assertThat(guard("auto", "0.0.0.0", "*").hostAllowed("evil.example")).isTrue();
    }

    @Test
    void crossSiteRequestsAreToldApart() {
        String host = "127.0.0.1:8080";
        assertThat(SiteGuard.crossSite(null, null, null, host, false)).as("a script: curl, the tests").isFalse();
        assertThat(SiteGuard.crossSite("same-origin", "http://127.0.0.1:8080", null, host, false)).isFalse();
        assertThat(SiteGuard.crossSite(null, "http://127.0.0.1:8080", null, host, false)).isFalse();
        assertThat(SiteGuard.crossSite(null, null, "http://127.0.0.1:8080/system/console/bundles", host, false)).isFalse();
        assertThat(SiteGuard.crossSite(null, "http://localhost", null, "localhost", false)).isFalse();
        assertThat(SiteGuard.crossSite(null, "https://carbine.lan", null, "carbine.lan", true)).isFalse();

        assertThat(SiteGuard.crossSite("cross-site", null, null, host, false)).isTrue();
        assertThat(SiteGuard.crossSite("same-site", null, null, host, false)).as("a sibling subdomain").isTrue();
        assertThat(SiteGuard.crossSite(null, "http://evil.example", null, host, false)).isTrue();
        assertThat(SiteGuard.crossSite(null, "http://127.0.0.1:9999", null, host, false)).as("another port").isTrue();
        assertThat(SiteGuard.crossSite(null, "null", null, host, false)).as("a sandboxed frame").isTrue();
        assertThat(SiteGuard.crossSite(null, null, "http://evil.example/page", host, false)).isTrue();
        assertThat(SiteGuard.crossSite(null, "http://127.0.0.1:8080", null, null, false)).isTrue();
    }

    @Test
    void withHttpsOnlyThisMachineKeepsPlainHttpAndOthersAreSentToTheSameHost() {
        assertThat(SiteGuard.isLoopback("127.0.0.1")).isTrue();
        assertThat(SiteGuard.isLoopback("127.8.9.1")).isTrue();
        assertThat(SiteGuard.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(SiteGuard.isLoopback("[::1]")).isTrue();
        assertThat(SiteGuard.isLoopback("192.168.1.20")).isFalse();
        assertThat(SiteGuard.isLoopback("::ffff:192.168.1.20")).isFalse();
        assertThat(SiteGuard.isLoopback(null)).isFalse();

        assertThat(SiteGuard.hostName("printfarm.local:8080", "x")).isEqualTo("printfarm.local");
        assertThat(SiteGuard.hostName("192.168.1.5", "x")).isEqualTo("192.168.1.5");
        assertThat(SiteGuard.hostName("[fd00::5]:8080", "x")).isEqualTo("[fd00::5]");
        assertThat(SiteGuard.hostName(null, "fd00::5")).isEqualTo("[fd00::5]");
        assertThat(SiteGuard.hostName("", "192.168.1.5")).isEqualTo("192.168.1.5");
    }

    @Test
    void pathsWithDotSegmentsOrControlCharactersAreOdd() {
        for (String ok : new String[] {"/", "/api/v1/alerts", "/printer/a.b", "/VAADIN/build/x.js", "/api/v1/history/p%20x",
                "/a..b/c", "/...", "/a%2", "/%zz"}) {
            assertThat(SiteGuard.oddPath(ok)).as(ok).isNull();
        }
        assertThat(SiteGuard.oddPath("/api/v1/../../etc/passwd")).isEqualTo("a '..' segment");
        assertThat(SiteGuard.oddPath("/api/v1/alerts/..")).isEqualTo("a '..' segment");
        assertThat(SiteGuard.oddPath("/api/v1/%2e%2e/x")).isEqualTo("a '..' segment");
        assertThat(SiteGuard.oddPath("/api/v1/.%2E/x")).isEqualTo("a '..' segment");
        assertThat(SiteGuard.oddPath("/api/..;jsessionid=1/x")).isEqualTo("a '..' segment");
        assertThat(SiteGuard.oddPath("/api/./v1")).isEqualTo("a '.' segment");
        assertThat(SiteGuard.oddPath("/api/v1/alerts%00")).isEqualTo("a control character");
        assertThat(SiteGuard.oddPath("/api/v1/a\u0000b")).isEqualTo("a control character");
        assertThat(SiteGuard.oddPath("/x%0d%0aSet-Cookie:%20a=b")).isEqualTo("a control character");
    }

    @Test
    void refusalsAreJsonUnderTheApiAndTextElsewhere() throws Exception {
        var api = new FakeExchange("/api/v1/alerts");
        SiteGuard.refusal(api.request(), api.response(), 403, "Refused: \"quoted\" \\ and a\nbreak");
        assertThat(api.status).isEqualTo(403);
        assertThat(api.contentType).startsWith("application/json");
        assertThat(com.google.gson.JsonParser.parseString(api.body.toString()).getAsJsonObject().get("error").getAsString())
                .isEqualTo("Refused: \"quoted\" \\ and a\nbreak");
        var page = new FakeExchange("/printer/x");
        SiteGuard.refusal(page.request(), page.response(), 403, "Refused.");
        assertThat(page.contentType).startsWith("text/plain");
        assertThat(page.body.toString()).isEqualTo("Refused." + System.lineSeparator());
    }

    /** A request for a path and a response that remembers its status, type and body (dynamic proxies). */
    static final class FakeExchange {
        final String path;
        int status;
        String contentType;
        final java.io.StringWriter body = new java.io.StringWriter();

        FakeExchange(String path) {
            this.path = path;
        }

        jakarta.servlet.http.HttpServletRequest request() {
            return (jakarta.servlet.http.HttpServletRequest) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {jakarta.servlet.http.HttpServletRequest.class},
                    (proxy, method, args) -> method.getName().equals("getRequestURI") ? path : null);
        }

        jakarta.servlet.http.HttpServletResponse response() {
            java.io.PrintWriter writer = new java.io.PrintWriter(body, true);
            return (jakarta.servlet.http.HttpServletResponse) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {jakarta.servlet.http.HttpServletResponse.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "setStatus" -> { status = (Integer) args[0]; yield null; }
                        case "setContentType" -> { contentType = (String) args[0]; yield null; }
                        case "getWriter" -> writer;
                        default -> null;
                    });
        }
    }
}
