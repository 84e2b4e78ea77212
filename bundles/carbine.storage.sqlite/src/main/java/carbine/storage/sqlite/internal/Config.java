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

    @AttributeDefinition(name = "Raw samples kept (days)", min = "0",
            description = "Raw samples older than this are deleted at start and hourly; 0 keeps them forever. "
                    + "Replaces retentionDays, which is still read when this is not set. Alerts are always kept.")
    int rawDays() default StoreSettings.DEFAULT_RAW_DAYS;

    @AttributeDefinition(name = "Per-minute aggregates kept (days)", min = "0",
            description = "Min, max, mean, last and state counts per printer and minute; 0 keeps them forever.")
    int minuteDays() default StoreSettings.DEFAULT_MINUTE_DAYS;

    @AttributeDefinition(name = "Per-hour aggregates kept (days)", min = "0",
            description = "The same per printer and hour; 0 keeps them forever.")
    int hourDays() default StoreSettings.DEFAULT_HOUR_DAYS;

    @AttributeDefinition(name = "Synchronous",
            description = "FULL: every commit reaches the disk, a committed batch survives a power loss. "
                    + "NORMAL: faster; a power loss may lose the last commits but never corrupts the file.")
    Synchronous synchronous() default Synchronous.FULL;

    @AttributeDefinition(name = "Busy timeout (ms)", min = "0",
            description = "How long a statement waits for a lock held by another process before it fails "
                    + "(writes are then retried with backoff).")
    int busyTimeoutMillis() default StoreSettings.DEFAULT_BUSY_TIMEOUT_MILLIS;
}
