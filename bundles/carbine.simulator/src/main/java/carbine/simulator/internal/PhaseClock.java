package carbine.simulator.internal;

/**
 * Maps simulated time to a phase: IDLE for one phase length, then PRINTING → ANOMALY → ERROR over and over,
 * or, for a printer that never faults, PRINTING for ever.
 */
record PhaseClock(double phaseSeconds, boolean faults) {
    private static final Phase[] CYCLE = {Phase.PRINTING, Phase.ANOMALY, Phase.ERROR};

    Phase phaseAt(double seconds) {
        long index = (long) Math.floor(seconds / phaseSeconds);
        if (index <= 0) {
            return Phase.IDLE;
        }
        return faults ? CYCLE[(int) ((index - 1) % CYCLE.length)] : Phase.PRINTING;
    }

    /** How far into its current phase the given time is, 0 (just entered) to 1 (about to leave). */
    double fractionAt(double seconds) {
        double into = seconds / phaseSeconds;
        return into - Math.floor(into);
    }
}
