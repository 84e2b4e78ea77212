package carbine.maintenance.internal;

import carbine.api.maintenance.UsageCounters;
import carbine.api.telemetry.TelemetrySample;

/** Lets a test in another package (the simulator's, for its model) count samples with the default rules. */
public final class CountingProbe {
    private final PrinterCounter counter;
    private long nanos;
    private long samples;

    public CountingProbe(String printerId) {
        counter = new PrinterCounter(printerId, null);
    }

    public void offer(TelemetrySample sample) {
        long start = System.nanoTime();
        counter.offer(sample, Settings.DEFAULTS.rules());
        nanos += System.nanoTime() - start;
        samples++;
    }

    /** Printing, hotend, bed and fan hours. */
    public double[] hours() {
        UsageCounters c = counter.counters();
        return new double[] {c.printingHours(), c.hotendHours(), c.bedHours(), c.fanHours()};
    }

    /** Heat cycles, jobs finished, jobs failed. */
    public long[] events() {
        UsageCounters c = counter.counters();
        return new long[] {c.heatCycles(), c.jobsFinished(), c.jobsFailed()};
    }

    public double nanosPerSample() {
        return samples == 0 ? 0 : (double) nanos / samples;
    }
}
