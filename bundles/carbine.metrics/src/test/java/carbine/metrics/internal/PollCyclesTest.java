package carbine.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class PollCyclesTest {
    @Test
    void cycleDurationsFillTheHistogramInSeconds() {
        PollCycles cycles = new PollCycles();
        cycles.cycle(3L, 0);
        cycles.cycle(40, 2);
        cycles.cycle(7_000L, 1);
        List<String> lines = Text.samples(Text.of(cycles.collect()));
        assertThat(lines).contains(
                "carbine_poll_cycle_duration_seconds_bucket{le=\"0.005\"} 1",
                "carbine_poll_cycle_duration_seconds_bucket{le=\"0.025\"} 1",
                "carbine_poll_cycle_duration_seconds_bucket{le=\"0.05\"} 2",
                "carbine_poll_cycle_duration_seconds_bucket{le=\"5.0\"} 2",
                "carbine_poll_cycle_duration_seconds_bucket{le=\"10.0\"} 3",
                "carbine_poll_cycle_duration_seconds_bucket{le=\"+Inf\"} 3",
                "carbine_poll_cycle_duration_seconds_count 3",
                "carbine_poll_cycle_duration_seconds_sum 7.043",
                "carbine_poll_failures_total 3.0");
    }

    @Test
    void eventsWithoutAUsableDurationAreIgnored() {
        PollCycles cycles = new PollCycles();
        cycles.cycle(null, null);
        cycles.cycle("12", "3");
        cycles.cycle(-5L, -1);
        cycles.cycle(Double.NaN, Double.POSITIVE_INFINITY);
        assertThat(Text.samples(Text.of(cycles.collect()))).contains("carbine_poll_cycle_duration_seconds_count 0",
                "carbine_poll_failures_total 0.0");
    }

    @Test
    void noCycleYetStillHasEveryBucket() {
        List<String> lines = Text.samples(Text.of(new PollCycles().collect()));
        assertThat(lines.stream().filter(l -> l.startsWith("carbine_poll_cycle_duration_seconds_bucket")))
                .hasSize(PollCycles.BUCKETS_SECONDS.length + 1);
    }
}
