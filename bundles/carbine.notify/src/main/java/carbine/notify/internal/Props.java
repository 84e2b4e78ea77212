package carbine.notify.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reading raw configuration properties of a channel, with error texts that never quote a secret. */
final class Props {
    private Props() {}

    static String text(Map<String, ?> properties, String name) {
        Object v = properties.get(name);
        return v == null ? "" : v.toString().trim();
    }

    /**
     * A required http(s) URL; an error otherwise. With {@code secret} the value is not quoted in the error: webhook
     * URLs often carry a token in their path, and an ntfy topic on a public server is its own password.
     */
    static URI url(Map<String, ?> properties, String name, boolean secret, List<String> errors) {
        String text = text(properties, name);
        String shown = secret ? "(hidden)" : "'" + text + "'";
        if (text.isEmpty()) {
            errors.add("property " + name + " is missing; it must be an http:// or https:// URL");
            return null;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                errors.add("property " + name + " = " + shown + " is invalid (must start with http:// or https://)");
                return null;
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                errors.add("property " + name + " = " + shown + " is invalid (no host name)");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            errors.add("property " + name + " = " + shown + " is not a URL" + (secret ? "" : " (" + e.getReason() + ")"));
            return null;
        }
    }

    static String required(Map<String, ?> properties, String name, String what, List<String> errors) {
        String text = text(properties, name);
        if (text.isEmpty()) {
            errors.add("property " + name + " is missing; it must be " + what);
        }
        return text;
    }
}
