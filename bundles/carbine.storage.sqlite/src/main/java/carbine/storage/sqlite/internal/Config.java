package carbine.storage.sqlite.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import carbine.config.Range;

/** The one place of each default and range of PID {@value SqliteStoreComponent#PID}; read by {@link ConfigReader}. */
@ObjectClassDefinition(name = "Carbine SQLite storage",
        description = "Telemetry and alert history in an SQLite file (WAL mode, batched writes).")
@interface Config {
    @AttributeDefinition(name = "Database file", required = false,
            description = "Path of the SQLite file. Empty: printer_data.db in the data directory (framework "
                    + "property carbine.data, default 'data'). A relative path is resolved against the data directory.")
    String file() default "";

    @AttributeDefinition(name = "Batch size", min = "1",
            description = "Most rows committed in one transaction.")
    @Range(min = 1)
    int batchSize() default 1000;

    @AttributeDefinition(name = "Queue limit", min = "1",
            description = "Most writes waiting to be committed. Beyond it, new samples and alerts are refused "
                    + "(their futures fail) instead of filling the memory.")
    @Range(min = 1)
    int maxQueue() default 100_000;

    @AttributeDefinition(name = "Raw samples kept (days)", min = "0",
            description = "Raw samples older than this are deleted at start and hourly; 0 keeps them forever. "
                    + "Replaces retentionDays, which is still read when this is not set. Alerts are always kept.")
    @Range(min = 0)
    int rawDays() default 7;

    @AttributeDefinition(name = "Per-minute aggregates kept (days)", min = "0",
            description = "Min, max, mean, last and state counts per printer and minute; 0 keeps them forever.")
    @Range(min = 0)
    int minuteDays() default 90;

    @AttributeDefinition(name = "Per-hour aggregates kept (days)", min = "0",
            description = "The same per printer and hour; 0 keeps them forever.")
    @Range(min = 0)
    int hourDays() default 730;

    @AttributeDefinition(name = "Synchronous",
            description = "FULL: every commit reaches the disk, a committed batch survives a power loss. "
                    + "NORMAL: faster; a power loss may lose the last commits but never corrupts the file.")
    Synchronous synchronous() default Synchronous.FULL;

    @AttributeDefinition(name = "Busy timeout (ms)", min = "0",
            description = "How long a statement waits for a lock held by another process before it fails "
                    + "(writes are then retried with backoff).")
    @Range(min = 0)
    int busyTimeoutMillis() default 5000;
}
