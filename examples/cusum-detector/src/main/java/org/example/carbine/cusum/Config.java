package org.example.carbine.cusum;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The metatype of PID {@value CusumDetector#PID}: the form the Web Console shows. The component reads the raw
 * properties through {@link CusumParameters#from}, so that a typo in a {@code .cfg} file falls back to the
 * default with a log line instead of failing activation.
 */
@ObjectClassDefinition(name = "CUSUM temperature-shift detector",
        description = "Finds a small sustained shift of the hotend temperature while it holds its target, "
                + "which fixed thresholds miss: a two-sided tabular CUSUM on the temperature error, in units of a "
                + "robust sigma learned per printer. Raises TEMPERATURE_SHIFT (WARNING).")
@interface Config {
    @AttributeDefinition(name = "Reference value k (sigmas)",
            description = "Slack per sample, in sigmas: deviations smaller than this are ignored. About half the "
                    + "shift to be detected; larger is more robust to a slightly wrong baseline.")
    double k() default CusumParameters.DEFAULT_K;

    @AttributeDefinition(name = "Decision interval h (sigmas)",
            description = "The CUSUM statistic above which the shift is reported. Larger means fewer false "
                    + "alarms and later detection. The finding clears when the statistic falls below h/2.")
    double h() default CusumParameters.DEFAULT_H;

    @AttributeDefinition(name = "Learning samples",
            description = "Holding samples per printer from which the usual error (median) and its robust "
                    + "sigma (1.4826 x MAD) are learned before judging starts (10 to 10000).")
    int learnSamples() default CusumParameters.DEFAULT_LEARN_SAMPLES;

    @AttributeDefinition(name = "Settle time (s)",
            description = "Seconds of event time after the nozzle first reaches its target before learning "
                    + "starts, so that the overshoot of a heat-up is not learned as normal.")
    double settleSeconds() default CusumParameters.DEFAULT_SETTLE_SECONDS;

    @AttributeDefinition(name = "Minimum sigma (°C)",
            description = "Lower bound of the learned sigma, °C; protects against sensors that report whole or "
                    + "rounded degrees (a sigma of 0 would make every step look like a shift).")
    double minSigmaC() default CusumParameters.DEFAULT_MIN_SIGMA_C;
}
