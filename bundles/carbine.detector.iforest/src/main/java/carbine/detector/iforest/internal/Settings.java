package carbine.detector.iforest.internal;

import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import carbine.api.store.TelemetryField;

/**
 * The detector's parameters, immutable; see {@link Config} for their meaning. Read from the raw configuration
 * properties so that a malformed value (e.g. from a hand-written .cfg file) falls back to its default with a
 * message instead of failing the component.
 */
public record Settings(Scope scope, int trees, int sampleSize, int windowSamples, int minSamples,
        double warmupMinutes, double retrainMinutes, double quantile, double margin, int persistSamples,
        int rollingSamples, double settleSeconds, double failureHorizonSeconds, boolean backgroundTraining,
        TelemetryField signalField, Pattern modelPattern, long seed) {

    public enum Scope {
        PRINTER, MODEL, FLEET
    }

    /** By default a printer's model is its id without the trailing number: farm-0001 → farm, voron-2 → voron. */
    static final String DEFAULT_MODEL_PATTERN = "^(.+?)[-_ ]?\\d+$";

    public static final Settings DEFAULTS = new Settings(Scope.PRINTER, 100, 256, 2000, 200, 10, 30, 0.995, 1.05, 5,
            10, 60, 600, true, null, Pattern.compile(DEFAULT_MODEL_PATTERN), 42);

    /** Reads settings; a value that is malformed or out of range is reported to {@code problems} and defaulted. */
    public static Settings from(Map<String, ?> properties, Consumer<String> problems) {
        Reader r = new Reader(properties, problems);
        Settings d = DEFAULTS;
        int windowSamples = (int) r.number("windowSamples", d.windowSamples, 50, 1_000_000, true);
        int minSamples = (int) r.number("minSamples", d.minSamples, 20, 1_000_000, true);
        if (minSamples > windowSamples) {
            problems.accept("configuration minSamples = " + minSamples + " is larger than windowSamples = "
                    + windowSamples + "; using windowSamples");
            minSamples = windowSamples;
        }
        return new Settings(
                r.scope(d.scope),
                (int) r.number("trees", d.trees, 1, 1000, true),
                (int) r.number("sampleSize", d.sampleSize, 2, 100_000, true),
                windowSamples,
                minSamples,
                r.number("warmupMinutes", d.warmupMinutes, 0, 100_000, false),
                r.number("retrainMinutes", d.retrainMinutes, 0.1, 100_000, false),
                r.number("quantile", d.quantile, 0.5, 1, false),
                r.number("margin", d.margin, 1, 2, false),
                (int) r.number("persistSamples", d.persistSamples, 1, 10_000, true),
                (int) r.number("rollingSamples", d.rollingSamples, 2, 1000, true),
                r.number("settleSeconds", d.settleSeconds, 0, 3600, false),
                r.number("failureHorizonSeconds", d.failureHorizonSeconds, 0, 86_400, false),
                r.bool("backgroundTraining", d.backgroundTraining),
                r.signalField(),
                r.modelPattern(d.modelPattern),
                (long) r.number("seed", d.seed, Long.MIN_VALUE, Long.MAX_VALUE, true));
    }

    private record Reader(Map<String, ?> properties, Consumer<String> problems) {
        double number(String name, double fallback, double min, double max, boolean whole) {
            Object raw = properties.get(name);
            if (raw == null) {
                return fallback;
            }
            Double value = parse(raw);
            boolean ok = value != null && value >= min && value <= max && (!whole || value == Math.rint(value));
            if (!ok) {
                problems.accept(String.format(Locale.ROOT,
                        "configuration %s = '%s' is not %s between %s and %s; using the default %s", name, raw,
                        whole ? "a whole number" : "a number", Fmt.number(min), Fmt.number(max), Fmt.number(fallback)));
                return fallback;
            }
            return value;
        }

        boolean bool(String name, boolean fallback) {
            Object raw = properties.get(name);
            if (raw == null) {
                return fallback;
            }
            if (raw instanceof Boolean b) {
                return b;
            }
            String v = raw.toString().trim().toLowerCase(Locale.ROOT);
            if (v.equals("true") || v.equals("false")) {
                return Boolean.parseBoolean(v);
            }
            problems.accept("configuration " + name + " = '" + raw + "' is neither true nor false; using the default "
                    + fallback);
            return fallback;
        }

        /** Empty or absent: printer mode (null). */
        TelemetryField signalField() {
            Object raw = properties.get("signalField");
            if (raw == null || raw.toString().isBlank()) {
                return null;
            }
            return TelemetryField.parse(raw.toString()).orElseGet(() -> {
                problems.accept("configuration signalField = '" + raw + "' is not one of "
                        + "[" + TelemetryField.names() + "]" + "; judging printers instead (empty)");
                return null;
            });
        }

        Pattern modelPattern(Pattern fallback) {
            Object raw = properties.get("modelPattern");
            if (raw == null || raw.toString().isBlank()) {
                return fallback;
            }
            try {
                Pattern p = Pattern.compile(raw.toString().trim());
                if (p.matcher("").groupCount() >= 1) {
                    return p;
                }
                problems.accept("configuration modelPattern = '" + raw + "' has no group to name the model; using "
                        + "the default " + fallback.pattern());
            } catch (PatternSyntaxException e) {
                problems.accept("configuration modelPattern = '" + raw + "' is not a regular expression ("
                        + e.getDescription() + "); using the default " + fallback.pattern());
            }
            return fallback;
        }

        Scope scope(Scope fallback) {
            Object raw = properties.get("scope");
            if (raw == null) {
                return fallback;
            }
            String s = raw.toString().trim().toLowerCase(Locale.ROOT);
            if (s.equals("printer")) {
                return Scope.PRINTER;
            }
            if (s.equals("fleet")) {
                return Scope.FLEET;
            }
            if (s.equals("model")) {
                return Scope.MODEL;
            }
            problems.accept("configuration scope = '" + raw + "' is not 'printer', 'model' or 'fleet'; using the default "
                    + fallback.name().toLowerCase(Locale.ROOT));
            return fallback;
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
    }
}
