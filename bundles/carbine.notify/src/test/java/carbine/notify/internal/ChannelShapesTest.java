package carbine.notify.internal;

import static carbine.notify.internal.Fixtures.alert;
import static carbine.notify.internal.Fixtures.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.alert.Severity;
import carbine.api.notify.Notification;
import carbine.api.notify.Notification.Change;

/** Each built-in channel against a real HTTP receiver that checks the request shape its service documents. */
class ChannelShapesTest {
    Receiver receiver;
    final Notification critical = notification(Change.RAISED, alert("a1", "printer-1", "HARD_FAILURE", Severity.CRITICAL),
            alert("a2", "printer-2", "HARD_FAILURE", Severity.CRITICAL));

    @BeforeEach
    void start() throws Exception {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    /** What a receiver does to verify the signature (as the README explains): HMAC-SHA256 over the raw body. */
    static boolean verify(String secret, byte[] rawBody, String header) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(rawBody));
        return header != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                header.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void webhookPostsSignedJson() throws Exception {
        try (WebhookNotifier webhook = new WebhookNotifier(receiver.url("/hook"), "s3cret")) {
            webhook.send(critical);
        }
        Receiver.Request r = receiver.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(verify("s3cret", r.body(), r.header("X-Carbine-Signature"))).isTrue();
        assertThat(verify("other", r.body(), r.header("X-Carbine-Signature"))).isFalse();
        assertThat(r.header("X-Carbine-Notification-Id")).isEqualTo("n-1");
        JsonObject json = JsonParser.parseString(r.text()).getAsJsonObject();
        assertThat(json.get("version").getAsInt()).isEqualTo(1);
        assertThat(json.get("id").getAsString()).isEqualTo("n-1");
        assertThat(json.get("change").getAsString()).isEqualTo("RAISED");
        assertThat(json.get("severity").getAsString()).isEqualTo("CRITICAL");
        assertThat(json.get("groupKey").getAsString()).isEqualTo("rules/HARD_FAILURE");
        assertThat(json.get("title").getAsString()).isEqualTo("CRITICAL: HARD_FAILURE on 2 printers");
        assertThat(json.getAsJsonArray("alerts")).hasSize(2);
        assertThat(json.getAsJsonArray("alerts").get(1).getAsJsonObject().get("printer").getAsString())
                .isEqualTo("printer-2");
    }

    @Test
    void webhookWithoutSecretIsUnsignedAndFailuresThrow() throws Exception {
        receiver.failNext(1, 500);
        try (WebhookNotifier webhook = new WebhookNotifier(receiver.url("/hook"), "")) {
            assertThatThrownBy(() -> webhook.send(critical)).isInstanceOf(DeliveryException.class)
                    .hasMessageContaining("HTTP 500").hasMessageContaining("127.0.0.1");
            webhook.send(critical);
        }
        assertThat(receiver.requests()).hasSize(2);
        assertThat(receiver.requests().get(1).header("X-Carbine-Signature")).isNull();
    }

