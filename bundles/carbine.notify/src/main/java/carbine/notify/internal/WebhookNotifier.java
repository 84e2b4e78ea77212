package carbine.notify.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import carbine.api.notify.Notification;
import carbine.api.notify.Notifier;

/**
 * POSTs the notification's JSON ({@link NotificationJson}) to a URL. With a secret, the header
 * {@value #SIGNATURE_HEADER} is {@code sha256=} and the lower-case hex HMAC-SHA256 of the raw body bytes, keyed with
 * the secret's UTF-8 bytes, so that the receiver can check that the message comes from this Carbine.
 */
final class WebhookNotifier implements Notifier, AutoCloseable {
    static final String SIGNATURE_HEADER = "X-Carbine-Signature";
    static final String ID_HEADER = "X-Carbine-Notification-Id";

    private final URI url;
    private final String secret;
    private final Http http = new Http();

    WebhookNotifier(URI url, String secret) {
        this.url = url;
        this.secret = secret == null ? "" : secret;
    }

    static WebhookNotifier create(Map<String, ?> properties, List<String> errors) {
        URI url = Props.url(properties, "url", true, errors);
        return errors.isEmpty() ? new WebhookNotifier(url, Props.text(properties, "secret")) : null;
    }

    @Override
    public void send(Notification notification) throws Exception {
        byte[] body = NotificationJson.write(notification).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID_HEADER, notification.id());
        if (!secret.isEmpty()) {
            headers.put(SIGNATURE_HEADER, signature(secret, body));
        }
        http.post(url, "application/json; charset=utf-8", body, headers, secret, url.getRawPath());
    }

    /** {@code sha256=<hex HMAC-SHA256 of body keyed with secret>}. */
    static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "webhook to " + Http.where(url) + "/" + Secrets.MASK + (secret.isEmpty() ? ", unsigned" : ", signed with secret " + Secrets.mask(secret));
    }
}
