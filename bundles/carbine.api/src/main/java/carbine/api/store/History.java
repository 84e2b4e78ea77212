package carbine.api.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A printer's history over a window, at a resolution that fits the number of points asked for: see
 * {@link TelemetryStore#history}.
 *
 * @param printerId  the printer
 * @param from       the window's start, as asked
 * @param to         the window's end (exclusive), as asked
 * @param resolution the tier the points were computed from
 * @param step       the length of each point
 * @param points     oldest first; only points that hold samples (a gap in the data is a gap here)
 */
public record History(String printerId, Instant from, Instant to, Resolution resolution, Duration step,
        List<HistoryPoint> points) {
    /** Where the points come from. */
    public enum Resolution {
        /** The raw samples. */
        RAW,
        /** Per-minute aggregates. */
        MINUTE,
        /** Per-hour aggregates. */
        HOUR
    }

    public History {
        Objects.requireNonNull(printerId, "printerId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(step, "step");
        points = List.copyOf(points);
    }
}
