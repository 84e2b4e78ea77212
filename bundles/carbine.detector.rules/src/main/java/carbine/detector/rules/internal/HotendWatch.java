package carbine.detector.rules.internal;

import java.time.Instant;
import java.util.Optional;

import carbine.api.alert.Severity;
import carbine.api.detector.Finding;

/**
 * Judges one printer's hotend. A large gap between actual and target is normal while the nozzle is
 * <em>heating up</em> and alarming once it is <em>holding</em>; so this tracks, per target, whether the
 * nozzle has reached it (within the hysteresis) since the target was last set, as Klipper's verify_heater does.
 * Not thread-safe: one instance per printer, called for one sample at a time.
 */
final class HotendWatch {
    /** Targets closer than this count as unchanged (firmware reports floats). */
    private static final double SAME_TARGET_C = 0.1;

    enum Phase {
        /** Heater off (target 0) or nothing known yet. */
        OFF,
        /** A target was set and not yet reached: heating up, or cooling down to a lower target. */
        APPROACHING,
        /** The target has been reached since it was set. */
        HOLDING
    }

    private Phase phase = Phase.OFF;
    private double target;
    private boolean fromBelow;
    /** Start of the current "must rise" window while heating at full power. */
    private Instant riseSince;
    private double riseFrom;
    private final ConditionTimer overshoot = new ConditionTimer();

    Phase phase() {
        return phase;
    }

    /**
     * Takes one reading into account and returns a thermal-runaway finding if there is one. Call
     * {@link #unknown()} instead when the sample lacks the nozzle temperature or target.
     */
    Optional<Finding> runaway(double actual, double newTarget, Double power, Instant now, Thresholds t) {
        trackPhase(actual, newTarget, t);
        if (phase == Phase.OFF || power == null) {
            riseSince = null;
            return Optional.empty();
        }
        return phase == Phase.HOLDING ? holdingRunaway(actual, power, t) : heatingFailure(actual, power, now, t);
    }

    /**
     * The nozzle part of OVERHEAT: above the absolute limit at once, or above target by more than the
     * overshoot for a while when holding. Call after {@link #runaway} for the same sample.
     */
    Optional<Finding> overheat(double actual, double sampleTarget, Instant now, Thresholds t) {
        boolean overshooting = phase == Phase.HOLDING && actual - target > t.overshootC();
        double heldFor = overshoot.update(overshooting, now);
        boolean sustained = overshooting && heldFor >= t.overheatSeconds();
        boolean aboveMax = actual > t.nozzleMaxC();
        if (!sustained && !aboveMax) {
            return Optional.empty();
        }
        StringBuilder why = new StringBuilder();
        if (aboveMax) {
            why.append("nozzle ").append(Fmt.celsius(actual)).append(" °C is above the limit ")
                    .append(Fmt.celsius(t.nozzleMaxC())).append(" °C");
        }
        if (sustained) {
            if (!why.isEmpty()) {
                why.append("; ");
            }
            why.append("nozzle ").append(Fmt.celsius(actual)).append(" °C is ")
                    .append(Fmt.celsius(actual - target)).append(" °C above target ").append(Fmt.celsius(target))
                    .append(" °C for ").append(Fmt.number(heldFor)).append(" s while holding (allowed ")
                    .append(Fmt.celsius(t.overshootC())).append(" °C for ").append(Fmt.number(t.overheatSeconds()))
                    .append(" s)");
        }
        // literal reading of "above target + 2 × overshoot": a heater that is off (target 0) yet far above
        // the limit is as critical as a runaway overshoot
        boolean critical = actual > sampleTarget + 2 * t.overshootC();
        return Optional.of(Finding.of(RuleEngine.OVERHEAT, critical ? Severity.CRITICAL : Severity.WARNING,
                why.toString()));
    }

    /** The sample lacks nozzle data: keep the phase, restart the timers that need continuous data. */
    void unknown() {
        riseSince = null;
        overshoot.reset();
    }

    private void trackPhase(double actual, double newTarget, Thresholds t) {
        if (newTarget <= 0) {
            phase = Phase.OFF;
            target = newTarget;
            riseSince = null;
            return;
        }
        if (phase == Phase.OFF || Math.abs(newTarget - target) > SAME_TARGET_C) {
            phase = Phase.APPROACHING;
            target = newTarget;
            fromBelow = actual < newTarget;
            riseSince = null;
        }
        if (phase == Phase.APPROACHING && reached(actual, t)) {
            phase = Phase.HOLDING;
            riseSince = null;
        }
    }

    private boolean reached(double actual, Thresholds t) {
        return fromBelow ? actual >= target - t.hysteresisC() : actual <= target + t.hysteresisC();
    }

    private Optional<Finding> holdingRunaway(double actual, double power, Thresholds t) {
        double below = target - actual;
        if (below > t.runawayDropC() && power >= t.runawayPowerMin()) {
            return Optional.of(Finding.of(RuleEngine.THERMAL_RUNAWAY, Severity.CRITICAL,
                    "nozzle " + Fmt.celsius(actual) + " °C is " + Fmt.celsius(below) + " °C below target "
                            + Fmt.celsius(target) + " °C at heater power " + Fmt.fraction(power)
                            + " while holding"));
        }
        return Optional.empty();
    }

    private Optional<Finding> heatingFailure(double actual, double power, Instant now, Thresholds t) {
        // cooling down to a lower target, or the heater not at full power: nothing to expect
        if (!fromBelow || power < t.runawayPowerMin()) {
            riseSince = null;
            return Optional.empty();
        }
        if (riseSince == null || actual >= riseFrom + t.heatingMinRiseC()) {
            riseSince = now;
            riseFrom = actual;
            return Optional.empty();
        }
        double waited = ConditionTimer.seconds(riseSince, now);
        if (waited < t.heatingWindowSeconds()) {
            return Optional.empty();
        }
        return Optional.of(Finding.of(RuleEngine.THERMAL_RUNAWAY, Severity.CRITICAL,
                "heating failed: nozzle rose " + Fmt.celsius(actual - riseFrom) + " °C (from "
                        + Fmt.celsius(riseFrom) + " to " + Fmt.celsius(actual) + " °C) in " + Fmt.number(waited)
                        + " s at heater power " + Fmt.fraction(power) + " while heating to target "
                        + Fmt.celsius(target) + " °C; at least " + Fmt.celsius(t.heatingMinRiseC()) + " °C per "
                        + Fmt.number(t.heatingWindowSeconds()) + " s expected"));
    }
}
