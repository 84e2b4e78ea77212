package carbine.alerts.internal;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The alert service's configuration, read leniently: a value that is not a whole number of seconds ≥ 0
 * falls back to its default and is reported to {@code problems}.
 */
public record Settings(Duration resolveAfter, Duration persistInterval, Duration detectorGone) {
    public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(30), Duration.ofSeconds(30),
            Duration.ofSeconds(60));

    public static Settings from(Map<String, ?> properties, Consumer<String> problems) {
        return new Settings(
                seconds(properties, "resolveAfterSeconds", DEFAULTS.resolveAfter, problems),
                seconds(properties, "persistIntervalSeconds", DEFAULTS.persistInterval, problems),
                seconds(properties, "detectorGoneSeconds", DEFAULTS.detectorGone, problems));
    }

    private static Duration seconds(Map<String, ?> properties, String name, Duration fallback,
            Consumer<String> problems) {
        Object raw = properties.get(name);
        if (raw == null) {
            return fallback;
        }
        Long value = parse(raw);
        if (value == null || value < 0) {
            problems.accept("configuration " + name + " = '" + raw + "' is not a whole number of seconds >= 0; "
                    + "using the default " + fallback.toSeconds());
            return fallback;
        }
        return Duration.ofSeconds(value);
    }

    private static Long parse(Object raw) {
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        try {
            return Long.valueOf(raw.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
