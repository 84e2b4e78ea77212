package carbine.health.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import carbine.config.Range;

/**
 * Configuration of component health, PID {@code carbine.health}; every property is optional. The defaults here are
 * the only ones: {@link Settings} reads them from this annotation.
 */
@ObjectClassDefinition(name = "Carbine component health",
        description = "Health indicators of each printer's hotend heater, part fan and thermistor, kept as daily "
                + "aggregates; a robust trend per indicator and a forecast of when it reaches its limit. Raises "
                + "COMPONENT_WEAR (WARNING) when that is within the horizon.")
public @interface Config {
    @AttributeDefinition(name = "Horizon (days)", description = "Warn when an indicator is forecast to reach its "
            + "limit within this many days (event time); > 0.")
    @Range(min = 0.001, max = 3650)
    double horizonDays() default 14;

    @AttributeDefinition(name = "Trend window (days)", description = "The trend is fitted on the daily values of "
            + "this many most recent days; at least 3.")
    @Range(min = 3, max = 3650)
    int windowDays() default 14;

    @AttributeDefinition(name = "Days before judging", description = "Fewest days with data in the window before a "
            + "trend is judged; also the days that make an indicator's baseline; at least 3.")
    @Range(min = 3, max = 3650)
    int minDays() default 7;

    @AttributeDefinition(name = "Samples per day", description = "A day with fewer samples of an indicator is "
            + "kept but not used for its trend; at least 1.")
    @Range(min = 1, max = 1e9)
    int minSamplesPerDay() default 5;

    @AttributeDefinition(name = "Heater duty limit (0..1)", description = "Hotend heater: the share of full power "
            + "needed to hold the usual target may grow up to this; beyond it the heater is worn out.")
    @Range(min = 0.01, max = 1)
    double heaterDutyLimit() default 0.95;

    @AttributeDefinition(name = "Fan limit (share of baseline)", description = "Part fan: rpm per commanded speed "
            + "may fall to this share of its baseline (the first days' median), 0..1.")
    @Range(min = 0.01, max = 0.999)
    double fanRpmLimit() default 0.6;

    @AttributeDefinition(name = "Noise limit (°C)", description = "Hotend thermistor: the root-mean-square "
            + "deviation from the target while holding it may grow up to this.")
    @Range(min = 0.01, max = 100)
    double noiseLimitC() default 1.5;

    @AttributeDefinition(name = "Heat-up limit (× baseline)", description = "Hotend heat-up: seconds per °C from a "
            + "cold start may grow up to this multiple of the baseline.")
    @Range(min = 1.01, max = 100)
    double heatUpLimit() default 2.0;

    @AttributeDefinition(name = "Ambient (°C)", description = "Room temperature, for heater duty per °C above it.")
    @Range(min = -40, max = 60)
    double ambientC() default 25;

    @AttributeDefinition(name = "Holding band (°C)", description = "The nozzle has reached its target when within "
            + "this many °C of it; from then on, until the target changes, it is holding.")
    @Range(min = 0.1, max = 50)
    double holdBandC() default 2;

    @AttributeDefinition(name = "Band confidence", description = "Confidence of the trend's band (Sen's interval "
            + "of the slope), 0.5..0.999. A warning needs the whole band to point towards the limit.")
    @Range(min = 0.5, max = 0.999)
    double confidence() default 0.9;
}
