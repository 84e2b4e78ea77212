package carbine.notify.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.notify.Notification;
import carbine.api.notify.Notifier;

/**
 * Sends a Telegram message through a bot (core.telegram.org/bots/api#sendmessage): POST
 * {@code <apiUrl>/bot<token>/sendMessage} with JSON {@code chat_id}, {@code text} (at most 4096 characters) and
 * {@code disable_notification} (resolutions arrive silently). Success is HTTP 200 with {@code "ok": true}
 * (core.telegram.org/bots/api#making-requests).
 */
final class TelegramNotifier implements Notifier, AutoCloseable {
    static final String DEFAULT_API_URL = "https://api.telegram.org";
    static final int MAX_TEXT = 4096;

    private final URI apiUrl;
    private final String botToken;
    private final String chatId;
    private final Http http = new Http();

    TelegramNotifier(URI apiUrl, String botToken, String chatId) {
        this.apiUrl = apiUrl;
        this.botToken = botToken;
        this.chatId = chatId;
    }

    static TelegramNotifier create(Map<String, ?> properties, List<String> errors) {
        String token = Props.required(properties, "botToken", "the bot's token from @BotFather", errors);
        String chat = Props.required(properties, "chatId", "the chat's id (a number, or @channelname)", errors);
        URI api = URI.create(DEFAULT_API_URL);
        if (!Props.text(properties, "apiUrl").isEmpty()) {
            api = Props.url(properties, "apiUrl", false, errors);
        }
        return errors.isEmpty() ? new TelegramNotifier(api, token, chat) : null;
    }

    static JsonObject payload(Notification n, String chatId) {
        JsonObject o = new JsonObject();
        if (chatId.matches("-?\\d+")) {
            o.addProperty("chat_id", Long.parseLong(chatId));
        } else {
            o.addProperty("chat_id", chatId);
        }
        o.addProperty("text", Texts.cut(n.title() + "\n\n" + n.body(), MAX_TEXT));
        o.addProperty("disable_notification", n.change() == Notification.Change.RESOLVED);
        return o;
    }

    @Override
    public void send(Notification n) throws Exception {
        String base = apiUrl.toString().replaceAll("/+$", "");
        URI uri = URI.create(base + "/bot" + botToken + "/sendMessage");
        Http.Response response = http.post(uri, "application/json",
                payload(n, chatId).toString().getBytes(StandardCharsets.UTF_8), Map.of(), botToken);
        try {
            JsonObject answer = JsonParser.parseString(response.body()).getAsJsonObject();
            if (!answer.has("ok") || !answer.get("ok").getAsBoolean()) {
                throw new DeliveryException("Telegram answered without ok: "
                        + Secrets.redact(Texts.cut(response.body(), 200), botToken));
            }
        } catch (RuntimeException e) {
            throw new DeliveryException("Telegram's answer is not JSON: "
                    + Secrets.redact(Texts.cut(String.valueOf(response.body()), 200), botToken));
        }
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "Telegram chat " + chatId + " through " + apiUrl + " with bot token " + Secrets.mask(botToken);
    }
}
