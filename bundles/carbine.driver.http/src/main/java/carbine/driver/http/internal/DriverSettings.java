package carbine.driver.http.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import carbine.config.Configs;

/**
 * An HTTP driver's configuration after validation.
 *
 * @param name the label for people, empty if none
 */
record DriverSettings(URI url, String printerId, Duration timeout, String name) {

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

        String urlText = text(properties.get("url"));
        URI url = null;
        if (urlText.isEmpty()) {
            errors.add("property url is missing; it must be the http(s) URL of a JSON status, e.g. "
                    + "http://192.168.1.20:8080/api/v1/printer/status");
        } else {
            url = parseUrl(urlText, errors);
        }

        String printerId = text(properties.get("printerId"));
        if (printerId.isEmpty()) {
            errors.add("property printerId = '" + raw(properties.get("printerId"))
                    + "' is invalid (must not be empty: the id of the printer in this Carbine)");
        }

        Config config = Configs.read(Config.class, properties, problem -> warnings.add(problem.invalid()));
        Duration timeout = Duration.ofMillis(config.timeoutMillis());

        String name = text(properties.get("name"));
        DriverSettings settings = errors.isEmpty() ? new DriverSettings(url, printerId, timeout, name) : null;
        return new Validation(settings, List.copyOf(errors), List.copyOf(warnings));
    }

    /** The value of {@code carbine.driver.name}: the configured name, else {@code http <printerId>}. */
    String driverName() {
        return name.isEmpty() ? "http " + printerId : name;
    }

    private static URI parseUrl(String text, List<String> errors) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            errors.add("property url = '" + text + "' is invalid (not a URL: " + e.getReason() + ")");
            return null;
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            errors.add("property url = '" + text + "' is invalid (must start with http:// or https://)");
            return null;
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            errors.add("property url = '" + text + "' is invalid (no host name)");
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
