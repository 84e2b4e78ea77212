package carbine.detector.likelihood.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import carbine.api.store.TelemetryField;
import carbine.config.Configs;
import carbine.config.Problem;

/**
 * The detector's parameters after validation, immutable; {@link Config} documents each one and is the one place of its
 * default and range. Read from the raw properties so that a malformed value in a hand-written {@code .cfg} file
 * becomes a warning and its default instead of a component that does not start.
 */
record Settings(TelemetryField signalField, int learnSamples, int recentWindow, int shortWindow, int longWindow,
        double minDeviation, double tailProbability, double rangeMargin, int restSamples, double seasonHours, int seasonSamples) {

    static final Settings DEFAULTS = from(Map.of(), problem -> { });

    /** Reads settings; a malformed or out-of-range value is reported to {@code problems} and defaulted. */
    static Settings from(Map<String, ?> properties, Consumer<String> problems) {
        Config c = Configs.read(Config.class, properties, problem -> problems.accept(problem.toString()));
        int shortWindow = c.shortWindow();
        if (shortWindow > c.longWindow()) {
            problems.accept("configuration shortWindow = " + shortWindow + " is larger than longWindow = "
                    + c.longWindow() + "; using " + c.longWindow());
            shortWindow = c.longWindow();
        }
        return new Settings(field(c.signalField(), problems), c.learnSamples(), c.recentWindow(), shortWindow,
                c.longWindow(), c.minDeviation(), c.tailProbability(), c.rangeMargin(), c.restSamples(),
                c.seasonHours(), c.seasonSamples());
    }

    private static TelemetryField field(String name, Consumer<String> problems) {
        return TelemetryField.parse(name).orElseGet(() -> {
            String fallback = Configs.defaults(Config.class).signalField();
            problems.accept(new Problem("signalField", name, "one of " + TelemetryField.names(), fallback).toString());
            return TelemetryField.parse(fallback).orElseThrow();
        });
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
}
