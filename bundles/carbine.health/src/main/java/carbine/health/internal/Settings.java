package carbine.health.internal;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The configuration after validation. Defaults come from {@link Config}'s annotation (one place); a value that is
 * malformed or out of range is reported with property and value, and the default is used.
 */
record Settings(double horizonDays, int windowDays, int minDays, int minSamplesPerDay, double heaterDutyLimit,
        double fanRpmLimit, double noiseLimitC, double heatUpLimit, double ambientC, double holdBandC,
        double confidence) {

    static final String PID = "carbine.health";
    static final Settings DEFAULTS = from(Map.of(), problem -> {
        throw new IllegalStateException(problem);
    });

    static Settings from(Map<String, ?> properties, Consumer<String> problems) {
        Reader r = new Reader(properties, problems);
        int windowDays = (int) r.number("windowDays", 3, 3650, true);
        return new Settings(
                r.number("horizonDays", 0.001, 3650, false),
                windowDays,
                (int) r.number("minDays", 3, 3650, true),
                (int) r.number("minSamplesPerDay", 1, 1e9, true),
                r.number("heaterDutyLimit", 0.01, 1, false),
                r.number("fanRpmLimit", 0.01, 0.999, false),
                r.number("noiseLimitC", 0.01, 100, false),
                r.number("heatUpLimit", 1.01, 100, false),
                r.number("ambientC", -40, 60, false),
                r.number("holdBandC", 0.1, 50, false),
                r.number("confidence", 0.5, 0.999, false));
    }

    private record Reader(Map<String, ?> properties, Consumer<String> problems) {
        double number(String name, double min, double max, boolean whole) {
            double fallback = defaultOf(name);
            Object value = properties.get(name);
            if (value == null) {
                return fallback;
            }
            double parsed;
            try {
                parsed = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().trim());
            } catch (NumberFormatException e) {
                parsed = Double.NaN;
            }
            if (!(parsed >= min && parsed <= max) || whole && parsed != Math.rint(parsed)) {
                problems.accept(String.format(Locale.ROOT,
                        "configuration %s: property %s = '%s' is invalid (%s from %s to %s); using the default %s",
                        PID, name, value, whole ? "a whole number" : "a number", plain(min), plain(max),
                        plain(fallback)));
                return fallback;
            }
            return parsed;
        }
    }

    private static double defaultOf(String name) {
        try {
            Method m = Config.class.getMethod(name);
            return ((Number) m.getDefaultValue()).doubleValue();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("no property " + name + " in Config", e);
        }
    }

    static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
