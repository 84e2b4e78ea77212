package carbine.storage.sqlite.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

import carbine.config.Configs;
import carbine.config.Problem;

/**
 * Reads the component's configuration from the raw properties with carbine.config's Configs, so that a malformed
 * value is reported by property name and value and replaced by its default (from {@link Config}, the one place).
 */
final class ConfigReader {
    private final Map<String, ?> properties;
    private final Consumer<String> warnings;

    ConfigReader(Map<String, ?> properties, Consumer<String> warnings) {
        this.properties = properties;
        this.warnings = warnings;
    }

    StoreSettings settings() {
        Config c = Configs.read(Config.class, properties, this::warn);
        return new StoreSettings(c.batchSize(), c.maxQueue(), rawDays(c), c.minuteDays(), c.hourDays(),
                c.synchronous(), c.busyTimeoutMillis(), StoreSettings.DEFAULT_CLOSE_GRACE_MILLIS);
    }

    /**
     * {@code rawDays}; a configuration from before the tiers has {@code retentionDays} instead, which meant the
     * same (how long samples are kept), so it still counts when {@code rawDays} is not set.
     */
    private int rawDays(Config c) {
        Object retentionDays = properties.get("retentionDays");
        if (properties.get("rawDays") != null || retentionDays == null) {
            return c.rawDays();
        }
        return Configs.read(Config.class, Map.of("rawDays", retentionDays),
                p -> warn(new Problem("retentionDays", p.value(), p.expected(), p.fallback()))).rawDays();
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
            warn(new Problem("file", value, "not a valid path", defaultFile.toString()));
            return defaultFile;
        }
    }

    private void warn(Problem p) {
        warnings.accept("configuration " + SqliteStoreComponent.PID + ": " + p.invalid());
    }

    private <T> T malformed(String name, Object value, T defaultValue, String why) {
        warnings.accept("configuration " + SqliteStoreComponent.PID + ": property " + name + " = '" + value
                + "' is invalid (" + why + "); using the default " + defaultValue);
        return defaultValue;
    }
}
