package carbine.metrics.internal;

import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;

import carbine.api.event.CarbineTopics;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * What the {@value CarbineTopics#POLL_CYCLE} events say: how long each poll cycle took, and how many polls failed.
 * Counted from this bundle's start on (the events are not kept anywhere to be read later).
 */
final class PollCycles {
    /** From a few printers polled in milliseconds to a large fleet near the poll timeout and beyond. */
    static final double[] BUCKETS_SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private final Histogram duration = Histogram.builder()
            .name("carbine_poll_cycle_duration_seconds")
            .unit(Unit.SECONDS)
            .help("How long a poll cycle took, from its start to its last printer's answer or timeout.")
            .classicOnly()
            .classicUpperBounds(BUCKETS_SECONDS)
            .withoutExemplars()
            .build();
    private final DoubleAdder failures = new DoubleAdder();

    /** Takes one cycle event's properties; ignores an event without a usable duration. */
    void cycle(Object durationMillis, Object failedPolls) {
        if (durationMillis instanceof Number ms && ms.doubleValue() >= 0 && Double.isFinite(ms.doubleValue())) {
            duration.observe(ms.doubleValue() / 1000.0);
        }
        if (failedPolls instanceof Number n && n.doubleValue() > 0 && Double.isFinite(n.doubleValue())) {
            failures.add(n.doubleValue());
        }
    }

    List<MetricSnapshot> collect() {
        HistogramSnapshot histogram = duration.collect();
        return List.of(histogram, Snapshots.counter("carbine_poll_failures",
                "Failed polls (a driver's error, a timeout, a rejected sample), summed over the poll cycles.",
                failures.sum()));
    }
}
