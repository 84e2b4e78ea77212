package carbine.maintenance.internal;

import static carbine.maintenance.internal.Samples.RULES;
import static carbine.maintenance.internal.Samples.idle;
import static carbine.maintenance.internal.Samples.printing;
import static carbine.maintenance.internal.Samples.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import carbine.api.maintenance.UsageCounters;
import carbine.api.telemetry.PrinterState;

class PrinterCounterTest {
    private final PrinterCounter counter = new PrinterCounter("p1", null);

    @Test
    void eachIntervalIsCreditedToWhatTheEarlierSampleReported() {
        counter.offer(idle("p1", 0, 25), RULES);
        counter.offer(printing("p1", 10, 100, 0), RULES); // 10 s idle
        counter.offer(printing("p1", 40, 205, 10), RULES); // 30 s printing, heaters and fan on
        counter.offer(idle("p1", 45, 200), RULES); // 5 s printing

        UsageCounters c = counter.counters();
        assertThat(c.printingHours()).isCloseTo(35 / 3600.0, within(1e-12));
        assertThat(c.hotendHours()).isCloseTo(35 / 3600.0, within(1e-12));
        assertThat(c.bedHours()).isCloseTo(35 / 3600.0, within(1e-12));
        assertThat(c.fanHours()).isCloseTo(35 / 3600.0, within(1e-12));
        assertThat(c.since()).isEqualTo(Samples.T0);
        assertThat(c.lastSample()).isEqualTo(Samples.T0.plusSeconds(45));
        assertThat(c.filamentMeters()).as("no driver reports filament today").isNull();
    }

    @Test
    void aGapLongerThanTheBoundIsNotCounted() {
        counter.offer(printing("p1", 0, 210, 0), RULES);
        counter.offer(printing("p1", 60, 210, 10), RULES); // exactly the bound: counted
        counter.offer(printing("p1", 121, 210, 20), RULES); // 61 s: a gap
        counter.offer(printing("p1", 126, 210, 30), RULES);

        assertThat(counter.counters().printingHours()).isCloseTo(65 / 3600.0, within(1e-12));
        assertThat(counter.counters().hotendHours()).isCloseTo(65 / 3600.0, within(1e-12));
    }

    @Test
    void aSampleNotNewerThanTheLastCountedOneIsIgnored() {
        assertThat(counter.offer(printing("p1", 0, 210, 0), RULES)).isTrue();
        assertThat(counter.offer(printing("p1", 30, 210, 10), RULES)).isTrue();
        assertThat(counter.offer(printing("p1", 30, 210, 10), RULES)).as("the same again").isFalse();
        assertThat(counter.offer(printing("p1", 10, 210, 5), RULES)).as("an older one").isFalse();
        assertThat(counter.offer(idle("p1", 20, 25), RULES)).isFalse();

        assertThat(counter.counters().printingHours()).isCloseTo(30 / 3600.0, within(1e-12));
        assertThat(counter.counters().jobsFinished()).isZero();
    }

    @Test
    void aHeatCycleIsColdThenTargetThenCold() {
        counter.offer(idle("p1", 0, 25), RULES);
        counter.offer(printing("p1", 5, 120, 0), RULES); // heating
        counter.offer(printing("p1", 10, 206, 0), RULES); // within 5 °C of 210
        counter.offer(idle("p1", 15, 150), RULES); // cooling
        assertThat(counter.counters().heatCycles()).isZero();
        counter.offer(idle("p1", 20, 49), RULES); // cold again: one cycle
        assertThat(counter.counters().heatCycles()).isOne();
        counter.offer(idle("p1", 25, 30), RULES);
        assertThat(counter.counters().heatCycles()).as("staying cold is no new cycle").isOne();

        counter.offer(printing("p1", 30, 150, 0), RULES); // heated, but never reaches its target
        counter.offer(idle("p1", 35, 40), RULES);
        assertThat(counter.counters().heatCycles()).as("target never reached").isOne();
    }

    @Test
    void aHotendAlreadyWarmWhenCountingBeganCompletesNoCycle() {
        counter.offer(printing("p1", 0, 210, 50), RULES);
        counter.offer(idle("p1", 5, 30), RULES);
        assertThat(counter.counters().heatCycles()).isZero();
    }

    @Test
    void aGapDoesNotLoseAHeatCycle() {
        counter.offer(idle("p1", 0, 25), RULES);
        counter.offer(printing("p1", 5, 210, 0), RULES);
        counter.offer(idle("p1", 5000, 25), RULES); // Carbine was stopped while it cooled
        assertThat(counter.counters().heatCycles()).isOne();
        assertThat(counter.counters().printingHours()).isZero();
    }

    @Test
    void jobsEndFinishedOrFailed() {
        counter.offer(printing("p1", 0, 210, 10), RULES);
        counter.offer(printing("p1", 5, 210, 99.5), RULES);
        counter.offer(idle("p1", 10, 200), RULES); // finished
        counter.offer(printing("p1", 15, 210, 10), RULES);
        counter.offer(state("p1", 20, PrinterState.ERROR, 210), RULES); // failed
        counter.offer(printing("p1", 25, 210, 10), RULES);
        counter.offer(idle("p1", 30, 200), RULES); // stopped at 10 %: failed
        counter.offer(printing("p1", 35, 210, 97), RULES);
        counter.offer(printing("p1", 40, 210, 1), RULES); // the next job began at once: finished
        counter.offer(TelemetrySampleWithoutProgress.paused("p1", 45), RULES);
        counter.offer(printing("p1", 50, 210, 3), RULES);

        UsageCounters c = counter.counters();
        assertThat(c.jobsFinished()).isEqualTo(2);
        assertThat(c.jobsFailed()).isEqualTo(2);
    }

    @Test
    void theFanCountsByItsSpeedOrElseItsTachometer() {
        counter.offer(carbine.api.telemetry.TelemetrySample.builder("p1", Samples.T0, PrinterState.IDLE)
                .fan(null, 3000.0).build(), RULES);
        counter.offer(carbine.api.telemetry.TelemetrySample.builder("p1", Samples.T0.plusSeconds(10), PrinterState.IDLE)
                .fan(null, 0.0).build(), RULES);
        counter.offer(carbine.api.telemetry.TelemetrySample.builder("p1", Samples.T0.plusSeconds(20), PrinterState.IDLE)
                .build(), RULES);
        assertThat(counter.counters().fanHours()).isCloseTo(10 / 3600.0, within(1e-12));
    }

    @Test
    void theOfflineMarkIsNoReading() {
        counter.offer(printing("p1", 0, 210, 10), RULES);
        assertThat(counter.offer(state("p1", 10, PrinterState.OFFLINE, 0), RULES)).isFalse();
        counter.offer(printing("p1", 20, 210, 20), RULES);
        assertThat(counter.counters().jobsFailed()).isZero();
        assertThat(counter.counters().printingHours()).isCloseTo(20 / 3600.0, within(1e-12));
    }

    /** A paused job. */
    static final class TelemetrySampleWithoutProgress {
        static carbine.api.telemetry.TelemetrySample paused(String printer, long second) {
            return carbine.api.telemetry.TelemetrySample.builder(printer, Samples.T0.plusSeconds(second),
                    PrinterState.PAUSED).nozzle(210.0, 210.0).build();
        }
    }
}
