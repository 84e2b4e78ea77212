package carbine.api.detector;

import java.util.Objects;

import carbine.api.alert.Severity;

/**
 * Something a detector found in one sample. Make one with {@link #of(String, Severity, String)} or
 * {@link #builder(String, Severity, String)}: a later minor version may add a field (a component), settable through
 * the builder only; the constructor of this version stays, so bundles compiled against it keep working.
 *
 * @param kind     what was found, a stable identifier such as {@code THERMAL_RUNAWAY}; with the printer and
 *                 the detector it names one alert
 * @param severity how bad it is
 * @param message  for people: what is wrong and why the detector thinks so
 * @param score    the detector's score, or {@code NaN} where it has none
 */
public record Finding(String kind, Severity severity, String message, double score) {
    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    /** A finding without a score. */
    public static Finding of(String kind, Severity severity, String message) {
        return new Finding(kind, severity, message, Double.NaN);
    }

    /**
     * A builder of a finding with what every finding has; the rest is optional (the score is {@code NaN} unless set).
     *
     * @since 1.0
     */
    public static Builder builder(String kind, Severity severity, String message) {
        return new Builder(kind, severity, message);
    }

    /** Collects the fields of a {@link Finding}; new optional fields will come as new methods here. */
    public static final class Builder {
        private final String kind;
        private final Severity severity;
        private final String message;
        private double score = Double.NaN;

        private Builder(String kind, Severity severity, String message) {
            this.kind = kind;
            this.severity = severity;
            this.message = message;
        }

        public Builder score(double score) {
            this.score = score;
            return this;
        }

        /** @throws NullPointerException if kind, severity or message is null */
        public Finding build() {
            return new Finding(kind, severity, message, score);
        }
    }
}
