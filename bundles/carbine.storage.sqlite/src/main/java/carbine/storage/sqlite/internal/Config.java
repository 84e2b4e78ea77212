package carbine.storage.sqlite.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Carbine SQLite storage",
        description = "Telemetry and alert history in an SQLite file (WAL mode, batched writes).")
@interface Config {
    @AttributeDefinition(name = "Database file", required = false,
            description = "Path of the SQLite file. Empty: printer_data.db in the data directory (framework "
                    + "property carbine.data, default 'data'). A relative path is resolved against the data directory.")
    String file() default "";

    @AttributeDefinition(name = "Batch size", min = "1",
            description = "Most rows committed in one transaction.")
    int batchSize() default StoreSettings.DEFAULT_BATCH_SIZE;

    @AttributeDefinition(name = "Queue limit", min = "1",
            description = "Most writes waiting to be committed. Beyond it, new samples and alerts are refused "
                    + "(their futures fail) instead of filling the memory.")
    int maxQueue() default StoreSettings.DEFAULT_MAX_QUEUE;

    @AttributeDefinition(name = "Retention (days)", min = "0",
            description = "Telemetry older than this is deleted at start and hourly. 0 keeps it forever. "
                    + "Alerts are always kept.")
    int retentionDays() default StoreSettings.DEFAULT_RETENTION_DAYS;

    @AttributeDefinition(name = "Synchronous",
            description = "FULL: every commit reaches the disk, a committed batch survives a power loss. "
                    + "NORMAL: faster; a power loss may lose the last commits but never corrupts the file.")
    Synchronous synchronous() default Synchronous.FULL;

    @AttributeDefinition(name = "Busy timeout (ms)", min = "0",
            description = "How long a statement waits for a lock held by another process before it fails "
                    + "(writes are then retried with backoff).")
    int busyTimeoutMillis() default StoreSettings.DEFAULT_BUSY_TIMEOUT_MILLIS;
}
