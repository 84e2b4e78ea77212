package carbine.detector.likelihood.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import carbine.config.Range;

/**
 * The metatype of PID {@value LikelihoodDetector#PID}: the form the Web Console shows and the one place of each
 * parameter's documentation, default and range. The component reads the raw properties through {@link Settings#from}
 * (carbine.config's Configs), so that a typo in a {@code .cfg} file falls back to the default with a log line
 * instead of failing activation.
 */
@ObjectClassDefinition(name = "Carbine likelihood detector",
        description = "A streaming detector for one numeric field of each printer (or of a replayed series): how "
                + "surprising each value is next to the values just before it, and how likely the recent surprise is "
                + "under the series' own usual surprise (the anomaly likelihood of Ahmad et al. 2017). Raises "
                + "UNLIKELY_SIGNAL (WARNING) with the numbers behind it. Off unless configured.")
@interface Config {
    @AttributeDefinition(name = "Signal field", description = "The telemetry field judged (nozzleActual, "
            + "nozzleTarget, bedActual, bedTarget, heaterPower, fanSpeed, fanRpm, progress). A replayed NAB series "
            + "arrives as nozzleActual.")
    String signalField() default "nozzleActual";

    @AttributeDefinition(name = "Learning (samples)", description = "Samples per printer before anything is "
            + "reported; their range sets the smallest deviation (1 % of it).")
    @Range(min = 1, max = 1_000_000)
    int learnSamples() default 150;

    @AttributeDefinition(name = "Recent window (samples)", description = "A value's surprise is its distance from "
            + "the mean of this many previous values, in their standard deviations (and the same for its difference "
            + "from the value a season before).")
    @Range(min = 2, max = 100_000)
    int recentWindow() default 40;

    @AttributeDefinition(name = "Short window (samples)", description = "The surprise averaged over this many "
            + "latest samples is what is judged (1 judges single values; more needs a change to last).")
    @Range(min = 1, max = 10_000)
    int shortWindow() default 3;

    @AttributeDefinition(name = "Long window (samples)", description = "The usual surprise: mean and deviation of "
            + "the surprise over this many latest samples.")
    @Range(min = 10, max = 1_000_000)
    int longWindow() default 5000;

    @AttributeDefinition(name = "Smallest usual deviation", description = "Lower bound of the usual surprise's "
            + "deviation, so that a perfectly regular series does not alert on a trifle.")
    @Range(min = 1e-6, max = 100)
    double minDeviation() default 0.05;

    @AttributeDefinition(name = "Tail probability", description = "Report when the recent surprise is this "
            + "unlikely or less under the usual one (1e-4: one chance in 10,000).")
    @Range(min = 1e-15, max = 0.5)
    double tailProbability() default 1e-4;

    @AttributeDefinition(name = "Range margin", description = "Also report a value beyond everything seen so far "
            + "by more than this fraction of that range (0 turns the check off).")
    @Range(min = 0, max = 100)
    double rangeMargin() default 0.005;

    @AttributeDefinition(name = "Rest (samples)", description = "After a report, nothing more for this many "
            + "samples: one event, one alert.")
    @Range(min = 0, max = 1_000_000)
    int restSamples() default 30;

    @AttributeDefinition(name = "Season (hours)", description = "A value is also predicted by the value this long "
            + "before (a day: daily cycles); its surprise is the smaller of the two, so the daily rise of a "
            + "periodic series is not news. 0 turns it off.")
    @Range(min = 0, max = 24 * 366)
    double seasonHours() default 24;

    @AttributeDefinition(name = "Season memory (samples)", description = "Values kept to look one season back "
            + "(16 bytes each per printer). When a season holds more samples than this (a day of one sample a "
            + "second), the season is not used.")
    @Range(min = 1, max = 1_000_000)
    int seasonSamples() default 2000;
}
