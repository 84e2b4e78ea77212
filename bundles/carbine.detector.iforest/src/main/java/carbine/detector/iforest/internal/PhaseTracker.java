package carbine.detector.iforest.internal;

/**
 * Whether a heater is heating up, cooling down or holding its target: a new target means approaching it until
 * the temperature comes within {@link #HYSTERESIS_C} (as the rule detector and Klipper's verify_heater do).
 * Not thread-safe: one per heater of one printer.
 */
final class PhaseTracker {
    static final double HYSTERESIS_C = 5;
    /** Targets closer than this count as unchanged (firmware reports floats). */
    private static final double SAME_TARGET_C = 0.1;

    enum Phase {
        /** Heater off (target 0 or below) or not known. */
        OFF,
        HEATING,
        COOLING,
        HOLDING
    }

    private Phase phase = Phase.OFF;
    private double target;

    Phase update(double actual, double newTarget) {
        if (newTarget <= 0) {
            phase = Phase.OFF;
            target = newTarget;
            return phase;
        }
        if (phase == Phase.OFF || Math.abs(newTarget - target) > SAME_TARGET_C) {
            target = newTarget;
            phase = actual < newTarget ? Phase.HEATING : Phase.COOLING;
        }
        if (phase != Phase.HOLDING && Math.abs(actual - target) <= HYSTERESIS_C) {
            phase = Phase.HOLDING;
        }
        return phase;
    }

    /** The heater's reading is missing: nothing is known any more. */
    void reset() {
        phase = Phase.OFF;
    }

    Phase phase() {
        return phase;
    }
}
