package carbine.storage.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Deletes telemetry older than the retention period: at start, then hourly, and when asked. A run deletes one
 * chunk per {@link #step} (one transaction), and the writer commits queued writes between steps, so a large
 * deletion never holds up ingestion for long. Alerts are kept forever (they are few).
 *
 * <p>The cut-off is wall-clock time minus the period: retention is about how long data stays on disk, not about
 * event time, and a printer with a wrong clock must not be able to wipe the history of the others.
 *
 * <p>{@link #step}, its returned actions and {@link #nanosUntilDue} run on the writer thread only; {@link #request} on any thread.
 */
final class Retention {
    static final int CHUNK_ROWS = 5000;
    private static final long PERIOD_NANOS = TimeUnit.HOURS.toNanos(1);

    private final int days;
    private final Clock clock;
    private final StoreLog log;
    private long nextRunNanos = System.nanoTime(); // the first run is due at once
    private Run run;
    private final List<CompletableFuture<Long>> requests = new ArrayList<>(); // guarded by this
    private Exception abandonedBecause; // guarded by this

    private static final class Run {
        final long cutoffMillis;
        final ArrayDeque<String> printers;
        final List<CompletableFuture<Long>> waiting;
        long deleted;

        Run(long cutoffMillis, ArrayDeque<String> printers, List<CompletableFuture<Long>> waiting) {
            this.cutoffMillis = cutoffMillis;
            this.printers = printers;
            this.waiting = waiting;
        }
    }

    Retention(int days, Clock clock, StoreLog log) {
        this.days = days;
        this.clock = clock;
        this.log = log;
    }

    /** Asks for a run now; completes with the number of deleted samples (0 when retention is off). */
    CompletableFuture<Long> request() {
        if (days == 0) {
            return CompletableFuture.completedFuture(0L);
        }
        CompletableFuture<Long> done = new CompletableFuture<>();
        synchronized (this) {
            if (abandonedBecause != null) {
                done.completeExceptionally(abandonedBecause);
            } else {
                requests.add(done);
            }
        }
        return done;
    }

    /** How long the writer may wait for writes before the next {@link #step} has work; 0 when it has now. */
    long nanosUntilDue() {
        if (days == 0) {
            return Long.MAX_VALUE;
        }
        if (run != null || hasRequests()) {
            return 0;
        }
        return Math.max(0, nextRunNanos - System.nanoTime());
    }

    /**
     * Does the next piece of work if a run is due or under way: starts a run, or deletes one chunk. Runs inside
     * the writer's transaction and changes nothing of the run itself: that is in the returned action, which the
     * writer calls only after the transaction committed. A failed attempt (a full disk) is thus simply repeated,
     * and the count of deleted rows stays exact.
     */
    Runnable step(Connection c) throws SQLException {
        if (days == 0) {
            return () -> {};
        }
        if (run == null) {
            if (nanosUntilDue() > 0) {
                return () -> {};
            }
            return start(c);
        }
        String printer = run.printers.peekFirst();
        if (printer == null) {
            return this::finish;
        }
        int deleted = deleteChunk(c, printer, run.cutoffMillis);
        Run current = run;
        return () -> {
            current.deleted += deleted;
            if (deleted < CHUNK_ROWS) {
                current.printers.pollFirst();
            }
        };
    }

    private Runnable start(Connection c) throws SQLException {
        long cutoff = clock.instant().minus(Duration.ofDays(days)).toEpochMilli();
        ArrayDeque<String> printers;
        try (PreparedStatement first = c.prepareStatement(TelemetryRows.FIRST_PRINTER);
                PreparedStatement next = c.prepareStatement(TelemetryRows.NEXT_PRINTER)) {
            printers = new ArrayDeque<>(TelemetryRows.printerIds(first, next));
        }
        // the read ends with its transaction, so the deletions start from a fresh snapshot
        return () -> {
            List<CompletableFuture<Long>> waiting;
            synchronized (this) {
                waiting = new ArrayList<>(requests);
                requests.clear();
            }
            run = new Run(cutoff, printers, waiting);
        };
    }

    private void finish() {
        if (run.deleted > 0) {
            log.info("retention: deleted " + run.deleted + " telemetry samples older than "
                    + Instant.ofEpochMilli(run.cutoffMillis) + " (" + days + " days)");
        }
        for (CompletableFuture<Long> f : run.waiting) {
            f.complete(run.deleted);
        }
        run = null;
        nextRunNanos = System.nanoTime() + PERIOD_NANOS;
    }

    /** Gives up the run under way and every request (the store is closing). */
    void abandon(Exception cause) {
        List<CompletableFuture<Long>> waiting = new ArrayList<>();
        if (run != null) {
            waiting.addAll(run.waiting);
            run = null;
        }
        synchronized (this) {
            abandonedBecause = cause;
            waiting.addAll(requests);
            requests.clear();
        }
        waiting.forEach(f -> f.completeExceptionally(cause));
    }

    private synchronized boolean hasRequests() {
        return !requests.isEmpty();
    }

    private static int deleteChunk(Connection c, String printer, long cutoffMillis) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(TelemetryRows.DELETE_OLD_CHUNK)) {
            delete.setString(1, printer);
            delete.setLong(2, cutoffMillis);
            delete.setInt(3, CHUNK_ROWS);
            return delete.executeUpdate();
        }
    }
}
