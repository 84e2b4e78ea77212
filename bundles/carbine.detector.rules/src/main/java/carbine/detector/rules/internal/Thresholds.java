package carbine.detector.rules.internal;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The numbers the rules compare against; see {@link Config} for their meaning. Immutable.
 */
public record Thresholds(double jamSeconds, double hysteresisC, double runawayDropC, double runawayPowerMin,
        double heatingMinRiseC, double heatingWindowSeconds, double nozzleMaxC, double overshootC,
        double overheatSeconds, double bedMaxC, double fanSpeedMin, double fanMinRpm, double fanSeconds) {

    public static final Thresholds DEFAULTS = new Thresholds(10, 5, 15, 0.95, 2, 20, 300, 15, 10, 130, 0.3, 300, 5);

    /**
     * Reads thresholds from configuration properties (names as in {@link Config}). A value that is not a
     * number, or out of its range, falls back to the default and is reported to {@code problems}.
     */
    public static Thresholds from(Map<String, ?> properties, Consumer<String> problems) {
        Reader r = new Reader(properties, problems);
        Thresholds d = DEFAULTS;
        return new Thresholds(
                r.read("jamSeconds", d.jamSeconds, 0, Double.MAX_VALUE),
                r.read("hysteresisC", d.hysteresisC, 0, 100),
                r.read("runawayDropC", d.runawayDropC, 0, 500),
                r.read("runawayPowerMin", d.runawayPowerMin, 0, 1),
                r.read("heatingMinRiseC", d.heatingMinRiseC, 0, 100),
                r.read("heatingWindowSeconds", d.heatingWindowSeconds, 0, Double.MAX_VALUE),
                r.read("nozzleMaxC", d.nozzleMaxC, 0, 1000),
                r.read("overshootC", d.overshootC, 0, 500),
                r.read("overheatSeconds", d.overheatSeconds, 0, Double.MAX_VALUE),
                r.read("bedMaxC", d.bedMaxC, 0, 1000),
                r.read("fanSpeedMin", d.fanSpeedMin, 0, 1),
                r.read("fanMinRpm", d.fanMinRpm, 0, 1_000_000),
                r.read("fanSeconds", d.fanSeconds, 0, Double.MAX_VALUE));
    }

    private record Reader(Map<String, ?> properties, Consumer<String> problems) {
        double read(String name, double fallback, double min, double max) {
            Object raw = properties.get(name);
            if (raw == null) {
                return fallback;
            }
            Double value = parse(raw);
            if (value == null || !(value >= min && value <= max)) {
                problems.accept(String.format(Locale.ROOT,
                        "configuration %s = '%s' is not a number between %s and %s; using the default %s",
                        name, raw, plain(min), plain(max), plain(fallback)));
                return fallback;
            }
            return value;
        }

        private static Double parse(Object raw) {
            if (raw instanceof Number n) {
                return n.doubleValue();
            }
            try {
                return Double.valueOf(raw.toString().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private static String plain(double v) {
            return v == Double.MAX_VALUE ? "∞" : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        }
    }
}
