package carbine.storage.sqlite.internal;

import java.util.concurrent.TimeUnit;

/**
 * Reports database write failures without flooding the log: one error line when writing starts failing, one info
 * line when it works again. Used by the writer thread only.
 */
final class FailureEpisode {
    private final StoreLog log;
    private final Object database;
    private boolean failing;
    private int failedAttempts;
    private long startNanos;
    private Exception lastCause;

    FailureEpisode(StoreLog log, Object database) {
        this.log = log;
        this.database = database;
    }

    void failed(String what, Exception e) {
        failedAttempts++;
        lastCause = e;
        if (!failing) {
            failing = true;
            startNanos = System.nanoTime();
            log.error(what + " in " + database + " failed: " + e.getMessage() + ". Nothing is dropped: the writer "
                    + "keeps the rows and retries with backoff (new writes queue up until the queue is full).");
        }
    }

    void succeeded() {
        if (failing) {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
            log.info("writing to " + database + " works again after " + failedAttempts + " failed attempts in "
                    + seconds + " s; the kept rows are committed");
            failing = false;
            failedAttempts = 0;
        }
    }

    Exception lastCause() {
        return lastCause;
    }
}
