package carbine.detector.iforest.internal;

import java.time.Instant;

import carbine.detector.iforest.internal.PhaseTracker.Phase;

/**
 * The features of one sample. {@code values} is indexed by {@link Feature#ordinal()}; a feature that cannot
 * be computed from the sample is {@code NaN}, never a made-up 0. {@link Feature#POWER_RESIDUAL} needs a model's
 * power baseline: it is computed by the model from {@code power} and {@code target}.
 *
 * @param settled true when the nozzle has held its target for a full rolling window, so that the sample may be
 *                judged and learned from (a heat-up and the settling after it are never judged)
 */
record Observation(Instant time, Phase nozzlePhase, boolean settled, double target, double power,
        double[] values) {
    double get(Feature f) {
        return values[f.ordinal()];
    }

    boolean has(Feature f) {
        return f == Feature.POWER_RESIDUAL
                ? !Double.isNaN(power) && !Double.isNaN(target)
                : !Double.isNaN(get(f));
    }

    boolean has(Feature.Group group) {
        for (Feature f : Feature.ALL) {
            if (f.group == group && !has(f)) {
                return false;
            }
        }
        return true;
    }
}
