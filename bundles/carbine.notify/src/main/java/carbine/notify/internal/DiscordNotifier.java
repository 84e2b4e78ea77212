package carbine.notify.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import carbine.api.notify.Notification;
import carbine.api.notify.Notifier;

/**
 * Posts to a Discord channel's webhook (discord.com/developers/docs/resources/webhook#execute-webhook): JSON with
 * {@code content} (at most 2000 characters), {@code username}, and {@code allowed_mentions} with no parse types, so
 * that a printer's message can never ping {@code @everyone}. The webhook URL is a credential.
 */
final class DiscordNotifier implements Notifier, AutoCloseable {
    static final int MAX_CONTENT = 2000;

    private final URI url;
    private final String username;
    private final Http http = new Http();

    DiscordNotifier(URI url, String username) {
        this.url = url;
        this.username = username;
    }

    static DiscordNotifier create(Map<String, ?> properties, List<String> errors) {
        URI url = Props.url(properties, "url", true, errors);
        String username = Props.text(properties, "username");
        return errors.isEmpty() ? new DiscordNotifier(url, username.isEmpty() ? "Carbine" : username) : null;
    }

    static JsonObject payload(Notification n, String username) {
        JsonObject o = new JsonObject();
        o.addProperty("content", Texts.cut("**" + n.title() + "**\n" + n.body(), MAX_CONTENT));
        o.addProperty("username", username);
        JsonObject mentions = new JsonObject();
        mentions.add("parse", new JsonArray());
        o.add("allowed_mentions", mentions);
        return o;
    }

    @Override
    public void send(Notification n) throws Exception {
        http.post(url, "application/json", payload(n, username).toString().getBytes(StandardCharsets.UTF_8), Map.of(),
                url.toString(), url.getPath());
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "Discord webhook at " + Http.where(url) + "/" + Secrets.MASK + " as " + username;
    }
}
