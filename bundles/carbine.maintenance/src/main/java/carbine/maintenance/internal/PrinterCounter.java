package carbine.maintenance.internal;

import carbine.api.maintenance.UsageCounters;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

import java.time.Instant;

/**
 * Counts one printer's samples, in event time. Each interval between two consecutive counted samples is
 * credited to what the earlier one reported (it held until the next reading), unless it is longer than the gap
 * bound. Not thread-safe: the caller holds the printer's lock.
 */
final class PrinterCounter {
    private static final double MS_PER_HOUR = 3_600_000.0;
    /** A progress falling by more than this while printing: the job ended and the next one began. */
    private static final double PROGRESS_RESTART_DROP = 50;
    /** A job that left PRINTING below this progress was stopped before its end. */
    private static final double FINISHED_PROGRESS = 99;

    private final String printerId;
    private CounterState state;
    private boolean dirty;

    PrinterCounter(String printerId, CounterState restored) {
        this.printerId = printerId;
        this.state = restored;
    }

    String printerId() { return printerId; }

    /** Null before the first sample. */
    CounterState state() { return state; }

    /** Changed since {@link #clean()}. */
    boolean dirty() { return dirty; }

    void clean() { dirty = false; }

    void markDirty() { dirty = true; }

    /**
     * Counts a sample.
     *
     * @return false if it was not newer than the latest counted one (a replay, a duplicate): ignored
     */
    boolean offer(TelemetrySample sample, CountingRules rules) {
        long t = sample.time().toEpochMilli();
        PrinterState st = sample.state();
        if (st == PrinterState.OFFLINE) {
            return false; // the poller's mark, no reading of the printer
        }
        boolean hotend = positive(sample.nozzleTarget());
        boolean bed = positive(sample.bedTarget());
        boolean fan = sample.fanSpeed() != null ? sample.fanSpeed() > 0 : positive(sample.fanRpm());
        double progress = sample.progress() == null ? Double.NaN : sample.progress();
        CounterState s = state;
        if (s == null) {
            state = new CounterState(t, t, st, hotend, bed, fan, progress, heat(CounterState.HeatPhase.UNKNOWN, sample,
                    rules), 0, 0, 0, 0, 0, 0, 0);
            dirty = true;
            return true;
        }
        if (t <= s.lastMillis()) {
            return false;
        }
        long dt = t - s.lastMillis();
        boolean counted = dt <= rules.gap().toMillis();
        long printing = s.printingMillis() + (counted && s.lastState() == PrinterState.PRINTING ? dt : 0);
        long hotendMs = s.hotendMillis() + (counted && s.hotendOn() ? dt : 0);
        long bedMs = s.bedMillis() + (counted && s.bedOn() ? dt : 0);
        long fanMs = s.fanMillis() + (counted && s.fanOn() ? dt : 0);

        long finished = s.jobsFinished();
        long failed = s.jobsFailed();
        boolean wasInJob = inJob(s.lastState());
        boolean isInJob = inJob(st);
        double knownProgress = Double.isNaN(progress) ? s.lastProgress() : progress;
        if (wasInJob && !isInJob) {
            if (st == PrinterState.ERROR || (!Double.isNaN(s.lastProgress()) && s.lastProgress() < FINISHED_PROGRESS)) {
                failed++;
            } else {
                finished++;
            }
            knownProgress = progress;
        } else if (wasInJob && st == PrinterState.PRINTING && !Double.isNaN(progress) && !Double.isNaN(s.lastProgress())
                && progress < s.lastProgress() - PROGRESS_RESTART_DROP) {
            finished++; // the next job began at once
        }

        CounterState.HeatPhase before = s.heat();
        CounterState.HeatPhase after = heat(before, sample, rules);
        long cycles = s.heatCycles() + (before == CounterState.HeatPhase.HEATED && after == CounterState.HeatPhase.COLD
                ? 1 : 0);

        state = new CounterState(s.sinceMillis(), t, st, hotend, bed, fan, knownProgress, after, printing, hotendMs,
                bedMs, fanMs, cycles, finished, failed);
        dirty = true;
        return true;
    }

    /** Replaces the state, e.g. when a newer one was read back from disk. */
    void restore(CounterState restored) {
        state = restored;
    }

    UsageCounters counters() {
        CounterState s = state;
        return new UsageCounters(printerId, Instant.ofEpochMilli(s.sinceMillis()), Instant.ofEpochMilli(s.lastMillis()),
                s.printingMillis() / MS_PER_HOUR, s.hotendMillis() / MS_PER_HOUR, s.bedMillis() / MS_PER_HOUR,
                s.fanMillis() / MS_PER_HOUR, s.heatCycles(), s.jobsFinished(), s.jobsFailed(), null);
    }

    private static CounterState.HeatPhase heat(CounterState.HeatPhase phase, TelemetrySample sample, CountingRules rules) {
        Double actual = sample.nozzleActual();
        if (actual == null) {
            return phase;
        }
        if (actual < rules.coldCelsius()) {
            return CounterState.HeatPhase.COLD;
        }
        Double target = sample.nozzleTarget();
        if (phase == CounterState.HeatPhase.COLD && target != null && target > rules.coldCelsius()
                && actual >= target - rules.targetBandCelsius()) {
            return CounterState.HeatPhase.HEATED;
        }
        return phase;
    }

    private static boolean inJob(PrinterState state) {
        return state == PrinterState.PRINTING || state == PrinterState.PAUSED;
    }

    private static boolean positive(Double value) {
        return value != null && value > 0;
    }
}
