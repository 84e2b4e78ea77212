package carbine.alerts.internal;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import carbine.config.Configs;

/**
 * The alert service's configuration, read leniently with carbine.config's Configs: a value that is not a whole
 * number of seconds ≥ 0 falls back to its default and is reported to {@code problems}.
 */
public record Settings(Duration resolveAfter, Duration persistInterval, Duration detectorGone) {
    /** The defaults of {@link Config}, the one place they are written. */
    public static final Settings DEFAULTS = from(Map.of(), problem -> { });

    public static Settings from(Map<String, ?> properties, Consumer<String> problems) {
        Config c = Configs.read(Config.class, properties, problem -> problems.accept(problem.toString()));
        return new Settings(Duration.ofSeconds(c.resolveAfterSeconds()),
                Duration.ofSeconds(c.persistIntervalSeconds()), Duration.ofSeconds(c.detectorGoneSeconds()));
    }
}