    // https://docs.ntfy.sh/publish/ : POST/PUT to the topic URL, the body is the message; headers Title (or X-Title),
    // Priority (1-5 or min/low/default/high/max|urgent), Tags (comma-separated emoji short codes);
    // https://docs.ntfy.sh/publish/#access-tokens : "Authorization: Bearer tk_..."
    @Test
    void ntfyPublishesToTheTopicWithPriorityBySeverity() throws Exception {
        try (NtfyNotifier ntfy = new NtfyNotifier(receiver.url("/carbine-farm"), "tk_secret")) {
            ntfy.send(critical);
            ntfy.send(notification(Change.RAISED, alert("a3", "printer-3", "FILAMENT_JAM", Severity.WARNING)));
            ntfy.send(notification(Change.RESOLVED, alert("a3", "printer-3", "FILAMENT_JAM", Severity.WARNING)));
            assertThat(ntfy.toString()).doesNotContain("tk_secret").doesNotContain("carbine-farm");
        }
        List<Receiver.Request> rs = receiver.requests();
        assertThat(rs).extracting(Receiver.Request::path).containsOnly("/carbine-farm");
        assertThat(rs).extracting(Receiver.Request::method).containsOnly("POST");
        assertThat(rs.get(0).header("Title")).isEqualTo("CRITICAL: HARD_FAILURE on 2 printers");
        assertThat(rs.get(0).header("Priority")).isEqualTo("5");
        assertThat(rs.get(0).header("Tags")).isEqualTo("rotating_light");
        assertThat(rs.get(0).header("Authorization")).isEqualTo("Bearer tk_secret");
        assertThat(rs.get(0).text()).contains("printer-1: ").contains("printer-2: ");
        assertThat(rs.get(1).header("Priority")).isEqualTo("4");
        assertThat(rs.get(2).header("Priority")).isEqualTo("3");
        assertThat(rs.get(2).header("Tags")).isEqualTo("white_check_mark");
    }

    @Test
    void ntfyTitlesOutsideAsciiAreRfc2047Encoded() {
        assertThat(NtfyNotifier.headerValue("plain")).isEqualTo("plain");
        assertThat(NtfyNotifier.headerValue("Drucker Küche")).isEqualTo("=?UTF-8?B?RHJ1Y2tlciBLw7xjaGU=?=");
    }

    // https://discord.com/developers/docs/resources/webhook#execute-webhook : POST JSON with content (up to 2000
    // characters), username, allowed_mentions; answers 204 No Content unless ?wait=true
    @Test
    void discordPostsContentWithoutMentions() throws Exception {
        receiver.answer(204, "");
        try (DiscordNotifier discord = new DiscordNotifier(receiver.url("/api/webhooks/123/tokenpart"), "Carbine")) {
            discord.send(critical);
            assertThat(discord.toString()).doesNotContain("tokenpart");
        }
        Receiver.Request r = receiver.requests().get(0);
        assertThat(r.path()).isEqualTo("/api/webhooks/123/tokenpart");
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonObject json = JsonParser.parseString(r.text()).getAsJsonObject();
        assertThat(json.get("content").getAsString()).startsWith("**CRITICAL: HARD_FAILURE on 2 printers**\n")
                .hasSizeLessThanOrEqualTo(2000);
        assertThat(json.get("username").getAsString()).isEqualTo("Carbine");
        assertThat(json.getAsJsonObject("allowed_mentions").getAsJsonArray("parse")).isEmpty();
    }

