package carbine.driver.octoprint.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import carbine.config.Configs;

/**
 * An OctoPrint driver's configuration after validation. The API key is a secret: it appears in no message and
 * {@link #toString()} masks it.
 *
 * @param url the server's base URL, always ending in {@code /}
 */
record OctoPrintSettings(String printerId, URI url, String apiKey, Duration timeout) {

    /** The outcome of validating a configuration: settings, or the reasons why there are none. */
    record Validation(OctoPrintSettings settings, List<String> errors, List<String> warnings) {
        boolean isValid() {
            return settings != null;
        }
    }

    /**
     * Validates raw configuration properties. A missing or malformed {@code printerId}, {@code url} or
     * {@code apiKey} is an error (there is no sensible default); a bad {@code timeoutMillis} is a warning and falls
     * back to the default.
     */
    static Validation from(Map<String, ?> properties) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        String printerId = text(properties.get("printerId"));
        if (printerId.isEmpty()) {
            errors.add("property printerId is missing (the id of the printer in this Carbine, e.g. prusa-mk4-1)");
        }

        String urlText = text(properties.get("url"));
        URI url = null;
        if (urlText.isEmpty()) {
            errors.add("property url is missing; it must be the base URL of the OctoPrint server, e.g. "
                    + "http://octopi.local");
        } else {
            url = parseUrl(urlText, errors);
        }

        // never echo the value: it is a secret, and a wrong one is still somebody's key
        String apiKey = text(properties.get("apiKey"));
        if (apiKey.isEmpty()) {
            errors.add("property apiKey is missing; create an application key in OctoPrint (Settings > Application "
                    + "Keys) or use the user's own key (User Settings > Security)");
        } else if (!apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            errors.add("property apiKey is invalid (it may hold only printable ASCII characters without spaces; "
                    + "the value is not shown)");
        }

        Config config = Configs.read(Config.class, properties, problem -> warnings.add(problem.invalid()));
        Duration timeout = Duration.ofMillis(config.timeoutMillis());

        OctoPrintSettings settings = errors.isEmpty() ? new OctoPrintSettings(printerId, url, apiKey, timeout) : null;
        return new Validation(settings, List.copyOf(errors), List.copyOf(warnings));
    }

    /** The URL of an API path such as {@code api/printer}, below the base URL (which may have a path of its own). */
    URI endpoint(String relativePath) {
        return url.resolve(relativePath);
    }

    /** The value of {@code carbine.driver.name}. */
    String driverName() {
        return "octoprint " + printerId;
    }

    @Override
    public String toString() {
        return "OctoPrintSettings[printerId=" + printerId + ", url=" + url + ", apiKey=****, timeout="
                + timeout.toMillis() + " ms]";
    }

    private static URI parseUrl(String text, List<String> errors) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            errors.add("property url = '" + withoutUserInfo(text) + "' is invalid (not a URL: " + e.getReason() + ")");
            return null;
        }
        if (url.getRawUserInfo() != null) {
            // the user info may hold a password: it is not repeated, and the API key is what authenticates
            errors.add("property url is invalid (it holds a user name or password before the host; remove it: "
                    + "OctoPrint is authenticated by apiKey)");
            return null;
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            errors.add("property url = '" + text + "' is invalid (must start with http:// or https://)");
            return null;
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            errors.add("property url = '" + text + "' is invalid (no host name)");
            return null;
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            errors.add("property url = '" + text + "' is invalid (must be the server's base URL, without ? or #)");
            return null;
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        return URI.create(scheme + "://" + url.getRawAuthority() + path);
    }

    /** The text with anything between {@code //} and {@code @} masked: it may be a password. */
    private static String withoutUserInfo(String text) {
        return text.replaceFirst("//[^/]*@", "//****@");
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }
}
