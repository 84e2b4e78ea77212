package carbine.detector.iforest.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import carbine.api.store.TelemetryField;
import carbine.api.telemetry.TelemetrySample;
import carbine.detector.iforest.internal.PhaseTracker.Phase;

/**
 * Turns one printer's samples, in event-time order, into {@link Observation}s: errors against target, rates
 * over event time, the rolling mean and deviation of the nozzle error while holding, heater power, bed error,
 * fan rpm per command. Not thread-safe: one per printer.
 */
final class FeatureExtractor {
    /** A rate over a longer gap than this says nothing about the present. */
    static final Duration MAX_RATE_GAP = Duration.ofSeconds(30);
    /** Below this fan command the fan may legitimately stand still; no rpm ratio is taken. */
    static final double MIN_FAN_COMMAND = 0.2;

    private final int rollingSamples;
    private final Duration settleTime;
    private final PhaseTracker nozzle = new PhaseTracker();
    private final PhaseTracker bed = new PhaseTracker();
    /** Nozzle errors of the current holding stretch, a ring of {@code rollingSamples}. */
    private final double[] errors;
    private int errorCount;
    private int errorNext;
    private Instant previousTime;
    private double previousNozzle = Double.NaN;

    /** Within this of its target the nozzle has reached it (the 5 °C of holding include the end of a heat-up). */
    static final double REACHED_C = 1.0;

    /** Event time at which the nozzle, holding, first came within {@link #REACHED_C} of its target; else null. */
    private Instant reachedAt;

    /** Signal mode: the field judged as a generic series, else null (printer mode). */
    private final TelemetryField signal;
    /** Signal mode: the previous values, a ring of {@code rollingSamples}. */
    private final double[] values;
    private int valueCount;
    private int valueNext;
    private double previousValue = Double.NaN;

    FeatureExtractor(int rollingSamples, double settleSeconds) {
        this(rollingSamples, settleSeconds, null);
    }

    FeatureExtractor(int rollingSamples, double settleSeconds, TelemetryField signal) {
        this.signal = signal;
        this.values = new double[rollingSamples];
        this.rollingSamples = rollingSamples;
        this.settleTime = Duration.ofMillis(Math.round(settleSeconds * 1000));
        this.errors = new double[rollingSamples];
    }

    int rollingSamples() {
        return rollingSamples;
    }

    Observation next(TelemetrySample s) {
        if (signal != null) {
            return nextSignal(s);
        }
        double[] v = new double[Feature.ALL.length];
        Arrays.fill(v, Double.NaN);
        Double actual = s.nozzleActual();
        Double target = s.nozzleTarget();
        Phase phase;
        if (actual == null || target == null) {
            nozzle.reset();
            phase = Phase.OFF;
        } else {
            phase = nozzle.update(actual, target);
        }
        boolean holding = phase == Phase.HOLDING;
        if (holding) {
            double error = actual - target;
            if (reachedAt == null && Math.abs(error) <= REACHED_C) {
                reachedAt = s.time();
                clearErrors(); // the rolling error describes holding, not the end of the approach
            }
            v[Feature.NOZZLE_ERROR.ordinal()] = error;
            pushError(error);
            v[Feature.NOZZLE_RATE.ordinal()] = rate(actual, s.time());
            if (errorCount >= 2) {
                v[Feature.ERROR_MEAN.ordinal()] = errorMean();
                v[Feature.ERROR_DEVIATION.ordinal()] = errorDeviation();
            }
        } else {
            reachedAt = null;
            clearErrors();
        }
        if (s.bedActual() != null && s.bedTarget() != null
                && bed.update(s.bedActual(), s.bedTarget()) == Phase.HOLDING) {
            v[Feature.BED_ERROR.ordinal()] = s.bedActual() - s.bedTarget();
        } else if (s.bedActual() == null || s.bedTarget() == null) {
            bed.reset();
        }
        if (s.fanSpeed() != null && s.fanRpm() != null && s.fanSpeed() >= MIN_FAN_COMMAND) {
            v[Feature.FAN_RPM_PER_COMMAND.ordinal()] = s.fanRpm() / s.fanSpeed();
        }
        previousTime = actual == null ? null : s.time();
        previousNozzle = actual == null ? Double.NaN : actual;
        boolean settled = holding && reachedAt != null && errorCount >= Math.min(2, rollingSamples)
                && !Duration.between(reachedAt, s.time()).minus(settleTime).isNegative()
                && !Double.isNaN(v[Feature.NOZZLE_RATE.ordinal()]);
        double power = holding && s.heaterPower() != null ? s.heaterPower() : Double.NaN;
        return new Observation(s.time(), phase, settled, target == null ? Double.NaN : target, power, v);
    }

    /**
     * Signal mode: the value, its change since the previous sample, and how it stands against the mean and
     * deviation of the previous {@code rollingSamples} values; judged once that many are known. A sample without
     * the field is not judged and does not break the series.
     */
    private Observation nextSignal(TelemetrySample s) {
        double[] v = new double[Feature.ALL.length];
        Arrays.fill(v, Double.NaN);
        Double raw = signal.of(s);
        if (raw == null || raw.isNaN() || raw.isInfinite()) {
            return new Observation(s.time(), Phase.OFF, false, Double.NaN, Double.NaN, v);
        }
        double value = raw;
        boolean full = valueCount >= rollingSamples;
        if (full) {
            double mean = 0;
            for (double x : values) {
                mean += x;
            }
            mean /= rollingSamples;
            double squares = 0;
            for (double x : values) {
                squares += (x - mean) * (x - mean);
            }
            v[Feature.SIGNAL_VALUE.ordinal()] = value;
            v[Feature.SIGNAL_CHANGE.ordinal()] = value - previousValue;
            v[Feature.SIGNAL_VS_MEAN.ordinal()] = value - mean;
            v[Feature.SIGNAL_DEVIATION.ordinal()] = Math.sqrt(squares / rollingSamples);
        }
        values[valueNext] = value;
        valueNext = (valueNext + 1) % rollingSamples;
        valueCount = Math.min(valueCount + 1, rollingSamples);
        previousValue = value;
        return new Observation(s.time(), Phase.HOLDING, full, Double.NaN, Double.NaN, v);
    }

    private double rate(double actual, Instant now) {
        if (previousTime == null || Double.isNaN(previousNozzle)) {
            return Double.NaN;
        }
        Duration gap = Duration.between(previousTime, now);
        if (gap.isNegative() || gap.isZero() || gap.compareTo(MAX_RATE_GAP) > 0) {
            return Double.NaN;
        }
        return (actual - previousNozzle) / (gap.toNanos() / 1e9);
    }

    private void pushError(double error) {
        errors[errorNext] = error;
        errorNext = (errorNext + 1) % rollingSamples;
        errorCount = Math.min(errorCount + 1, rollingSamples);
    }

    private void clearErrors() {
        errorCount = 0;
        errorNext = 0;
    }

    private double errorMean() {
        double sum = 0;
        for (int i = 0; i < errorCount; i++) {
            sum += errors[i];
        }
        return sum / errorCount;
    }

    private double errorDeviation() {
        double mean = errorMean();
        double sum = 0;
        for (int i = 0; i < errorCount; i++) {
            sum += (errors[i] - mean) * (errors[i] - mean);
        }
        return Math.sqrt(sum / (errorCount - 1));
    }
}
