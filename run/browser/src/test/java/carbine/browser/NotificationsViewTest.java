package carbine.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;

/**
 * Snooze and the Notifications page (issue 11) as people use them, with the login required: an operator snoozes an
 * alert and a printer from the dashboard (the rows then say "snoozed until HH:mm by ..."), sends a test message
 * through a webhook channel whose receiver first refuses (the page shows the receiver's answer) and then accepts,
 * sees the deliveries, and snoozes the channel; a viewer sees the snoozes but no button to act.
 */
class NotificationsViewTest {
    @Test
    void anOperatorSnoozesFromTheDashboardAndTestsAChannelAViewerOnlySees() throws Exception {
        AtomicBoolean accepting = new AtomicBoolean(false);
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            try (exchange) {
                received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] answer = (accepting.get() ? "" : "receiver says no").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(accepting.get() ? 200 : 500, answer.length == 0 ? -1 : answer.length);
                if (answer.length > 0) exchange.getResponseBody().write(answer);
            }
        });
        receiver.start();
        Path home = CarbineProcess.freshHome("notifications");
        int port = CarbineProcess.freePort();
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/users"), "otto\toperator\t" + pbkdf2("otto-operates-the-farm") + "\n"
                + "vera\tviewer\t" + pbkdf2("vera-views-the-farm") + "\n");
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/carbine.simulator-hot.cfg"), "printerId=hot-1\nscenario=overheat\nphaseSeconds=5\n");
        Files.writeString(home.resolve("conf/carbine.notify.webhook-ops.cfg"), "url=http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hook\nsecret=browser-hook-secret\nname=ops\ngroupWaitSeconds=1\n");
        try (CarbineProcess carbine = CarbineProcess.launch(home, port,
                CarbineProcess.command(home, port, "-Dorg.apache.felix.http.host=0.0.0.0"), true);
                Browser b = new Browser(1366, 1000)) {
            Await.until(Duration.ofSeconds(90), "the ready line", () -> {
                assertThat(carbine.process.isAlive()).as(carbine.tail()).isTrue();
                return Files.readAllLines(carbine.log).stream().anyMatch(l -> l.contains("Carbine is ready")) ? true : null;
            });
            b.open(carbine.base + "/");
            Await.until(Duration.ofSeconds(20), "the login page", () -> b.all("form input#password").isEmpty() ? null : true);
            login(b, "otto", "otto-operates-the-farm");
            Await.until(Duration.ofSeconds(30), "the overview as otto", () -> "otto".equals(b.text("header .user")) ? true : null);

            // an alert of hot-1: snooze it for the offered 1 h
            String alert = Await.until(Duration.ofSeconds(90), "an alert of hot-1 with its Snooze button", () ->
                    b.all("[data-alert] vaadin-button.snooze-button").stream().filter(WebElement::isDisplayed).findFirst()
                            .map(e -> e.findElement(By.xpath("ancestor::*[@data-alert][1]")).getAttribute("data-alert"))
                            .orElse(null));
            String row = "[data-alert='" + alert + "']";
            b.driver.findElement(By.cssSelector(row + " vaadin-button.snooze-button")).click();
            String until = Await.until(Duration.ofSeconds(20), "snoozed until on the alert", () -> {
                String t = b.text(row + " .snoozed-until");
                return t != null && t.startsWith("snoozed until ") ? t : null;
            });
            assertThat(until).matches("snoozed until \\d\\d:\\d\\d by otto from 127\\.0\\.0\\.1 \\(dashboard\\)");
            Await.until(Duration.ofSeconds(10), "Unsnooze instead of Snooze", () ->
                    b.all(row + " vaadin-button.unsnooze-button").stream().anyMatch(WebElement::isDisplayed) ? true : null);
            b.screenshot("snoozed-alert");
            JsonObject snoozes = JsonParser.parseString(api(carbine, "/api/v1/notify/snoozes", "otto",
                    "otto-operates-the-farm")).getAsJsonObject();
            assertThat(snoozes.getAsJsonArray("snoozes").asList()).anySatisfy(z -> {
                assertThat(z.getAsJsonObject().get("target").getAsString()).isEqualTo("alert");
                assertThat(z.getAsJsonObject().get("id").getAsString()).isEqualTo(alert);
                assertThat(z.getAsJsonObject().get("by").getAsString()).isEqualTo("otto from 127.0.0.1 (dashboard)");
            });

            // the printer: snoozed from its page, named on its card
            b.open(carbine.base + "/printer/hot-1");
            Await.until(Duration.ofSeconds(30), "the printer's Snooze button", () ->
                    b.all(".printer-snooze vaadin-button.snooze-button").stream().anyMatch(WebElement::isDisplayed) ? true : null);
            b.driver.findElement(By.cssSelector(".printer-snooze vaadin-button.snooze-button")).click();
            Await.until(Duration.ofSeconds(20), "the card says it is snoozed", () -> {
                String t = b.text(".printer-card .snoozed-until");
                return t != null && t.matches("notifications snoozed until \\d\\d:\\d\\d") ? t : null;
            });

            // the Notifications page: the channel, Send test with the receiver's answer, the deliveries
            b.driver.findElement(By.linkText("Notifications")).click();
            String channel = "[data-channel='carbine.notify.webhook~ops']";
            Await.until(Duration.ofSeconds(30), "the channel on the Notifications page", () -> {
                String t = b.text(".channel-list " + channel + " .channel-name");
                return "webhook 'ops'".equals(t) ? t : null;
            });
            assertThat(b.text(".channel-list " + channel + " .channel-type")).isEqualTo("webhook");
            b.driver.findElement(By.cssSelector(".channel-list " + channel + " vaadin-button.send-test")).click();
            String refused = Await.until(Duration.ofSeconds(30), "the receiver's refusal", () -> {
                String t = b.text(channel + " .test-answer");
                return t != null && t.startsWith("Not delivered") ? t : null;
            });
            assertThat(refused).contains("HTTP 500 from http://127.0.0.1:" + receiver.getAddress().getPort(),
                    "receiver says no").doesNotContain("browser-hook-secret");
            accepting.set(true);
            b.driver.findElement(By.cssSelector(".channel-list " + channel + " vaadin-button.send-test")).click();
            Await.until(Duration.ofSeconds(30), "the test delivered", () -> {
                String t = b.text(channel + " .test-answer");
                return t != null && t.matches("Delivered: delivered in \\d+ ms") ? t : null;
            });
            assertThat(received).anyMatch(m -> m.contains("Test message from Carbine") && m.contains("sent by otto"));
            Await.until(Duration.ofSeconds(20), "both test attempts in the deliveries", () -> {
                List<String> statuses = b.all(".deliveries .delivery .badge").stream().map(WebElement::getText).toList();
                return statuses.contains("DELIVERED (test)") && statuses.contains("FAILED (test)") ? statuses : null;
            });
            assertThat(b.text(".snooze-list")).contains("alert " + alert + ": snoozed until", "printer hot-1: snoozed until",
                    "by otto from 127.0.0.1 (dashboard)");

            // and the channel itself
            b.driver.findElement(By.cssSelector(channel + " vaadin-button.snooze-button")).click();
            Await.until(Duration.ofSeconds(20), "the channel snoozed", () -> {
                String t = b.text(channel + " .snoozed-until");
                return t != null && t.startsWith("snoozed until") ? t : null;
            });
            Await.until(Duration.ofSeconds(20), "the channel in the snooze list", () ->
                    b.text(".snooze-list").contains("channel webhook 'ops': snoozed until") ? true : null);
            b.screenshot("notifications-page");

            // a viewer, at another browser, sees the snoozes and has no button to act
            try (Browser v = new Browser(1366, 1000)) {
                v.open(carbine.base + "/notifications");
                Await.until(Duration.ofSeconds(20), "the login page", () -> v.all("form input#password").isEmpty() ? null : true);
                login(v, "vera", "vera-views-the-farm");
                try {
                    Await.until(Duration.ofSeconds(30), "the channel as vera", () ->
                            "vera".equals(v.text("header .user")) && v.text(channel + " .snoozed-until") != null ? true : null);
                } catch (AssertionError | RuntimeException e) {
                    v.screenshot("notifications-viewer-failure");
                    throw new AssertionError(e.getMessage() + " at " + v.driver.getCurrentUrl(), e);
                }
                assertThat(v.all("vaadin-button.send-test, vaadin-button.snooze-button, vaadin-button.unsnooze-button")
                        .stream().filter(WebElement::isDisplayed).toList()).as("a viewer acts on nothing").isEmpty();
                v.open(carbine.base + "/");
                Await.until(Duration.ofSeconds(30), "the snoozed alert as vera", () -> {
                    String t = v.text(row + " .snoozed-until");
                    return t != null && t.startsWith("snoozed until") ? t : null;
                });
                assertThat(v.all("vaadin-button.snooze-button, vaadin-button.unsnooze-button").stream()
                        .filter(WebElement::isDisplayed).toList()).isEmpty();
                v.screenshot("snoozed-viewer");
            }
            assertThat(Files.readString(carbine.log)).contains("notifications of alert " + alert + " snoozed until")
                    .contains("by otto from 127.0.0.1 (dashboard)").doesNotContain("browser-hook-secret");
        } finally {
            receiver.stop(0);
        }
    }

    private static String api(CarbineProcess carbine, String path, String user, String password) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(carbine.base + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static void login(Browser b, String user, String password) {
        b.driver.findElement(By.id("user")).clear();
        b.driver.findElement(By.id("user")).sendKeys(user);
        b.driver.findElement(By.id("password")).sendKeys(password);
        b.driver.findElement(By.id("login")).click();
    }

    /** A password hash as carbine.console's README documents the users file (as ExposedTest writes it). */
    private static String pbkdf2(String password) throws IOException {
        try {
            byte[] salt = new byte[16];
            new java.security.SecureRandom().nextBytes(salt);
            int iterations = 210_000;
            byte[] hash = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new javax.crypto.spec.PBEKeySpec(password.toCharArray(), salt, iterations, 256))
                    .getEncoded();
            Base64.Encoder b64 = Base64.getEncoder();
            return "pbkdf2-sha256:" + iterations + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(hash);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }
}
