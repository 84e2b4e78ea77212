package carbine.detector.iforest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

import carbine.config.Range;

/**
 * Parameters of the Isolation Forest detector (PID {@code carbine.detector.iforest}, optional). Durations are
 * in event time (the printers' clocks). The one place of each default and range; read through {@link Settings},
 * which falls back on malformed values.
 */
@ObjectClassDefinition(name = "Carbine Isolation Forest detector",
        description = "Learns what normal holding temperature looks like for each printer (or the whole fleet) "
                + "with an Isolation Forest (Smile, GPL-3.0) and warns (PREDICTIVE_ANOMALY) when samples stop "
                + "looking normal. Models are kept in <data>/iforest/.")
public @interface Config {
    @AttributeDefinition(name = "Scope", description = "Learn one model per printer, one per printer model (printers "
            + "whose ids name the same model, see Model pattern), or one for the whole fleet.",
            options = { @Option(label = "per printer", value = "printer"),
                    @Option(label = "per printer model", value = "model"), @Option(label = "fleet", value = "fleet") })
    String scope() default "printer";

    @AttributeDefinition(name = "Model pattern", description = "Scope 'model': a regular expression whose first "
            + "group, found in a printer's id, names its model; printers of one model share what they learn. The "
            + "default takes the id without its trailing number (farm-0001 and farm-0002 are model 'farm'). A printer "
            + "whose id does not fit keeps a model of its own.")
    String modelPattern() default Settings.DEFAULT_MODEL_PATTERN;

    @AttributeDefinition(name = "Trees", description = "Number of isolation trees (1..1000).")
    @Range(min = 1, max = 1000)
    int trees() default 100;

    @AttributeDefinition(name = "Sample size", description = "Rows of the window each tree is grown on (drawn without replacement; all rows when the window is smaller), as in Liu et al. and scikit-learn: 256. Scores are normalised by the average path length of this many rows.")
    @Range(min = 2, max = 100_000)
    int sampleSize() default 256;

    @AttributeDefinition(name = "Window (samples)", description = "Training window: the latest normal holding samples kept per model.")
    @Range(min = 50, max = 1_000_000)
    int windowSamples() default 2000;

    @AttributeDefinition(name = "Minimum samples", description = "A model is trained only on at least this many normal samples.")
    @Range(min = 20, max = 1_000_000)
    int minSamples() default 200;

    @AttributeDefinition(name = "Warm-up (minutes)", description = "Event time of normal operation to observe before the first model is trained; nothing is reported before.")
    @Range(min = 0, max = 100_000)
    double warmupMinutes() default 10;

    @AttributeDefinition(name = "Retrain every (minutes)", description = "Event time between retrainings on the sliding window.")
    @Range(min = 0.1, max = 100_000)
    double retrainMinutes() default 30;

    @AttributeDefinition(name = "Quantile", description = "Quantile of the training scores that calibrates the threshold (0.5..1).")
    @Range(min = 0.5, max = 1)
    double quantile() default 0.995;

    @AttributeDefinition(name = "Margin", description = "The threshold is the quantile's score times this margin (1..2).")
    @Range(min = 1, max = 2)
    double margin() default 1.05;

    @AttributeDefinition(name = "Persist (samples)", description = "Consecutive samples above the threshold before PREDICTIVE_ANOMALY is reported.")
    @Range(min = 1, max = 10_000)
    int persistSamples() default 5;

    @AttributeDefinition(name = "Rolling window (samples)", description = "Samples over which the rolling mean and deviation of the nozzle error are taken; taken over the holding samples so far when fewer.")
    @Range(min = 2, max = 1000)
    int rollingSamples() default 10;

    @AttributeDefinition(name = "Settling time (s)", description = "After the nozzle reaches its target (within 5 °C), samples are judged and learnt only once it has held this long. 0 judges the controller's settling too (it is learnt as normal).")
    @Range(min = 0, max = 3600)
    double settleSeconds() default 60;

    @AttributeDefinition(name = "Failure horizon (s)", description = "Samples are learnt as normal only once this much event time has passed after them without a failure (an error text, state ERROR, or an open CRITICAL alert on the printer); a failure discards the samples of the horizon before it, so the development of a fault is not learnt as normal. 0 learns at once.")
    @Range(min = 0, max = 86_400)
    double failureHorizonSeconds() default 600;

    @AttributeDefinition(name = "Train in the background", description = "true: models are trained on a background thread and judging never waits. false: training runs inside judging, so results do not depend on the machine's speed (for replays and evaluations); a training takes tens of milliseconds.")
    boolean backgroundTraining() default true;

    @AttributeDefinition(name = "Signal field", required = false, description = "Empty (the default): judge printers by their temperature control (nozzle error, heater power, bed, fan). A field name (nozzleActual, bedActual, heaterPower, fanRpm, ...): judge that field as a generic series instead (its value, change, and standing against its recent mean and deviation), e.g. for recordings replayed by carbine.driver.replay.")
    String signalField() default "";

    @AttributeDefinition(name = "Seed", description = "Random seed for growing the trees: the same data gives the same model.")
    long seed() default 42;
}
