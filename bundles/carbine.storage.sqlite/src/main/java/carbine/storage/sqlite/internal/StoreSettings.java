package carbine.storage.sqlite.internal;

import java.util.Objects;

/**
 * How the store writes and keeps data.
 *
 * @param batchSize         most rows committed in one transaction
 * @param maxQueue          most writes waiting for the writer; beyond that {@code store} is refused (back pressure)
 * @param retentionDays     telemetry older than this many days is deleted; 0 keeps it forever
 * @param synchronous       how hard each commit is pushed to disk
 * @param busyTimeoutMillis how long one statement waits for a lock held by another connection
 * @param closeGraceMillis  how long {@code close()} keeps retrying a database that cannot be written before it
 *                          gives up and fails the futures of what is still queued
 */
public record StoreSettings(int batchSize, int maxQueue, int retentionDays, Synchronous synchronous,
        int busyTimeoutMillis, int closeGraceMillis) {

    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final int DEFAULT_MAX_QUEUE = 100_000;
    public static final int DEFAULT_RETENTION_DAYS = 30;
    public static final int DEFAULT_BUSY_TIMEOUT_MILLIS = 5000;
    public static final int DEFAULT_CLOSE_GRACE_MILLIS = 10_000;

    public static final StoreSettings DEFAULTS = new StoreSettings(DEFAULT_BATCH_SIZE, DEFAULT_MAX_QUEUE,
            DEFAULT_RETENTION_DAYS, Synchronous.FULL, DEFAULT_BUSY_TIMEOUT_MILLIS, DEFAULT_CLOSE_GRACE_MILLIS);

    public StoreSettings {
        Objects.requireNonNull(synchronous, "synchronous");
        requireAtLeast("batchSize", batchSize, 1);
        requireAtLeast("maxQueue", maxQueue, 1);
        requireAtLeast("retentionDays", retentionDays, 0);
        requireAtLeast("busyTimeoutMillis", busyTimeoutMillis, 0);
        requireAtLeast("closeGraceMillis", closeGraceMillis, 0);
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
        }
    }

    public StoreSettings withBatchSize(int v) {
        return new StoreSettings(v, maxQueue, retentionDays, synchronous, busyTimeoutMillis, closeGraceMillis);
    }

    public StoreSettings withMaxQueue(int v) {
        return new StoreSettings(batchSize, v, retentionDays, synchronous, busyTimeoutMillis, closeGraceMillis);
    }

    public StoreSettings withRetentionDays(int v) {
        return new StoreSettings(batchSize, maxQueue, v, synchronous, busyTimeoutMillis, closeGraceMillis);
    }

    public StoreSettings withSynchronous(Synchronous v) {
        return new StoreSettings(batchSize, maxQueue, retentionDays, v, busyTimeoutMillis, closeGraceMillis);
    }

    public StoreSettings withBusyTimeoutMillis(int v) {
        return new StoreSettings(batchSize, maxQueue, retentionDays, synchronous, v, closeGraceMillis);
    }

    public StoreSettings withCloseGraceMillis(int v) {
        return new StoreSettings(batchSize, maxQueue, retentionDays, synchronous, busyTimeoutMillis, v);
    }
}
