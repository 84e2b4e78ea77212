package carbine.driver.moonraker.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import carbine.config.Configs;

/**
 * A Moonraker driver's configuration after validation.
 *
 * @param url    Moonraker's base URL, http or https, without credentials
 * @param apiKey the API key, empty for a trusted client; never logged ({@link #toString()} masks it)
 * @param name   the label for people, empty if none
 */
record DriverSettings(URI url, String printerId, String apiKey, Duration timeout, String name) {

    /** The outcome of validating a configuration: settings, or the reasons why there are none. */
    record Validation(DriverSettings settings, List<String> errors, List<String> warnings) {
        boolean isValid() {
            return settings != null;
        }
    }

    /**
     * Validates raw configuration properties. A missing or malformed {@code url} or {@code printerId} is an
     * error (there is no sensible default); a bad {@code timeoutMillis} is a warning and falls back to the default.
     */
    static Validation from(Map<String, ?> properties) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        String printerId = text(properties.get("printerId"));
        if (printerId.isEmpty()) {
            errors.add("property printerId = '" + raw(properties.get("printerId"))
                    + "' is invalid (must not be empty: the id of the printer in this Carbine)");
        }

        String urlText = text(properties.get("url"));
        URI url = null;
        if (urlText.isEmpty()) {
            errors.add("property url is missing; it must be Moonraker's base URL, e.g. http://voron.local:7125");
        } else {
            url = parseUrl(urlText, errors);
        }

        Config config = Configs.read(Config.class, properties, problem -> warnings.add(problem.invalid()));
        Duration timeout = Duration.ofMillis(config.timeoutMillis());

        String apiKey = text(properties.get("apiKey"));
        if (!apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // an HTTP header cannot carry it; say so without showing it
            errors.add("property apiKey is invalid (printable ASCII without spaces only; the value is not shown)");
        }
        String name = text(properties.get("name"));
        DriverSettings settings = errors.isEmpty() ? new DriverSettings(url, printerId, apiKey, timeout, name) : null;
        return new Validation(settings, List.copyOf(errors), List.copyOf(warnings));
    }

    /** Moonraker's websocket: {@code ws(s)://host:port/<base path>/websocket}. */
    URI websocketUri() {
        String scheme = url.getScheme().equalsIgnoreCase("https") ? "wss" : "ws";
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (!path.endsWith("/")) {
            path += "/";
        }
        return URI.create(scheme + "://" + url.getRawAuthority() + path + "websocket");
    }

    boolean hasApiKey() {
        return !apiKey.isEmpty();
    }

    /** The value of {@code carbine.driver.name}: the configured name, else {@code moonraker <printerId>}. */
    String driverName() {
        return name.isEmpty() ? "moonraker " + printerId : name;
    }

    @Override
    public String toString() {
        return "DriverSettings[url=" + url + ", printerId=" + printerId + ", apiKey=" + (hasApiKey() ? "***" : "(none)")
                + ", timeout=" + timeout.toMillis() + " ms, name=" + name + "]";
    }

    private static URI parseUrl(String text, List<String> errors) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            errors.add("property url = '" + text + "' is invalid (not a URL: " + e.getReason() + ")");
            return null;
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            errors.add("property url = '" + text + "' is invalid (must start with http:// or https://, "
                    + "e.g. http://voron.local:7125)");
            return null;
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            errors.add("property url = '" + text + "' is invalid (no host name)");
            return null;
        }
        if (url.getRawUserInfo() != null) {
            // a password in the URL would end up in logs and service properties
            errors.add("property url is invalid (user information in the URL is not supported; use apiKey)");
            return null;
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            errors.add("property url = '" + text + "' is invalid (no query or fragment: Moonraker's base URL only)");
            return null;
        }
        return url;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }

    private static String raw(Object value) {
        return value == null ? "" : value.toString();
    }
}
