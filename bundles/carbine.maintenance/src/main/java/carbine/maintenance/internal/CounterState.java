package carbine.maintenance.internal;

import carbine.api.telemetry.PrinterState;

/**
 * Everything counted for one printer, plus what the next sample is judged against; what is persisted. Times are
 * epoch milliseconds of event time; durations milliseconds.
 *
 * @param sinceMillis     the first counted sample
 * @param lastMillis      the latest counted sample (a sample not after it is ignored)
 * @param lastState       the latest sample's state
 * @param hotendOn        the latest sample had a hotend target above 0
 * @param bedOn           the latest sample had a bed target above 0
 * @param fanOn           the latest sample had the fan running
 * @param lastProgress    the latest known job progress, or NaN
 * @param heat            where the hotend is in its heat cycle
 */
record CounterState(long sinceMillis, long lastMillis, PrinterState lastState, boolean hotendOn, boolean bedOn,
        boolean fanOn, double lastProgress, HeatPhase heat, long printingMillis, long hotendMillis, long bedMillis,
        long fanMillis, long heatCycles, long jobsFinished, long jobsFailed) {

    /** Heat cycle tracking: a cycle is counted when a hotend seen cold, then at its target, is cold again. */
    enum HeatPhase {
        /** Not yet seen cold (counting began with a warm hotend). */
        UNKNOWN,
        COLD,
        /** Was cold, then reached its target. */
        HEATED
    }
}
