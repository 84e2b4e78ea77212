package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
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

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Who may do what (issue 9): users with roles made at the shell, the dashboard's login page and its session cookie,
 * viewers who see but cannot act, the Web Console for admins only, tokens with a role, anonymous viewers when
 * allowed. Through real HTTP to the running Jetty, with the login required everywhere.
 */
class RolesTest {
    private static final Pattern PASSWORD = Pattern.compile("password: ([A-Za-z0-9]{20})");
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

    private final HttpClient client = HttpClient.newHttpClient(); // follows no redirect: the test reads them
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private String base;

    @Test
    void viewersSeeOperatorsActAdminsAdministerAndTheLoginPageOpensSessions() throws Exception {
        base = Carbines.httpBase(http);
        String run = Long.toString(System.nanoTime(), 36);
        String viewer = "view-" + run;
        String operator = "op-" + run;
        String admin = "adm-" + run;
        Configuration security = cm.getConfiguration("carbine.http.security", "?");
        LogListener listener = entry -> logLines.add(entry.getMessage());
        logReader.addLogListener(listener);
        // a real alert for the operator to acknowledge: ERROR (HARD_FAILURE) about 6 s after start
        String printerId = Carbines.printerId("roles");
        Carbines.pollEvery(cm, 200, "timeoutMillis", 500);
        Configuration printer = Carbines.simulator(cm, printerId, "phaseSeconds", 2.0, "scenario", "overheat",
                "seed", 7L);
        try {
            security.update(Carbines.props("login", "always"));
            Await.until(() -> assertThat(send(get("api/v1/printers")).statusCode()).isEqualTo(401));

            String viewerPassword = password(Carbines.shell(gogo, "carbine:user-add " + viewer + " viewer"));
            String operatorPassword = password(Carbines.shell(gogo, "carbine:user-add " + operator + " operator"));
            String adminPassword = password(Carbines.shell(gogo, "carbine:user-add " + admin + " admin"));
            assertThat(Carbines.shell(gogo, "carbine:user-add " + viewer + " viewer")).contains("already");
            assertThat(Carbines.shell(gogo, "carbine:user-add someone boss")).contains("viewer, operator or admin");
            assertThat(Carbines.shell(gogo, "carbine:user-list")).contains(viewer, operator, admin).doesNotContain(viewerPassword);
            Path users = Carbines.dataDir(context).resolve("users");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users))).isEqualTo("rw-------");
            assertThat(Files.readString(users)).contains(viewer).doesNotContain(viewerPassword);

            // a browser opening a page goes to the login page; scripts get 401 with a Basic challenge
            HttpResponse<String> page = send(get("printer/x?y=1").header("Accept", "text/html,*/*"));
            assertThat(page.statusCode()).isEqualTo(303);
            assertThat(page.headers().firstValue("Location")).hasValue("/login?next="
                    + URLEncoder.encode("/printer/x?y=1", StandardCharsets.UTF_8));
            assertThat(send(get("api/v1/printers")).headers().firstValue("WWW-Authenticate")).isPresent();
            HttpResponse<String> form = send(get("login?next=%2Fprinter%2Fx"));
            assertThat(form.statusCode()).isEqualTo(200);
            assertThat(form.body()).contains("<form method=\"post\" action=\"/login\"", "value=\"/printer/x\"");

            // wrong password: the form again, with the reason; a cross-site login form is refused
            HttpResponse<String> wrong = send(login(viewer, "not-the-password", "/"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("Wrong user name or password").doesNotContain("not-the-password");
            assertThat(send(login(viewer, viewerPassword, "/").header("Origin", "http://evil.example")).statusCode())
                    .isEqualTo(403);

            // the viewer logs in: a session cookie (HttpOnly, SameSite), back to a page of this site only
            HttpResponse<String> in = send(login(viewer, viewerPassword, "//evil.example/steal"));
            assertThat(in.statusCode()).isEqualTo(303);
            assertThat(in.headers().firstValue("Location")).as("no open redirect").hasValue("/");
            String viewerCookie = cookie(in);
            assertThat(in.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly", "SameSite=Lax",
                    "Path=/");
            assertThat(send(get("api/v1/printers").header("Cookie", viewerCookie)).statusCode()).isEqualTo(200);
            assertThat(send(get("").header("Cookie", viewerCookie).header("Accept", "text/html")).statusCode())
                    .as("the dashboard").isEqualTo(200);
            HttpResponse<String> viewerAck = send(post("api/v1/alerts/no-such-alert/ack").header("Cookie", viewerCookie));
            assertThat(viewerAck.statusCode()).as("a viewer may not act").isEqualTo(403);
            assertThat(viewerAck.body()).contains("operator", viewer);
            assertThat(send(get("system/console/bundles.json").header("Authorization", basic(viewer, viewerPassword)))
                    .statusCode()).as("the Web Console is for admins").isEqualTo(403);

            // an operator acts (here: the role check passes, and there is no such alert), still no Web Console
            String operatorCookie = cookie(send(login(operator, operatorPassword, "/")));
            assertThat(send(post("api/v1/alerts/no-such-alert/ack").header("Cookie", operatorCookie)).statusCode())
                    .isEqualTo(404);
            assertThat(send(post("api/v1/alerts/no-such-alert/ack")
                    .header("Authorization", basic(operator, operatorPassword))).statusCode()).as("Basic, too")
                    .isEqualTo(404);
            assertThat(send(get("system/console/bundles.json").header("Authorization", basic(operator, operatorPassword)))
                    .statusCode()).isEqualTo(403);

            // the operator acknowledges a real alert; everyone who sees it sees who did (answer, list, viewer)
            String alertId = Await.value(Duration.ofSeconds(30), () -> hardFailure(printerId, viewerCookie));
            HttpResponse<String> acked = send(post("api/v1/alerts/" + alertId + "/ack").header("Cookie", operatorCookie));
            assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
            String byOperator = operator + " from 127.0.0.1 (api)";
            assertThat(JsonParser.parseString(acked.body()).getAsJsonObject().get("acknowledged_by").getAsString())
                    .isEqualTo(byOperator);
            Await.until(() -> assertThat(listed(alertId, viewerCookie).get("acknowledged_by").getAsString())
                    .as("the viewer sees who acknowledged").isEqualTo(byOperator));
            assertThat(send(get("system/console/bundles.json").header("Authorization", basic(admin, adminPassword)))
                    .statusCode()).as("an admin user").isEqualTo(200);

            // a token has a role too
            Matcher t = TOKEN.matcher(Carbines.shell(gogo, "carbine:token-create " + viewer + "-t 1 viewer"));
            assertThat(t.find()).isTrue();
            assertThat(Carbines.shell(gogo, "carbine:token-list")).contains(viewer + "-t").contains("viewer");
            assertThat(send(get("api/v1/printers").header("Authorization", "Bearer " + t.group())).statusCode())
                    .isEqualTo(200);
            assertThat(send(post("api/v1/alerts/no-such-alert/ack").header("Authorization", "Bearer " + t.group()))
                    .statusCode()).isEqualTo(403);

            // a role change and a removal take effect at the next request, sessions included
            assertThat(Carbines.shell(gogo, "carbine:user-role " + viewer + " operator")).contains("now operator");
            assertThat(send(post("api/v1/alerts/no-such-alert/ack").header("Cookie", viewerCookie)).statusCode())
                    .isEqualTo(404);
            assertThat(Carbines.shell(gogo, "carbine:user-remove " + viewer)).startsWith("removed");
            assertThat(send(get("api/v1/printers").header("Cookie", viewerCookie)).statusCode()).isEqualTo(401);
            assertThat(send(get("api/v1/printers").header("Authorization", basic(viewer, viewerPassword)))
                    .statusCode()).isEqualTo(401);

            // logging out ends the session
            HttpResponse<String> out = send(get("logout").header("Cookie", operatorCookie));
            assertThat(out.statusCode()).isEqualTo(303);
            assertThat(out.headers().firstValue("Location")).hasValue("/login");
            assertThat(send(get("api/v1/printers").header("Cookie", operatorCookie)).statusCode()).isEqualTo(401);

            // anonymous viewers, when allowed: they see, they may not act, the Web Console stays closed
            security.update(Carbines.props("login", "always", "anonymous", "viewer"));
            Await.until(() -> assertThat(send(get("api/v1/printers")).statusCode()).isEqualTo(200));
            assertThat(send(post("api/v1/alerts/no-such-alert/ack")).statusCode()).isEqualTo(403);
            assertThat(send(get("system/console/bundles.json")).statusCode()).isEqualTo(401);

            Await.until(() -> assertThat(logLines).anyMatch(l -> l.contains("User '" + viewer + "' (viewer) logged in")));
            assertThat(logLines).noneMatch(l -> l.contains(viewerPassword) || l.contains(operatorPassword)
                    || l.contains(adminPassword) || l.contains(t.group()));
        } finally {
            for (String u : new String[] {viewer, operator, admin}) {
                Carbines.shell(gogo, "carbine:user-remove " + u);
            }
            Carbines.shell(gogo, "carbine:token-revoke " + viewer + "-t");
            security.delete();
            printer.delete();
            logReader.removeLogListener(listener);
        }
        Await.until(() -> assertThat(send(get("api/v1/printers")).statusCode()).as("open again on loopback")
                .isEqualTo(200));
    }

    /** The id of the printer's open HARD_FAILURE alert as the API lists it; null while there is none. */
    private String hardFailure(String printerId, String cookie) throws Exception {
        for (JsonElement e : alerts(cookie)) {
            JsonObject a = e.getAsJsonObject();
            if (a.get("printer_id").getAsString().equals(printerId) && a.get("kind").getAsString().equals("HARD_FAILURE")) {
                return a.get("id").getAsString();
            }
        }
        return null;
    }

    private JsonObject listed(String alertId, String cookie) throws Exception {
        for (JsonElement e : alerts(cookie)) {
            if (e.getAsJsonObject().get("id").getAsString().equals(alertId)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("alert " + alertId + " is not listed");
    }

    private JsonArray alerts(String cookie) throws Exception {
        HttpResponse<String> r = send(get("api/v1/alerts").header("Cookie", cookie));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonArray("alerts");
    }

    private static String password(String shellOutput) {
        Matcher m = PASSWORD.matcher(shellOutput);
        assertThat(m.find()).as(shellOutput).isTrue();
        return m.group(1);
    }

    private static String cookie(HttpResponse<String> response) {
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    private HttpRequest.Builder post(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody());
    }

    private HttpRequest.Builder login(String user, String password, String next) {
        String form = "user=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create(base + "login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}
