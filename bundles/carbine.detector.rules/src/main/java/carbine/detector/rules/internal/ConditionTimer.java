package carbine.detector.rules.internal;

import java.time.Duration;
import java.time.Instant;

/** Remembers since when (event time) a condition has held without interruption. */
final class ConditionTimer {
    private Instant since;

    /**
     * @return for how many seconds the condition has held, counting from the first sample where it held;
     *         0 on that first sample, -1 when it does not hold now
     */
    double update(boolean holds, Instant now) {
        if (!holds) {
            since = null;
            return -1;
        }
        if (since == null) {
            since = now;
        }
        return seconds(since, now);
    }

    void reset() {
        since = null;
    }

    static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
