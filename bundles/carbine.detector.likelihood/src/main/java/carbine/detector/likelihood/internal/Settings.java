package carbine.detector.likelihood.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import carbine.api.store.TelemetryField;

/**
 * The detector's parameters after validation, immutable; {@link Config} documents each one and takes its default
 * from the constants here (one place). Read from the raw properties so that a malformed value in a hand-written
 * {@code .cfg} file becomes a warning and its default instead of a component that does not start.
 */
record Settings(TelemetryField signalField, int learnSamples, int recentWindow, int shortWindow, int longWindow,
        double minDeviation, double tailProbability, double rangeMargin, int restSamples, double seasonHours, int seasonSamples) {

    static final String DEFAULT_SIGNAL_FIELD = "nozzleActual";
    static final int DEFAULT_LEARN_SAMPLES = 150;
    static final int DEFAULT_RECENT_WINDOW = 40;
    static final int DEFAULT_SHORT_WINDOW = 3;
    static final int DEFAULT_LONG_WINDOW = 5000;
    static final double DEFAULT_MIN_DEVIATION = 0.05;
    static final double DEFAULT_TAIL_PROBABILITY = 1e-4;
    static final double DEFAULT_RANGE_MARGIN = 0.005;
    static final int DEFAULT_REST_SAMPLES = 30;
    static final double DEFAULT_SEASON_HOURS = 24;
    static final int DEFAULT_SEASON_SAMPLES = 2000;

    static final Settings DEFAULTS = new Settings(TelemetryField.parse(DEFAULT_SIGNAL_FIELD).orElseThrow(),
            DEFAULT_LEARN_SAMPLES, DEFAULT_RECENT_WINDOW, DEFAULT_SHORT_WINDOW, DEFAULT_LONG_WINDOW,
            DEFAULT_MIN_DEVIATION, DEFAULT_TAIL_PROBABILITY, DEFAULT_RANGE_MARGIN, DEFAULT_REST_SAMPLES, DEFAULT_SEASON_HOURS, DEFAULT_SEASON_SAMPLES);

    /** Reads settings; a malformed or out-of-range value is reported to {@code problems} and defaulted. */
    static Settings from(Map<String, ?> properties, Consumer<String> problems) {
        Reader r = new Reader(properties, problems);
        Settings d = DEFAULTS;
        int longWindow = (int) r.number("longWindow", d.longWindow, 10, 1_000_000, true);
        int shortWindow = (int) r.number("shortWindow", d.shortWindow, 1, 10_000, true);
        if (shortWindow > longWindow) {
            problems.accept("configuration shortWindow = " + shortWindow + " is larger than longWindow = "
                    + longWindow + "; using " + longWindow);
            shortWindow = longWindow;
        }
        return new Settings(r.field(d.signalField),
                (int) r.number("learnSamples", d.learnSamples, 1, 1_000_000, true),
                (int) r.number("recentWindow", d.recentWindow, 2, 100_000, true),
                shortWindow, longWindow,
                r.number("minDeviation", d.minDeviation, 1e-6, 100, false),
                r.number("tailProbability", d.tailProbability, 1e-15, 0.5, false),
                r.number("rangeMargin", d.rangeMargin, 0, 100, false),
                (int) r.number("restSamples", d.restSamples, 0, 1_000_000, true),
                r.number("seasonHours", d.seasonHours, 0, 24 * 366, false),
                (int) r.number("seasonSamples", d.seasonSamples, 1, 1_000_000, true));
    }

    /** These settings with some values replaced, given as configuration properties (strict: no fallback). */
    Settings with(Map<String, ?> changes) {
        Map<String, Object> all = new HashMap<>(asProperties());
        all.putAll(changes);
        return from(all, problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    Map<String, Object> asProperties() {
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("signalField", signalField.fieldName());
        p.put("learnSamples", learnSamples);
        p.put("recentWindow", recentWindow);
        p.put("shortWindow", shortWindow);
        p.put("longWindow", longWindow);
        p.put("minDeviation", minDeviation);
        p.put("tailProbability", tailProbability);
        p.put("rangeMargin", rangeMargin);
        p.put("restSamples", restSamples);
        p.put("seasonHours", seasonHours);
        p.put("seasonSamples", seasonSamples);
        return p;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "signalField=%s learnSamples=%d recentWindow=%d shortWindow=%d "
                + "longWindow=%d minDeviation=%s tailProbability=%s rangeMargin=%s restSamples=%d seasonHours=%s "
                + "seasonSamples=%d", signalField.fieldName(), learnSamples, recentWindow, shortWindow, longWindow,
                minDeviation, tailProbability, rangeMargin, restSamples, seasonHours, seasonSamples);
    }

    private record Reader(Map<String, ?> properties, Consumer<String> problems) {
        double number(String name, double fallback, double min, double max, boolean whole) {
            Object raw = properties.get(name);
            if (raw == null) {
                return fallback;
            }
            Double value = null;
            if (raw instanceof Number n) {
                value = n.doubleValue();
            } else {
                try {
                    value = Double.parseDouble(raw.toString().trim());
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            boolean ok = value != null && value >= min && value <= max && (!whole || value == Math.rint(value));
            if (!ok) {
                problems.accept(String.format(Locale.ROOT,
                        "configuration %s = '%s' is not %s between %s and %s; using the default %s", name, raw,
                        whole ? "a whole number" : "a number", min, max, fallback));
                return fallback;
            }
            return value;
        }

        TelemetryField field(TelemetryField fallback) {
            Object raw = properties.get("signalField");
            if (raw == null || raw.toString().isBlank()) {
                return fallback;
            }
            return TelemetryField.parse(raw.toString()).orElseGet(() -> {
                problems.accept("configuration signalField = '" + raw + "' is not one of "
                        + TelemetryField.names() + "; using the default " + fallback.fieldName());
                return fallback;
            });
        }
    }
}
