package carbine.notify.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;

import carbine.api.notify.Notification;
import carbine.api.notify.Notifier;

/**
 * Posts to a Slack incoming webhook (api.slack.com/messaging/webhooks): JSON {@code {"text": ...}} with the title in
 * bold; {@code &}, {@code <} and {@code >} escaped as Slack asks (api.slack.com/reference/surfaces/formatting
 * #escaping). The webhook URL is a credential.
 */
final class SlackNotifier implements Notifier, AutoCloseable {
    private final URI url;
    private final Http http = new Http();

    SlackNotifier(URI url) {
        this.url = url;
    }

    static SlackNotifier create(Map<String, ?> properties, List<String> errors) {
        URI url = Props.url(properties, "url", true, errors);
        return errors.isEmpty() ? new SlackNotifier(url) : null;
    }

    static JsonObject payload(Notification n) {
        JsonObject o = new JsonObject();
        o.addProperty("text", "*" + escape(n.title()) + "*\n" + escape(n.body()));
        return o;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void send(Notification n) throws Exception {
        http.post(url, "application/json", payload(n).toString().getBytes(StandardCharsets.UTF_8), Map.of(),
                url.toString(), url.getPath());
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "Slack webhook at " + Http.where(url) + "/" + Secrets.MASK;
    }
}
