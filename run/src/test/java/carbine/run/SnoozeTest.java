package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
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

import carbine.api.alert.Alert;
import carbine.api.alert.AlertService;

/**
 * Snoozes through the HTTP API with credentials (issue 11), with the login required everywhere: a viewer may look
 * but not snooze (403), an operator (password or token) snoozes a printer, the message about its failure waits in the
 * outbox while a real signed webhook receiver gets nothing, the snooze survives a restart of carbine.notify, and
 * lifting it sends the message. Also an alert's snooze, a channel's test message, and the shell's commands.
 */
class SnoozeTest {
    private static final Pattern PASSWORD = Pattern.compile("password: ([A-Za-z0-9]{20})");
    private static final Pattern TOKEN = Pattern.compile("cbt_[A-Za-z0-9_-]{43}");

    @InjectService(timeout = 10_000)
    HttpServiceRuntime http;
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    CommandProcessor gogo;
    @InjectService(timeout = 10_000)
    AlertService alerts;
    @InjectService
    LogReaderService logReader;
    @InjectBundleContext
    BundleContext context;

    private final HttpClient client = HttpClient.newHttpClient();
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private String base;

    @Test
    void operatorsSnoozeThroughTheApiViewersMayNotAndTheSnoozeHoldsTheMessageAcrossARestart() throws Exception {
        base = Carbines.httpBase(http);
        Carbines.pollEvery(cm, 200, "timeoutMillis", 500);
        String id = Carbines.printerId("snooze");
        String run = Long.toString(System.nanoTime(), 36);
        String viewer = "sview-" + run;
        String operator = "sop-" + run;
        Configuration security = cm.getConfiguration("carbine.http.security", "?");
        LogListener listener = entry -> logLines.add(entry.getMessage());
        logReader.addLogListener(listener);
        Configuration printer = null;
        try (NotifyTest.Receiver receiver = new NotifyTest.Receiver()) {
            Configuration hook = cm.getFactoryConfiguration("carbine.notify.webhook", id, "?");
            hook.update(Carbines.props("url", receiver.url(), "secret", NotifyTest.SECRET, "printers", id,
                    "groupWaitSeconds", 1L, "name", "snooze-it"));
            String channel = hook.getPid();
            try {
                security.update(Carbines.props("login", "always"));
                Await.until(() -> assertThat(send(get("api/v1/notify/channels")).statusCode()).isEqualTo(401));
                String v = basic(viewer, password(Carbines.shell(gogo, "carbine:user-add " + viewer + " viewer")));
                String o = basic(operator, password(Carbines.shell(gogo, "carbine:user-add " + operator + " operator")));
                Matcher t = TOKEN.matcher(Carbines.shell(gogo, "carbine:token-create " + operator + "-t 1 operator"));
                assertThat(t.find()).isTrue();
                String token = "Bearer " + t.group();

                // a viewer sees the channels, and may not snooze nor lift nor test
                Await.until(() -> assertThat(json(send(get("api/v1/notify/channels").header("Authorization", v)))
                        .getAsJsonArray("channels").asList()).anySatisfy(c -> assertThat(
                                c.getAsJsonObject().get("id").getAsString()).isEqualTo(channel)));
                HttpResponse<String> refused = send(post("api/v1/notify/snoozes?target=printer&id=" + id + "&for=1h")
                        .header("Authorization", v));
                assertThat(refused.statusCode()).isEqualTo(403);
                assertThat(refused.body()).contains("operator", viewer);
                assertThat(send(post("api/v1/alerts/whatever/snooze?for=1h").header("Authorization", v)).statusCode())
                        .isEqualTo(403);
                assertThat(send(delete("api/v1/notify/snoozes/printer/" + id).header("Authorization", v))
                        .statusCode()).isEqualTo(403);
                assertThat(send(post("api/v1/notify/channels/" + channel + "/test").header("Authorization", v))
                        .statusCode()).isEqualTo(403);

                // bad requests say what is wrong
                HttpResponse<String> bad = send(post("api/v1/notify/snoozes?target=printer&id=" + id + "&for=soon")
                        .header("Authorization", o));
                assertThat(bad.statusCode()).isEqualTo(400);
                assertThat(json(bad).get("parameter").getAsString()).isEqualTo("for");
                assertThat(send(post("api/v1/notify/snoozes?target=printer&id=" + id + "&for=45d")
                        .header("Authorization", o)).statusCode()).as("longer than 30 days").isEqualTo(400);
                assertThat(send(post("api/v1/notify/snoozes?target=channel&id=no-such-channel&for=1h")
                        .header("Authorization", o)).statusCode()).isEqualTo(404);
                assertThat(send(post("api/v1/alerts/no-such-alert/snooze?for=1h").header("Authorization", o))
                        .statusCode()).isEqualTo(404);

                // an operator snoozes the printer (with a token), and who did it is recorded
                HttpResponse<String> snoozed = send(post("api/v1/notify/snoozes?target=printer&id="
                        + URLEncoder.encode(id, StandardCharsets.UTF_8) + "&for=2h").header("Authorization", token));
                assertThat(snoozed.statusCode()).as(snoozed.body()).isEqualTo(200);
                JsonObject z = json(snoozed);
                assertThat(z.get("target").getAsString()).isEqualTo("printer");
                assertThat(z.get("by").getAsString()).isEqualTo("token:" + operator + "-t from 127.0.0.1 (api)");
                Instant until = Instant.parse(z.get("until").getAsString());
                assertThat(until).isBetween(Instant.now().plus(Duration.ofMinutes(119)),
                        Instant.now().plus(Duration.ofMinutes(121)));

                // the printer fails: its alerts are open, their message waits in the outbox, the receiver gets none
                printer = Carbines.simulator(cm, id, "phaseSeconds", 2.0, "scenario", "overheat", "seed", 7L);
                Alert failure = Await.value(Duration.ofSeconds(60), () -> alerts.open().stream()
                        .filter(a -> a.printerId().equals(id) && a.kind().equals("HARD_FAILURE")).findFirst()
                        .orElse(null));
                Await.until(Duration.ofSeconds(30), () -> assertThat(deliveries(v)).anySatisfy(d -> {
                    assertThat(d.get("channel").getAsString()).isEqualTo(channel);
                    assertThat(d.get("status").getAsString()).isEqualTo("WAITING");
                    assertThat(d.get("title").getAsString()).contains("HARD_FAILURE on " + id);
                }));
                assertThat(receiver.requests()).as("nothing about a snoozed printer").isEmpty();

                // the operator also snoozes the alert itself (password this time)
                HttpResponse<String> alertSnooze = send(post("api/v1/alerts/" + failure.id() + "/snooze?for=30m")
                        .header("Authorization", o));
                assertThat(alertSnooze.statusCode()).as(alertSnooze.body()).isEqualTo(200);
                assertThat(json(alertSnooze).get("by").getAsString()).isEqualTo(operator + " from 127.0.0.1 (api)");

                // carbine.notify restarts: the snoozes are still there, and still hold the message
                Bundle notify = Arrays.stream(context.getBundles())
                        .filter(b -> b.getSymbolicName().equals("carbine.notify")).findFirst().orElseThrow();
                notify.stop();
                notify.start();
                Await.until(Duration.ofSeconds(30), () -> {
                    HttpResponse<String> r = send(get("api/v1/notify/snoozes").header("Authorization", v));
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(json(r).getAsJsonArray("snoozes").asList()).extracting(
                            e -> e.getAsJsonObject().get("target").getAsString() + " "
                                    + e.getAsJsonObject().get("id").getAsString() + " "
                                    + e.getAsJsonObject().get("until").getAsString())
                            .contains("printer " + id + " " + until, "alert " + failure.id() + " "
                                    + json(alertSnooze).get("until").getAsString());
                });
                assertThat(receiver.requests()).isEmpty();

                // lifting both sends what they held
                assertThat(send(delete("api/v1/notify/snoozes/printer/" + id).header("Authorization", o)).statusCode())
                        .isEqualTo(200);
                assertThat(receiver.requests()).as("the alert's own snooze still holds its message")
                        .noneMatch(r -> r.body().contains("HARD_FAILURE on " + id));
                assertThat(send(delete("api/v1/notify/snoozes/alert/" + failure.id()).header("Authorization", o))
                        .statusCode()).isEqualTo(200);
                assertThat(send(delete("api/v1/notify/snoozes/alert/" + failure.id()).header("Authorization", o))
                        .statusCode()).as("no longer snoozed").isEqualTo(404);
                Await.until(Duration.ofSeconds(30), () -> assertThat(receiver.requests()).anySatisfy(r -> {
                    JsonObject m = JsonParser.parseString(r.body()).getAsJsonObject();
                    assertThat(m.get("title").getAsString()).contains("HARD_FAILURE on " + id);
                }));

                // a test message through the channel: the answer comes back
                HttpResponse<String> test = send(post("api/v1/notify/channels/" + channel + "/test")
                        .header("Authorization", o));
                assertThat(test.statusCode()).as(test.body()).isEqualTo(200);
                assertThat(json(test).get("delivered").getAsBoolean()).isTrue();

                // the shell's commands see the same
                assertThat(Carbines.shell(gogo, "carbine:snooze channel " + channel + " 90")).startsWith("snoozed channel " + channel);
                assertThat(Carbines.shell(gogo, "carbine:notifications")).contains("webhook 'snooze-it'", "channel " + channel,
                        "by shell", "DELIVERED");
                assertThat(Carbines.shell(gogo, "carbine:unsnooze channel " + channel)).contains("lifted");
                assertThat(Carbines.shell(gogo, "carbine:notify-test " + channel)).startsWith("test message delivered");

                Await.until(() -> assertThat(logLines).anyMatch(l -> l.contains("printer " + id + " snoozed until")
                        && l.contains("by token:" + operator + "-t from 127.0.0.1 (api)")));
                assertThat(logLines).noneMatch(l -> l.contains(t.group()) || l.contains(NotifyTest.SECRET));
            } finally {
                if (printer != null) {
                    printer.delete();
                }
                hook.delete();
                Carbines.shell(gogo, "carbine:user-remove " + viewer);
                Carbines.shell(gogo, "carbine:user-remove " + operator);
                Carbines.shell(gogo, "carbine:token-revoke " + operator + "-t");
                security.delete();
                logReader.removeLogListener(listener);
            }
        }
        Await.until(() -> assertThat(send(get("api/v1/printers")).statusCode()).isEqualTo(200));
    }

    private List<JsonObject> deliveries(String auth) throws Exception {
        HttpResponse<String> r = send(get("api/v1/notify/deliveries?limit=100").header("Authorization", auth));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonArray all = json(r).getAsJsonArray("deliveries");
        return all.asList().stream().map(JsonElement::getAsJsonObject).toList();
    }

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static String password(String shellOutput) {
        Matcher m = PASSWORD.matcher(shellOutput);
        assertThat(m.find()).as(shellOutput).isTrue();
        return m.group(1);
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

    private HttpRequest.Builder delete(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).DELETE();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}
