package carbine.mqtt.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The configuration after validation. A missing or malformed required value ({@code url}, the prefixes) is an error
 * and nothing starts; a malformed optional number is a warning naming the property and the value, and its default is
 * used. Messages never carry the password.
 */
record Settings(URI url, String username, String password, String topicPrefix, String discoveryPrefix,
        long intervalMillis, int maxMessagesPerSecond, long reconnectMaxSeconds, long removeAfterSeconds) {
    static final String DEFAULT_TOPIC_PREFIX = "carbine";
    static final String DEFAULT_DISCOVERY_PREFIX = "homeassistant";
    static final long DEFAULT_INTERVAL_MILLIS = 1000;
    static final int DEFAULT_MAX_MESSAGES_PER_SECOND = 200;
    static final long DEFAULT_RECONNECT_MAX_SECONDS = 60;
    static final long DEFAULT_REMOVE_AFTER_SECONDS = 60;

    @Override
    public String toString() { // never the password
        return "Settings[" + url + ", user '" + username + "', password " + (password.isEmpty() ? "(none)" : "****")
                + ", topics " + topicPrefix + ", discovery " + discoveryPrefix + ", every " + intervalMillis
                + " ms, at most " + maxMessagesPerSecond + "/s, reconnect up to " + reconnectMaxSeconds + " s, remove after "
                + removeAfterSeconds + " s]";
    }

    /** The settings, or null after adding to {@code errors}; a malformed optional value goes to {@code warnings}. */
    static Settings read(Map<String, ?> properties, List<String> errors, Consumer<String> warnings) {
        URI url = url(text(properties, "url"), errors);
        String username = text(properties, "username");
        String password = text(properties, "password");
        if (username.isEmpty() && !password.isEmpty()) {
            errors.add("property password is set but username is missing");
        }
        String topicPrefix = prefix(properties, "topicPrefix", DEFAULT_TOPIC_PREFIX, errors);
        String discoveryPrefix = prefix(properties, "discoveryPrefix", DEFAULT_DISCOVERY_PREFIX, errors);
        long interval = number(properties, "intervalMillis", DEFAULT_INTERVAL_MILLIS, 50, warnings);
        long rate = number(properties, "maxMessagesPerSecond", DEFAULT_MAX_MESSAGES_PER_SECOND, 1, warnings);
        long reconnect = number(properties, "reconnectMaxSeconds", DEFAULT_RECONNECT_MAX_SECONDS, 1, warnings);
        long removeAfter = number(properties, "removeAfterSeconds", DEFAULT_REMOVE_AFTER_SECONDS, 0, warnings);
        if (!errors.isEmpty()) {
            return null;
        }
        return new Settings(url, username, password, topicPrefix, discoveryPrefix, interval,
                (int) Math.min(rate, Integer.MAX_VALUE), reconnect, removeAfter);
    }

    private static URI url(String text, List<String> errors) {
        if (text.isEmpty()) {
            errors.add("property url is missing; it must be like tcp://host:1883 or ssl://host:8883");
            return null;
        }
        try {
            URI url = new URI(text);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (url.getRawUserInfo() != null) {
                // the value itself is not repeated: it holds a password
                errors.add("property url has a login in it; put it in username and password");
            } else if (!scheme.equals("tcp") && !scheme.equals("ssl")) {
                errors.add("property url = '" + text + "' is invalid (must start with tcp:// or ssl://)");
            } else if (url.getHost() == null || url.getHost().isEmpty()) {
                errors.add("property url = '" + text + "' is invalid (no host name)");
            } else {
                return url;
            }
        } catch (URISyntaxException e) {
            errors.add("property url = '" + text + "' is not a URL (" + e.getReason() + ")");
        }
        return null;
    }

    /** A topic prefix: one or more levels, no wildcards, no empty level. */
    private static String prefix(Map<String, ?> properties, String name, String fallback, List<String> errors) {
        String value = text(properties, name);
        if (value.isEmpty()) {
            return fallback;
        }
        if (value.contains("#") || value.contains("+") || value.contains("\u0000") || value.startsWith("/")
                || value.endsWith("/") || value.contains("//")) {
            errors.add("property " + name + " = '" + value + "' is invalid (a topic without wildcards # or +, "
                    + "without a leading, trailing or doubled /)");
            return null;
        }
        return value;
    }

    private static long number(Map<String, ?> properties, String name, long fallback, long min,
            Consumer<String> warnings) {
        Object value = properties.get(name);
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        long parsed;
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            parsed = ((Number) value).longValue();
        } else {
            try {
                parsed = Long.parseLong(value.toString().trim());
            } catch (NumberFormatException e) {
                warnings.accept("property " + name + " = '" + value + "' is invalid (not a whole number); using the "
                        + "default " + fallback);
                return fallback;
            }
        }
        if (parsed < min) {
            warnings.accept("property " + name + " = '" + value + "' is invalid (at least " + min + "); using the "
                    + "default " + fallback);
            return fallback;
        }
        return parsed;
    }

    private static String text(Map<String, ?> properties, String name) {
        Object value = properties.get(name);
        return value == null ? "" : value.toString().trim();
    }
}
