package carbine.storage.sqlite.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import carbine.api.store.FieldStats;
import carbine.api.store.History;
import carbine.api.store.HistoryPoint;
import carbine.api.store.TelemetryField;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * Answers {@code history(printer, from, to, maxPoints)}: picks the tier (the finest that needs at most
 * {@link #ROWS_PER_POINT} rows per point; coarser when the finer tier no longer holds the window's start), the step
 * (the window divided by the points, rounded up to whole buckets of the tier) and merges the rows of that tier into points of that step.
 * Steps are aligned to the epoch, so a chart refreshed a little later gets the same points plus new ones.
 */
final class HistoryQuery {
    private final HistoryReader reader;
    private final StoreSettings settings;
    private final Clock clock;

    HistoryQuery(HistoryReader reader, StoreSettings settings, Clock clock) {
        this.reader = reader;
        this.settings = settings;
        this.clock = clock;
    }

    History history(String printerId, Instant from, Instant to, int maxPoints) {
        if (maxPoints < 1) {
            throw new IllegalArgumentException("maxPoints must be at least 1, was " + maxPoints);
        }
        long fromMs = EpochMillis.ceil(from);
        long toMs = EpochMillis.ceil(to);
        if (fromMs >= toMs) {
            return new History(printerId, from, to, History.Resolution.RAW, Duration.ZERO, List.of());
        }
        History.Resolution resolution = resolution(fromMs, toMs, maxPoints);
        long unit = unitMillis(resolution);
        long step = step(fromMs, toMs, maxPoints, unit);
        Map<Long, AggregateRows.Bucket> groups = new LinkedHashMap<>();
        if (resolution == History.Resolution.RAW) {
            for (TelemetrySample s : reader.samples(printerId, from, to)) {
                long start = Math.floorDiv(s.time().toEpochMilli(), step) * step;
                groups.computeIfAbsent(start, k -> new AggregateRows.Bucket(printerId, k)).add(s);
            }
        } else {
            AggregateRows.Tier tier = resolution == History.Resolution.MINUTE ? AggregateRows.Tier.MINUTE
                    : AggregateRows.Tier.HOUR;
            for (AggregateRows.Bucket b : reader.buckets(tier, printerId, tier.bucketOf(fromMs), toMs)) {
                long start = Math.floorDiv(b.start, step) * step;
                AggregateRows.Bucket group = groups.get(start);
                if (group == null) {
                    groups.put(start, b.start == start ? b : merged(printerId, start, b));
                } else {
                    group.merge(b);
                }
            }
        }
        // a point spans its step, clipped to the data asked for: the window, widened to whole buckets of the tier
        long lo = Math.floorDiv(fromMs, unit) * unit;
        long hi = Math.ceilDiv(toMs, unit) * unit;
        List<HistoryPoint> points = new ArrayList<>(groups.size());
        for (AggregateRows.Bucket b : groups.values()) {
            points.add(point(b, Math.max(b.start, lo), Math.min(b.start + step, hi)));
        }
        return new History(printerId, from, to, resolution, Duration.ofMillis(step), points);
    }

    private static AggregateRows.Bucket merged(String printerId, long start, AggregateRows.Bucket first) {
        AggregateRows.Bucket group = new AggregateRows.Bucket(printerId, start);
        group.merge(first);
        return group;
    }

    /**
     * Rows merged into one point at most, roughly: a finer tier is used only while it needs no more than this many
     * rows per point, so that a query reads at most about this many times {@code maxPoints} rows (the raw samples:
     * at one sample per 5 s or slower).
     */
    static final int ROWS_PER_POINT = 4;

    /**
     * The finest tier that needs at most {@link #ROWS_PER_POINT} rows per point, and which still holds the window's
     * start. With 400 points: raw up to 100 minutes, minutes up to 26.7 hours, hours beyond.
     */
    private History.Resolution resolution(long fromMs, long toMs, int maxPoints) {
        long wanted = Math.ceilDiv(toMs - fromMs, maxPoints);
        History.Resolution r = wanted * ROWS_PER_POINT < AggregateRows.Tier.MINUTE.millis ? History.Resolution.RAW
                : wanted <= ROWS_PER_POINT * AggregateRows.Tier.MINUTE.millis ? History.Resolution.MINUTE
                        : History.Resolution.HOUR;
        long now = clock.millis();
        if (r == History.Resolution.RAW && !holds(settings.rawDays(), fromMs, now)) {
            r = History.Resolution.MINUTE;
        }
        if (r == History.Resolution.MINUTE && !holds(settings.minuteDays(), fromMs, now)) {
            r = History.Resolution.HOUR;
        }
        return r;
    }

    private static boolean holds(int days, long fromMs, long nowMs) {
        return days == 0 || fromMs >= nowMs - Duration.ofDays(days).toMillis();
    }

    private static long unitMillis(History.Resolution r) {
        return switch (r) {
            case RAW -> 1;
            case MINUTE -> AggregateRows.Tier.MINUTE.millis;
            case HOUR -> AggregateRows.Tier.HOUR.millis;
        };
    }

    /** The shortest whole number of units whose epoch-aligned steps cover the window in at most maxPoints. */
    static long step(long fromMs, long toMs, int maxPoints, long unit) {
        long window = toMs - fromMs;
        long step = roundUp(Math.ceilDiv(window, maxPoints), unit);
        if (steps(fromMs, toMs, step) > maxPoints) {
            // alignment can add one step at the start: with window / (maxPoints - 1) it cannot
            step = maxPoints == 1 ? roundUp(window, unit) * 2 : roundUp(Math.ceilDiv(window, maxPoints - 1), unit);
        }
        while (steps(fromMs, toMs, step) > maxPoints) { // maxPoints == 1 and an unlucky alignment
            step *= 2;
        }
        return step;
    }

    private static long steps(long fromMs, long toMs, long step) {
        return Math.floorDiv(toMs - 1, step) - Math.floorDiv(fromMs, step) + 1;
    }

    private static long roundUp(long value, long unit) {
        return Math.ceilDiv(Math.max(1, value), unit) * unit;
    }

    private static HistoryPoint point(AggregateRows.Bucket b, long start, long end) {
        Map<PrinterState, Long> states = new EnumMap<>(PrinterState.class);
        PrinterState[] all = PrinterState.values();
        for (int i = 0; i < all.length; i++) {
            if (b.states[i] > 0) {
                states.put(all[i], b.states[i]);
            }
        }
        Map<TelemetryField, FieldStats> fields = new EnumMap<>(TelemetryField.class);
        TelemetryField[] names = TelemetryField.values();
        for (int i = 0; i < names.length; i++) {
            AggregateRows.Stats f = b.fields[i];
            if (f.n > 0) {
                fields.put(names[i], new FieldStats(f.n, f.sum, f.min, f.max, f.last));
            }
        }
        return new HistoryPoint(Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), b.samples,
                states, b.errors, b.filamentOut, fields);
    }
}
