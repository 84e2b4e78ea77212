package carbine.api.store;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import carbine.api.telemetry.PrinterState;

/**
 * The samples of one printer in {@code [start, end)}, summarised: how many, in which state, and per numeric field
 * the count, sum, min, max and newest value. A field no sample of the point had is absent from {@link #fields()}.
 *
 * @param start       the point's start: a step boundary, or the window's start widened to a whole bucket of the tier
 * @param end         the point's end (exclusive)
 * @param samples     how many samples the point holds (at least 1)
 * @param states      samples per printer state; states without samples are absent
 * @param errors      samples that carried an error text
 * @param filamentOut samples whose runout sensor saw no filament
 * @param fields      per field that any of the samples had
 */
public record HistoryPoint(Instant start, Instant end, long samples, Map<PrinterState, Long> states, long errors,
        long filamentOut, Map<TelemetryField, FieldStats> fields) {
    public HistoryPoint {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        states = states.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(states));
        fields = fields.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(fields));
    }

    /** The statistics of a field; null when none of the samples had it. */
    public FieldStats field(TelemetryField field) {
        return fields.get(field);
    }

    /** The mean of a field; null when none of the samples had it. */
    public Double mean(TelemetryField field) {
        FieldStats stats = fields.get(field);
        return stats == null ? null : stats.mean();
    }

    /** How many samples were in this state. */
    public long samples(PrinterState state) {
        return states.getOrDefault(state, 0L);
    }
}
