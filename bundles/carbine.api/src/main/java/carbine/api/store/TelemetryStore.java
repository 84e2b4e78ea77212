package carbine.api.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

import carbine.api.telemetry.TelemetrySample;

/**
 * The telemetry history. Writes are batched: {@link #store} returns at once and its stage completes when the
 * sample is durably committed ("acknowledged as stored"), or fails if it could not be.
 */
@ProviderType
public interface TelemetryStore {
    CompletionStage<Void> store(TelemetrySample sample);

    /** Samples of one printer with {@code from <= time < to}, oldest first. */
    List<TelemetrySample> samples(String printerId, Instant from, Instant to);

    /** How many samples of one printer have {@code from <= time < to}. */
    long count(String printerId, Instant from, Instant to);

    /** The newest stored sample of a printer. */
    Optional<TelemetrySample> latest(String printerId);

    /** Every printer id that has stored samples. */
    List<String> printerIds();

    /**
     * A printer's history in {@code [from, to)} as at most {@code maxPoints} points, each summarising the samples of
     * one step (count, states, and per field min, max, mean and last). The store picks the coarsest step that keeps
     * to {@code maxPoints} and the finest kept data that serves it: the raw samples for short windows, per-minute
     * or per-hour aggregates for long ones, so a year costs about as much as an hour. Empty when
     * {@code from >= to}.
     *
     * @throws IllegalArgumentException if {@code maxPoints < 1}
     * @since 0.3
     */
    History history(String printerId, Instant from, Instant to, int maxPoints);

    /**
     * Whether writes currently commit or fail, why, and since when. Cheap (no I/O): callers may ask on every
     * page refresh. A store that is failing keeps the rows it accepted and retries them.
     */
    StoreHealth health();
}
