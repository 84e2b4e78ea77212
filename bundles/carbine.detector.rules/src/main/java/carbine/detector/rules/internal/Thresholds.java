package carbine.detector.rules.internal;

import java.util.Map;
import java.util.function.Consumer;

import carbine.config.Configs;

/**
 * The numbers the rules compare against; see {@link Config} for their meaning, defaults and ranges. Immutable.
 */
public record Thresholds(double jamSeconds, double hysteresisC, double runawayDropC, double runawayPowerMin,
        double heatingMinRiseC, double heatingWindowSeconds, double nozzleMaxC, double overshootC,
        double overheatSeconds, double bedMaxC, double fanSpeedMin, double fanMinRpm, double fanSeconds) {

    /** The defaults of {@link Config}. */
    public static final Thresholds DEFAULTS = from(Map.of(), problem -> { });

    /**
     * Reads thresholds from configuration properties (names as in {@link Config}). A value that is not a
     * number, or out of its range, falls back to the default and is reported to {@code problems}.
     */
    public static Thresholds from(Map<String, ?> properties, Consumer<String> problems) {
        Config c = Configs.read(Config.class, properties, problem -> problems.accept(problem.toString()));
        return new Thresholds(c.jamSeconds(), c.hysteresisC(), c.runawayDropC(), c.runawayPowerMin(),
                c.heatingMinRiseC(), c.heatingWindowSeconds(), c.nozzleMaxC(), c.overshootC(),
                c.overheatSeconds(), c.bedMaxC(), c.fanSpeedMin(), c.fanMinRpm(), c.fanSeconds());
    }
}
