package carbine.storage.sqlite.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the component's configuration from the raw properties, so that a malformed value is reported by
 * property name and value and replaced by its default (a typed {@link Config} would coerce it silently).
 */
final class ConfigReader {
    private final Map<String, ?> properties;
    private final Consumer<String> warnings;

    ConfigReader(Map<String, ?> properties, Consumer<String> warnings) {
        this.properties = properties;
        this.warnings = warnings;
    }

    StoreSettings settings() {
        StoreSettings d = StoreSettings.DEFAULTS;
        return new StoreSettings(
                integer("batchSize", d.batchSize(), 1),
                integer("maxQueue", d.maxQueue(), 1),
                rawDays(d.rawDays()),
                integer("minuteDays", d.minuteDays(), 0),
                integer("hourDays", d.hourDays(), 0),
                synchronous(d.synchronous()),
                integer("busyTimeoutMillis", d.busyTimeoutMillis(), 0),
                d.closeGraceMillis());
    }

    /**
     * {@code rawDays}; a configuration from before the tiers has {@code retentionDays} instead, which meant the
     * same (how long samples are kept), so it still counts when {@code rawDays} is not set.
     */
    private int rawDays(int defaultValue) {
        if (properties.get("rawDays") == null && properties.get("retentionDays") != null) {
            return integer("retentionDays", defaultValue, 0);
        }
        return integer("rawDays", defaultValue, 0);
    }

    /** The database file: the {@code file} property resolved against the data directory, or the default name. */
    Path file(Path dataDirectory) {
        Path defaultFile = dataDirectory.resolve(SqliteStore.DEFAULT_FILE_NAME);
        Object value = properties.get("file");
        if (value == null || value.toString().isBlank()) {
            return defaultFile;
        }
        try {
            return dataDirectory.resolve(value.toString().trim());
        } catch (InvalidPathException e) {
            return malformed("file", value, defaultFile, "not a valid path");
        }
    }

    private int integer(String name, int defaultValue, int min) {
        Object value = properties.get(name);
        if (value == null) {
            return defaultValue;
        }
        long parsed;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            parsed = ((Number) value).longValue();
        } else if (value instanceof String s) {
            try {
                parsed = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return malformed(name, value, defaultValue, "not a whole number");
            }
        } else {
            return malformed(name, value, defaultValue, "not a whole number");
        }
        if (parsed < min || parsed > Integer.MAX_VALUE) {
            return malformed(name, value, defaultValue, "must be between " + min + " and " + Integer.MAX_VALUE);
        }
        return (int) parsed;
    }

    private Synchronous synchronous(Synchronous defaultValue) {
        Object value = properties.get("synchronous");
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Synchronous s) {
            return s;
        }
        try {
            return Synchronous.valueOf(value.toString().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return malformed("synchronous", value, defaultValue, "must be FULL or NORMAL");
        }
    }

    private <T> T malformed(String name, Object value, T defaultValue, String why) {
        warnings.accept("configuration " + SqliteStoreComponent.PID + ": property " + name + " = '" + value
                + "' is invalid (" + why + "); using the default " + defaultValue);
        return defaultValue;
    }
}
