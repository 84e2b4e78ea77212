package carbine.storage.sqlite.internal;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Reports database write failures without flooding the log: one error line when writing starts failing, one info
 * line when it works again. {@link #failed} and {@link #succeeded} are called by the writer thread only; the
 * reason and start of the episode under way are published for {@link SqliteStore#health()}.
 */
final class FailureEpisode {
    private final StoreLog log;
    private final Object database;
    private boolean failing;
    private volatile int failedAttempts; // written by the writer only; read by tests
    private long startNanos;
    private Exception lastCause;
    /** Null while writing; read by other threads. */
    private volatile Episode current;
    /** When the last episode ended; null if there was none. Read by other threads. */
    private volatile Instant recoveredAt;

    /** What {@link SqliteStore#health()} needs to know of the failure under way. */
    record Episode(Instant since, String reason) {}

    FailureEpisode(StoreLog log, Object database) {
        this.log = log;
        this.database = database;
    }

    void failed(String what, Exception e) {
        failed(what, e, -1);
    }

    /** @param rowsWaiting accepted rows not yet committed (in hand and queued), or -1 when unknown */
    void failed(String what, Exception e, long rowsWaiting) {
        failedAttempts++;
        lastCause = e;
        String reason = reason(e);
        if (!failing) {
            failing = true;
            startNanos = System.nanoTime();
            current = new Episode(Instant.now(), reason);
            log.error(what + " in " + database + " failed: " + e.getMessage() + " (" + kind(e)
                    + (rowsWaiting >= 0 ? ": " + rowsWaiting + " rows waiting" : "") + "). Nothing is dropped: the "
                    + "writer keeps the rows and retries with backoff (new writes queue up until the queue is full).");
        } else if (!reason.equals(current.reason())) {
            // same episode (not logged again), but health tells the cause of now: a lock can turn into a full disk
            current = new Episode(current.since(), reason);
        }
    }

    void succeeded() {
        succeeded(-1, -1);
    }

    /**
     * @param rowsWritten rows committed by the transaction that just succeeded, or -1 when not a write of rows
     * @param rowsWaiting rows still queued behind it, or -1 when unknown
     */
    void succeeded(long rowsWritten, long rowsWaiting) {
        if (failing) {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
            log.info("writing to " + database + " works again after " + failedAttempts + " failed attempts in "
                    + seconds + " s (" + current.reason() + "); the kept rows are committed"
                    + (rowsWritten >= 0 ? ": " + rowsWritten + " rows written now" : "")
                    + (rowsWaiting > 0 ? ", " + rowsWaiting + " queued rows follow" : ""));
            failing = false;
            failedAttempts = 0;
            recoveredAt = Instant.now();
            current = null;
        }
    }

    /** Failed attempts in the episode under way (0 while writing). Any thread. */
    int failedAttempts() {
        return failedAttempts;
    }

    Exception lastCause() {
        return lastCause;
    }

    /** When writing worked again after the last failure episode; null if none ended yet. Any thread. */
    Instant recoveredAt() {
        return recoveredAt;
    }

    /** The failure under way, or null while writing works. Any thread. */
    Episode current() {
        return current;
    }

    /** Short kind of failure plus SQLite's message, e.g. "disk full: database or disk is full". */
    static String reason(Exception e) {
        return kind(e) + ": " + e.getMessage();
    }

    /**
     * What kind of failure this is, in an operator's words. The result code is taken from the exception chain;
     * {@code executeBatch} wraps the driver's exception in a BatchUpdateException with the code only in the
     * message, so the message is the fallback.
     */
    static String kind(Exception e) {
        int code = -1;
        for (Throwable t = e; t != null && code < 0; t = t.getCause()) {
            if (t instanceof SQLiteException se) {
                code = se.getResultCode().code & 0xff; // the primary code: extended I/O errors are I/O errors
            }
        }
        String message = String.valueOf(e.getMessage());
        if (code == SQLiteErrorCode.SQLITE_FULL.code || message.contains("SQLITE_FULL")
                || message.contains("disk is full")) {
            return "disk full";
        }
        if (code == SQLiteErrorCode.SQLITE_IOERR.code || message.contains("SQLITE_IOERR")
                || message.contains("I/O error")) {
            return "I/O error";
        }
        if (code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code
                || message.contains("SQLITE_BUSY") || message.contains("locked")) {
            return "database locked";
        }
        return "write error";
    }
}
