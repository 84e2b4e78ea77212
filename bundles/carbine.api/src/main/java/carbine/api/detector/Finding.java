package carbine.api.detector;

import java.util.Objects;

import carbine.api.alert.Severity;

/**
 * Something a detector found in one sample.
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

    public static Finding of(String kind, Severity severity, String message) {
        return new Finding(kind, severity, message, Double.NaN);
    }
}
