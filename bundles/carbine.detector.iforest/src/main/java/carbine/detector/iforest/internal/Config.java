package carbine.detector.iforest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Parameters of the Isolation Forest detector (PID {@code carbine.detector.iforest}, optional). Durations are
 * in event time (the printers' clocks). Read through {@link Settings}, which falls back on malformed values.
 */
@ObjectClassDefinition(name = "Carbine Isolation Forest detector",
        description = "Learns what normal holding temperature looks like for each printer (or the whole fleet) "
                + "with an Isolation Forest (Smile, GPL-3.0) and warns (PREDICTIVE_ANOMALY) when samples stop "
                + "looking normal. Models are kept in <data>/iforest/.")
public @interface Config {
    @AttributeDefinition(name = "Scope", description = "Learn one model per printer, or one for the whole fleet.",
            options = { @Option(label = "per printer", value = "printer"), @Option(label = "fleet", value = "fleet") })
    String scope() default "printer";

    @AttributeDefinition(name = "Trees", description = "Number of isolation trees (1..1000).")
    int trees() default 100;

    @AttributeDefinition(name = "Subsample", description = "Fraction of the window each tree is grown on, strictly between 0 and 1 (Smile rejects 1.0).")
    double subsample() default 0.7;

    @AttributeDefinition(name = "Window (samples)", description = "Training window: the latest normal holding samples kept per model.")
    int windowSamples() default 2000;

    @AttributeDefinition(name = "Minimum samples", description = "A model is trained only on at least this many normal samples.")
    int minSamples() default 300;

    @AttributeDefinition(name = "Warm-up (minutes)", description = "Event time of normal operation to observe before the first model is trained; nothing is reported before.")
    double warmupMinutes() default 10;

    @AttributeDefinition(name = "Retrain every (minutes)", description = "Event time between retrainings on the sliding window.")
    double retrainMinutes() default 30;

    @AttributeDefinition(name = "Quantile", description = "Quantile of the training scores that calibrates the threshold (0.5..1).")
    double quantile() default 0.995;

    @AttributeDefinition(name = "Margin", description = "The threshold is the quantile's score times this margin (1..2).")
    double margin() default 1.1;

    @AttributeDefinition(name = "Persist (samples)", description = "Consecutive samples above the threshold before PREDICTIVE_ANOMALY is reported.")
    int persistSamples() default 3;

    @AttributeDefinition(name = "Rolling window (samples)", description = "Samples over which the rolling mean and deviation of the nozzle error are taken; holding samples are judged once this many are known.")
    int rollingSamples() default 10;

    @AttributeDefinition(name = "Settling time (s)", description = "After the nozzle reaches its target (within 5 °C) the controller settles; samples are judged and learnt only once it has held this long.")
    double settleSeconds() default 60;

    @AttributeDefinition(name = "Seed", description = "Random seed for growing the trees: the same data gives the same model.")
    long seed() default 42;
}
