package org.example.carbine.cusum;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoublePredicate;

/**
 * The detector's parameters after validation; every value is usable.
 *
 * @param k             reference value (slack) per sample, in sigmas
 * @param h             decision interval, in sigmas
 * @param learnSamples  holding samples from which each printer's baseline is learned
 * @param settleSeconds event-time seconds after reaching the target before learning starts
 * @param minSigmaC     lower bound of a learned sigma, °C
 */
record CusumParameters(double k, double h, int learnSamples, double settleSeconds, double minSigmaC) {
    static final double DEFAULT_K = 1.0;
    static final double DEFAULT_H = 12.0;
    static final int DEFAULT_LEARN_SAMPLES = 100;
    static final double DEFAULT_SETTLE_SECONDS = 60;
    static final double DEFAULT_MIN_SIGMA_C = 0.1;
    static final int MAX_LEARN_SAMPLES = 10_000;

    static final CusumParameters DEFAULTS = new CusumParameters(DEFAULT_K, DEFAULT_H, DEFAULT_LEARN_SAMPLES,
            DEFAULT_SETTLE_SECONDS, DEFAULT_MIN_SIGMA_C);

    /**
     * Reads configuration properties (numbers, or numeric strings as in a {@code .cfg} file). A missing value
     * takes its default; a malformed or out-of-range one takes its default and is reported to {@code problems}.
     */
    static CusumParameters from(Map<String, ?> properties, Consumer<String> problems) {
        double k = number(properties, "k", DEFAULT_K, v -> v >= 0, "a number >= 0", problems);
        double h = number(properties, "h", DEFAULT_H, v -> v > 0, "a number > 0", problems);
        double learn = number(properties, "learnSamples", DEFAULT_LEARN_SAMPLES,
                v -> v == Math.rint(v) && v >= 10 && v <= MAX_LEARN_SAMPLES,
                "a whole number from 10 to " + MAX_LEARN_SAMPLES, problems);
        double settle = number(properties, "settleSeconds", DEFAULT_SETTLE_SECONDS, v -> v >= 0, "a number >= 0",
                problems);
        double minSigma = number(properties, "minSigmaC", DEFAULT_MIN_SIGMA_C, v -> v > 0, "a number > 0",
                problems);
        return new CusumParameters(k, h, (int) learn, settle, minSigma);
    }

    private static double number(Map<String, ?> properties, String name, double fallback, DoublePredicate valid,
            String rule, Consumer<String> problems) {
        Object raw = properties.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            double value = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(raw.toString().trim());
            if (Double.isFinite(value) && valid.test(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.accept("configuration " + name + " = '" + raw + "' is not " + rule + "; using the default "
                + format(fallback));
        return fallback;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
