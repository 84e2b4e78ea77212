package carbine.health.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

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
    double horizonDays() default 14;

    @AttributeDefinition(name = "Trend window (days)", description = "The trend is fitted on the daily values of "
            + "this many most recent days; at least 3.")
    int windowDays() default 14;

    @AttributeDefinition(name = "Days before judging", description = "Fewest days with data in the window before a "
            + "trend is judged; also the days that make an indicator's baseline; at least 3.")
    int minDays() default 7;

    @AttributeDefinition(name = "Samples per day", description = "A day with fewer samples of an indicator is "
            + "kept but not used for its trend; at least 1.")
    int minSamplesPerDay() default 5;

    @AttributeDefinition(name = "Heater duty limit (0..1)", description = "Hotend heater: the share of full power "
            + "needed to hold the usual target may grow up to this; beyond it the heater is worn out.")
    double heaterDutyLimit() default 0.95;

    @AttributeDefinition(name = "Fan limit (share of baseline)", description = "Part fan: rpm per commanded speed "
            + "may fall to this share of its baseline (the first days' median), 0..1.")
    double fanRpmLimit() default 0.6;

    @AttributeDefinition(name = "Noise limit (°C)", description = "Hotend thermistor: the root-mean-square "
            + "deviation from the target while holding it may grow up to this.")
    double noiseLimitC() default 1.5;

    @AttributeDefinition(name = "Heat-up limit (× baseline)", description = "Hotend heat-up: seconds per °C from a "
            + "cold start may grow up to this multiple of the baseline.")
    double heatUpLimit() default 2.0;

    @AttributeDefinition(name = "Ambient (°C)", description = "Room temperature, for heater duty per °C above it.")
    double ambientC() default 25;

    @AttributeDefinition(name = "Holding band (°C)", description = "The nozzle has reached its target when within "
            + "this many °C of it; from then on, until the target changes, it is holding.")
    double holdBandC() default 2;

    @AttributeDefinition(name = "Band confidence", description = "Confidence of the trend's band (Sen's interval "
            + "of the slope), 0.5..0.999. A warning needs the whole band to point towards the limit.")
    double confidence() default 0.9;
}
