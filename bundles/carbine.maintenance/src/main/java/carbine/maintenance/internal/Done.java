package carbine.maintenance.internal;

/**
 * When a task was last done on a printer, and the counters at that moment.
 *
 * @param atMillis wall-clock time of the mark (what calendar intervals count from)
 */
record Done(long atMillis, Unit.Snapshot snapshot) {}
