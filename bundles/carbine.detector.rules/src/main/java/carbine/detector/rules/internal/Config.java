package carbine.detector.rules.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import carbine.config.Range;

/**
 * Thresholds of the rule detector (PID {@code carbine.detector.rules}). Defaults follow the firmware
 * references in REFERENCE.md (Klipper's verify_heater, Marlin's "Heating failed"). The one place of each default
 * and range; read by {@link Thresholds#from}.
 */
@ObjectClassDefinition(name = "Carbine rule detector",
        description = "Rule-based detection of hard failures, filament jams and runout, thermal runaway, "
                + "overheating and fan failure. All durations are in event time (the printer's clock).")
public @interface Config {
    @AttributeDefinition(name = "Jam after (s)", description = "A jam is reported when filament is present but has not moved for this many seconds while printing.")
    @Range(min = 0, max = Double.MAX_VALUE)
    double jamSeconds() default 10;

    @AttributeDefinition(name = "Target reached within (°C)", description = "The nozzle has reached its target when within this many °C of it (Klipper's hysteresis).")
    @Range(min = 0, max = 100)
    double hysteresisC() default 5;

    @AttributeDefinition(name = "Runaway drop below target (°C)", description = "While holding temperature: thermal runaway when the nozzle is this many °C below target at high heater power.")
    @Range(min = 0, max = 500)
    double runawayDropC() default 15;

    @AttributeDefinition(name = "Full heater power (0..1)", description = "Heater power (0..1) at or above which the heater counts as working flat out.")
    @Range(min = 0, max = 1)
    double runawayPowerMin() default 0.95;

    @AttributeDefinition(name = "Minimum rise while heating (°C)", description = "While heating up at full power the nozzle must rise at least this many °C within heatingWindowSeconds, or heating has failed.")
    @Range(min = 0, max = 100)
    double heatingMinRiseC() default 2;

    @AttributeDefinition(name = "Heating rise window (s)", description = "The window, in seconds, in which a heating nozzle must rise heatingMinRiseC.")
    @Range(min = 0, max = Double.MAX_VALUE)
    double heatingWindowSeconds() default 20;

    @AttributeDefinition(name = "Nozzle limit (°C)", description = "Absolute nozzle limit, °C: above it OVERHEAT is reported at once.")
    @Range(min = 0, max = 1000)
    double nozzleMaxC() default 300;

    @AttributeDefinition(name = "Overshoot above target (°C)", description = "While holding: OVERHEAT when the nozzle is this many °C above target for overheatSeconds; CRITICAL above twice this.")
    @Range(min = 0, max = 500)
    double overshootC() default 15;

    @AttributeDefinition(name = "Overshoot lasting (s)", description = "How long an overshoot must last before it is reported, seconds.")
    @Range(min = 0, max = Double.MAX_VALUE)
    double overheatSeconds() default 10;

    @AttributeDefinition(name = "Bed limit (°C)", description = "Absolute bed limit, °C: above it OVERHEAT is reported at once.")
    @Range(min = 0, max = 1000)
    double bedMaxC() default 130;

    @AttributeDefinition(name = "Fan command checked from (0..1)", description = "Fan command (0..1) from which the fan is expected to turn.")
    @Range(min = 0, max = 1)
    double fanSpeedMin() default 0.3;

    @AttributeDefinition(name = "Fan minimum rpm", description = "A commanded fan turning slower than this many rpm has failed.")
    @Range(min = 0, max = 1_000_000)
    double fanMinRpm() default 300;

    @AttributeDefinition(name = "Fan too slow for (s)", description = "How long the fan must be too slow before FAN_FAILURE is reported, seconds.")
    @Range(min = 0, max = Double.MAX_VALUE)
    double fanSeconds() default 5;
}
