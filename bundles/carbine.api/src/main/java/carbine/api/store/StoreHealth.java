package carbine.api.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether a store really writes what it accepts. A store can be present as a service and still fail every write
 * (a full disk, a lock held by another process): this says which, why, and since when.
 *
 * @param status      {@link Status#WRITING}, {@link Status#FAILING} or {@link Status#STOPPED}
 * @param since       wall-clock time at which this status began
 * @param reason      why it is failing or stopped, e.g. "disk full: database or disk is full"; null while writing
 * @param rowsWaiting accepted rows not yet committed (kept in memory, retried)
 */
public record StoreHealth(Status status, Instant since, String reason, long rowsWaiting) {
    public enum Status {
        /** The last write attempt committed (or nothing has failed yet). */
        WRITING,
        /** Writes fail and are retried; accepted rows are kept, new ones queue up to the store's limit. */
        FAILING,
        /** The store is closed: it accepts nothing more. */
        STOPPED
    }

    public StoreHealth {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(since, "since");
        if (status != Status.WRITING) {
            Objects.requireNonNull(reason, "reason");
        }
    }

    public static StoreHealth writing(Instant since, long rowsWaiting) {
        return new StoreHealth(Status.WRITING, since, null, rowsWaiting);
    }

    public static StoreHealth failing(Instant since, String reason, long rowsWaiting) {
        return new StoreHealth(Status.FAILING, since, reason, rowsWaiting);
    }

    public static StoreHealth stopped(Instant since, String reason) {
        return new StoreHealth(Status.STOPPED, since, reason, 0);
    }

    public boolean isWriting() {
        return status == Status.WRITING;
    }
}
