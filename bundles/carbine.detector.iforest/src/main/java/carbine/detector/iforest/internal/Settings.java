package carbine.detector.iforest.internal;

import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import carbine.api.store.TelemetryField;
import carbine.config.Configs;

/**
 * The detector's parameters, immutable; see {@link Config} for their meaning, default and range. Read (with
 * carbine.config's Configs) from the raw configuration
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

    /** Compiled once: settings with the default pattern are equal (a Pattern is equal only to itself). */
    private static final Pattern DEFAULT_PATTERN = Pattern.compile(DEFAULT_MODEL_PATTERN);

    /** The defaults of {@link Config}, the one place they are written. */
    public static final Settings DEFAULTS = from(Map.of(), problem -> { });

    /** Reads settings; a value that is malformed or out of range is reported to {@code problems} and defaulted. */
    public static Settings from(Map<String, ?> properties, Consumer<String> problems) {
        Config c = Configs.read(Config.class, properties, problem -> problems.accept(problem.toString()));
        int minSamples = c.minSamples();
        if (minSamples > c.windowSamples()) {
            problems.accept("configuration minSamples = " + minSamples + " is larger than windowSamples = "
                    + c.windowSamples() + "; using windowSamples");
            minSamples = c.windowSamples();
        }
        return new Settings(scope(c.scope(), problems), c.trees(), c.sampleSize(), c.windowSamples(), minSamples,
                c.warmupMinutes(), c.retrainMinutes(), c.quantile(), c.margin(), c.persistSamples(),
                c.rollingSamples(), c.settleSeconds(), c.failureHorizonSeconds(), c.backgroundTraining(),
                signalField(c.signalField(), problems), modelPattern(c.modelPattern(), problems), c.seed());
    }

    /** Empty: printer mode (null). */
    private static TelemetryField signalField(String name, Consumer<String> problems) {
        if (name.isBlank()) {
            return null;
        }
        return TelemetryField.parse(name).orElseGet(() -> {
            problems.accept("configuration signalField = '" + name + "' is not one of "
                    + "[" + TelemetryField.names() + "]" + "; judging printers instead (empty)");
            return null;
        });
    }

    private static Pattern modelPattern(String regex, Consumer<String> problems) {
        if (regex.trim().equals(DEFAULT_MODEL_PATTERN)) {
            return DEFAULT_PATTERN;
        }
        try {
            Pattern p = Pattern.compile(regex.trim());
            if (p.matcher("").groupCount() >= 1) {
                return p;
            }
            problems.accept("configuration modelPattern = '" + regex + "' has no group to name the model; using "
                    + "the default " + DEFAULT_MODEL_PATTERN);
        } catch (PatternSyntaxException e) {
            problems.accept("configuration modelPattern = '" + regex + "' is not a regular expression ("
                    + e.getDescription() + "); using the default " + DEFAULT_MODEL_PATTERN);
        }
        return DEFAULT_PATTERN;
    }

    private static Scope scope(String name, Consumer<String> problems) {
        try {
            return Scope.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String fallback = Configs.defaults(Config.class).scope();
            problems.accept("configuration scope = '" + name + "' is not 'printer', 'model' or 'fleet'; using the "
                    + "default " + fallback);
            return Scope.valueOf(fallback.toUpperCase(Locale.ROOT));
        }
    }
}
