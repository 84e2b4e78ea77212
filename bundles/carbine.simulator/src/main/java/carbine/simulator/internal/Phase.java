package carbine.simulator.internal;

/** Where a simulated printer is in its scripted life. */
enum Phase {
    /** Heaters off, waiting for a job. Only at the start. */
    IDLE,
    /** Heating up, then printing normally. */
    PRINTING,
    /** The scenario's fault develops; the printer itself still reports PRINTING. */
    ANOMALY,
    /** The firmware has noticed: halted (or paused, for a runout). */
    ERROR
}
