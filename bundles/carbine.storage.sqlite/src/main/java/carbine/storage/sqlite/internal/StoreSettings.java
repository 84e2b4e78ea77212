package carbine.storage.sqlite.internal;

import java.util.Map;
import java.util.Objects;

/**
 * How the store writes and keeps data.
 *
 * @param batchSize         most rows committed in one transaction
 * @param maxQueue          most writes waiting for the writer; beyond that {@code store} is refused (back pressure)
 * @param rawDays           raw samples older than this many days are deleted; 0 keeps them forever
 * @param minuteDays        per-minute aggregates older than this many days are deleted; 0 keeps them forever
 * @param hourDays          per-hour aggregates older than this many days are deleted; 0 keeps them forever
 * @param synchronous       how hard each commit is pushed to disk
 * @param busyTimeoutMillis how long one statement waits for a lock held by another connection
 * @param closeGraceMillis  how long {@code close()} keeps retrying a database that cannot be written before it
 *                          gives up and fails the futures of what is still queued
 */
public record StoreSettings(int batchSize, int maxQueue, int rawDays, int minuteDays, int hourDays,
        Synchronous synchronous, int busyTimeoutMillis, int closeGraceMillis) {

    public static final int DEFAULT_CLOSE_GRACE_MILLIS = 10_000;

    /** The defaults of {@link Config}. */
    public static final StoreSettings DEFAULTS = new ConfigReader(Map.of(), warning -> { }).settings();

    public StoreSettings {
        Objects.requireNonNull(synchronous, "synchronous");
        requireAtLeast("batchSize", batchSize, 1);
        requireAtLeast("maxQueue", maxQueue, 1);
        requireAtLeast("rawDays", rawDays, 0);
        requireAtLeast("minuteDays", minuteDays, 0);
        requireAtLeast("hourDays", hourDays, 0);
        requireAtLeast("busyTimeoutMillis", busyTimeoutMillis, 0);
        requireAtLeast("closeGraceMillis", closeGraceMillis, 0);
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
        }
    }

    public StoreSettings withBatchSize(int v) {
        return new StoreSettings(v, maxQueue, rawDays, minuteDays, hourDays, synchronous, busyTimeoutMillis,
                closeGraceMillis);
    }

    public StoreSettings withMaxQueue(int v) {
        return new StoreSettings(batchSize, v, rawDays, minuteDays, hourDays, synchronous, busyTimeoutMillis,
                closeGraceMillis);
    }

    /** Keeps every tier (raw samples, minute and hour aggregates) for {@code days}; 0 keeps everything. */
    public StoreSettings withRetentionDays(int days) {
        return withTierDays(days, days, days);
    }

    public StoreSettings withTierDays(int raw, int minute, int hour) {
        return new StoreSettings(batchSize, maxQueue, raw, minute, hour, synchronous, busyTimeoutMillis,
                closeGraceMillis);
    }

    public StoreSettings withSynchronous(Synchronous v) {
        return new StoreSettings(batchSize, maxQueue, rawDays, minuteDays, hourDays, v, busyTimeoutMillis,
                closeGraceMillis);
    }

    public StoreSettings withBusyTimeoutMillis(int v) {
        return new StoreSettings(batchSize, maxQueue, rawDays, minuteDays, hourDays, synchronous, v,
                closeGraceMillis);
    }

    public StoreSettings withCloseGraceMillis(int v) {
        return new StoreSettings(batchSize, maxQueue, rawDays, minuteDays, hourDays, synchronous,
                busyTimeoutMillis, v);
    }
}