    @Test
    void discordContentIsCutAt2000Characters() {
        List<carbine.api.notify.NotifiedAlert> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(alert("a" + i, "printer-with-a-long-name-" + i, "HARD_FAILURE", Severity.CRITICAL));
        }
        Notification big = notification(Change.RAISED, many.toArray(carbine.api.notify.NotifiedAlert[]::new));
        assertThat(DiscordNotifier.payload(big, "Carbine").get("content").getAsString()).hasSize(2000).endsWith("…");
    }

    // https://api.slack.com/messaging/webhooks : POST JSON {"text": ...} with Content-type application/json, answer
    // 200 "ok"; https://api.slack.com/reference/surfaces/formatting#escaping : escape &, <, >
    @Test
    void slackPostsEscapedText() throws Exception {
        receiver.answer(200, "ok");
        Notification n = notification(Change.RAISED,
                new carbine.api.notify.NotifiedAlert("a9", "p<1>", "rules", "OVERHEAT", Severity.WARNING,
                        "nozzle > 300 & rising", carbine.api.alert.AlertState.ACTIVE,
                        java.time.Instant.parse("2026-12-05T08:00:00Z")));
        try (SlackNotifier slack = new SlackNotifier(receiver.url("/services/T1/B2/XYZ"))) {
            slack.send(n);
            assertThat(slack.toString()).doesNotContain("XYZ");
        }
        Receiver.Request r = receiver.requests().get(0);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        String text = JsonParser.parseString(r.text()).getAsJsonObject().get("text").getAsString();
        assertThat(text).startsWith("*WARNING: OVERHEAT on p&lt;1&gt;*\n").contains("nozzle &gt; 300 &amp; rising")
                .doesNotContain("<").doesNotContain(">");
    }

    // https://core.telegram.org/bots/api#making-requests : https://api.telegram.org/bot<token>/METHOD_NAME, JSON
    // bodies allowed, the answer is {"ok": true, "result": ...} or {"ok": false, "description": ...};
    // https://core.telegram.org/bots/api#sendmessage : chat_id (Integer or String), text (1-4096 characters),
    // disable_notification (a silent message)
    @Test
    void telegramCallsSendMessage() throws Exception {
        receiver.answer(200, "{\"ok\":true,\"result\":{\"message_id\":42}}");
        try (TelegramNotifier telegram = new TelegramNotifier(receiver.url(""), "123:ABC", "-100200300")) {
            telegram.send(critical);
            telegram.send(notification(Change.RESOLVED, alert("a1", "printer-1", "HARD_FAILURE", Severity.CRITICAL)));
            assertThat(telegram.toString()).doesNotContain("123:ABC");
        }
        Receiver.Request r = receiver.requests().get(0);
        assertThat(r.path()).isEqualTo("/bot123:ABC/sendMessage");
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonObject json = JsonParser.parseString(r.text()).getAsJsonObject();
        assertThat(json.get("chat_id").getAsLong()).isEqualTo(-100200300L);
        assertThat(json.get("text").getAsString()).startsWith("CRITICAL: HARD_FAILURE on 2 printers\n\n");
        assertThat(json.get("disable_notification").getAsBoolean()).isFalse();
        JsonObject resolved = JsonParser.parseString(receiver.requests().get(1).text()).getAsJsonObject();
        assertThat(resolved.get("disable_notification").getAsBoolean()).isTrue();
    }

    @Test
    void telegramNotOkOrRateLimitedThrowsWithoutTheToken() throws Exception {
        try (TelegramNotifier telegram = new TelegramNotifier(receiver.url(""), "123:ABC", "@farm")) {
            receiver.answer(200, "{\"ok\":false,\"description\":\"chat not found\"}");
            assertThatThrownBy(() -> telegram.send(critical)).hasMessageContaining("chat not found")
                    .hasMessageNotContaining("123:ABC");
            receiver.answer(429, "{\"ok\":false,\"error_code\":429,\"parameters\":{\"retry_after\":3}}");
            assertThatThrownBy(() -> telegram.send(critical)).hasMessageContaining("HTTP 429")
                    .hasMessageContaining("retry_after").hasMessageNotContaining("123:ABC");
        }
        assertThat(JsonParser.parseString(receiver.requests().get(0).text()).getAsJsonObject().get("chat_id")
                .getAsString()).isEqualTo("@farm");
    }

    @Test
    void configurationErrorsNameThePropertyButNeverASecret() {
        List<String> errors = new ArrayList<>();
        assertThat(DiscordNotifier.create(Receiver.props("url", "ftp://discord.com/api/webhooks/1/supersecret"),
                errors)).isNull();
        assertThat(errors).singleElement().asString().contains("url").doesNotContain("supersecret");
        errors.clear();
        assertThat(TelegramNotifier.create(Receiver.props("chatId", "1"), errors)).isNull();
        assertThat(errors).singleElement().asString().contains("botToken");
        errors.clear();
        assertThat(NtfyNotifier.create(Receiver.props("url", "https://ntfy.sh/"), errors)).isNull();
        assertThat(errors).singleElement().asString().contains("topic");
        errors.clear();
        WebhookNotifier w = WebhookNotifier.create(Receiver.props("url", "https://example.org/x", "secret", "k3y"),
                errors);
        assertThat(errors).isEmpty();
        assertThat(w.toString()).contains("****").doesNotContain("k3y");
        w.close();
    }
}
