package carbine.detector.rules.internal;

import java.time.Instant;

/** What the rules remember about one printer between samples. Guarded by its own monitor. */
final class PrinterMemory {
    final HotendWatch hotend = new HotendWatch();
    final ConditionTimer jam = new ConditionTimer();
    final ConditionTimer fanTooSlow = new ConditionTimer();
    /** Event time of the latest sample judged, null before the first. */
    Instant lastSample;
}
