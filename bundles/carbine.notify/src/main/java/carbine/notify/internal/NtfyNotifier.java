package carbine.notify.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import carbine.api.alert.Severity;
import carbine.api.notify.Notification;
import carbine.api.notify.Notifier;

/**
 * Publishes to an ntfy topic (https://docs.ntfy.sh/publish/): a POST to the topic URL with the body as the message,
 * the {@code Title}, {@code Priority} (1-5) and {@code Tags} headers, and {@code Authorization: Bearer <token>} for
 * an access token.
 */
final class NtfyNotifier implements Notifier, AutoCloseable {
    private final URI topicUrl;
    private final String token;
    private final Http http = new Http();

    NtfyNotifier(URI topicUrl, String token) {
        this.topicUrl = topicUrl;
        this.token = token == null ? "" : token;
    }

    static NtfyNotifier create(Map<String, ?> properties, List<String> errors) {
        URI url = Props.url(properties, "url", true, errors);
        if (url != null && (url.getPath() == null || url.getPath().length() < 2)) {
            errors.add("property url = '" + Http.where(url) + url.getRawPath() + "' names no topic (it must be like https://ntfy.sh/my-printers)");
        }
        return errors.isEmpty() ? new NtfyNotifier(url, Props.text(properties, "token")) : null;
    }

    /**
     * ntfy's priorities (docs.ntfy.sh/publish/#message-priority): 5 max/urgent (long vibration, pop-over), 4 high,
     * 3 default, 2 low, 1 min. Critical alerts are urgent, warnings high, the rest and resolutions default.
     */
    static int priority(Notification n) {
        if (n.change() == Notification.Change.RESOLVED) {
            return 3;
        }
        return switch (n.severity()) {
            case CRITICAL -> 5;
            case WARNING -> 4;
            case INFO -> 3;
        };
    }

    /** Emoji short codes from ntfy's tag list (docs.ntfy.sh/publish/#tags-emojis). */
    static String tags(Notification n) {
        if (n.change() == Notification.Change.RESOLVED) {
            return "white_check_mark";
        }
        return n.severity() == Severity.CRITICAL ? "rotating_light"
                : n.severity() == Severity.WARNING ? "warning" : "information_source";
    }

    @Override
    public void send(Notification n) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Title", headerValue(n.title()));
        headers.put("Priority", Integer.toString(priority(n)));
        headers.put("Tags", tags(n));
        if (!token.isEmpty()) {
            headers.put("Authorization", "Bearer " + token);
        }
        http.post(topicUrl, "text/plain; charset=utf-8", n.body().getBytes(StandardCharsets.UTF_8), headers, token,
                topicUrl.getRawPath());
    }

    /** HTTP header values are ASCII; anything else goes RFC 2047-encoded, which ntfy decodes. */
    static String headerValue(String text) {
        boolean ascii = text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        return ascii ? text
                : "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "ntfy topic at " + Http.where(topicUrl) + "/" + Secrets.MASK + (token.isEmpty() ? "" : " with access token " + Secrets.mask(token));
    }
}
