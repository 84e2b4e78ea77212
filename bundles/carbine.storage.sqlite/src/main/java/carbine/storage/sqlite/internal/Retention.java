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
 * Deletes telemetry older than the retention period of its tier (raw samples, minute and hour aggregates): at
 * start, then hourly, and when asked. A run deletes one chunk per {@link #step} (one transaction), and the writer
 * commits queued writes between steps, so a large deletion never holds up ingestion for long. Alerts are kept
 * forever (they are few).
 *
 * <p>The cut-off is wall-clock time minus the period: retention is about how long data stays on disk, not about
 * event time, and a printer with a wrong clock must not be able to wipe the history of the others.
 *
 * <p>{@link #step}, its returned actions and {@link #nanosUntilDue} run on the writer thread only; {@link #request} on any thread.
 */
final class Retention {
    static final int CHUNK_ROWS = 5000;
    private static final long PERIOD_NANOS = TimeUnit.HOURS.toNanos(1);

    /** A table whose old rows are deleted: the raw samples or a tier. */
    private record Target(String name, int days, String firstPrinter, String nextPrinter, String deleteChunk,
            long bucketMillis) {
        /** Rows older than this are deleted: a bucket only once all of it is older than the period. */
        long cutoff(Instant now) {
            long cutoff = now.minus(Duration.ofDays(days)).toEpochMilli();
            return bucketMillis == 0 ? cutoff : cutoff - bucketMillis + 1;
        }

        int deleteChunk(Connection c, String printer, long cutoffMillis) throws SQLException {
            try (PreparedStatement delete = c.prepareStatement(deleteChunk)) {
                int i = 1;
                delete.setString(i++, printer);
                delete.setLong(i++, cutoffMillis);
                delete.setInt(i, CHUNK_ROWS);
                return delete.executeUpdate();
            }
        }
    }

    private final List<Target> targets = new ArrayList<>();
    private final int rawDays;
    private final Clock clock;
    private final StoreLog log;
    private long nextRunNanos = System.nanoTime(); // the first run is due at once
    private Run run;
    private final List<CompletableFuture<Long>> requests = new ArrayList<>(); // guarded by this
    private Exception abandonedBecause; // guarded by this

    /** One pass over every target, in order; of the first target left, the printers left (null: not listed yet). */
    private static final class Run {
        final Instant now;
        final ArrayDeque<Target> targets;
        ArrayDeque<String> printers; // of the first target, null until listed
        final long[] deleted; // per target, in the order of the retention's targets
        final List<CompletableFuture<Long>> waiting;

        Run(Instant now, List<Target> targets, List<CompletableFuture<Long>> waiting) {
            this.now = now;
            this.targets = new ArrayDeque<>(targets);
            this.deleted = new long[targets.size()];
            this.waiting = waiting;
        }
    }

    Retention(StoreSettings settings, Clock clock, StoreLog log) {
        this.rawDays = settings.rawDays();
        this.clock = clock;
        this.log = log;
        if (settings.rawDays() > 0) {
            targets.add(new Target("telemetry samples", settings.rawDays(), TelemetryRows.FIRST_PRINTER,
                    TelemetryRows.NEXT_PRINTER, TelemetryRows.DELETE_OLD_CHUNK, 0));
        }
        addTier(AggregateRows.Tier.MINUTE, "minute aggregates", settings.minuteDays());
        addTier(AggregateRows.Tier.HOUR, "hour aggregates", settings.hourDays());
    }

    private void addTier(AggregateRows.Tier tier, String name, int days) {
        if (days > 0) {
            targets.add(new Target(name, days, AggregateRows.firstPrinter(tier), AggregateRows.nextPrinter(tier),
                    AggregateRows.deleteOldChunk(tier), tier.millis));
        }
    }

    /** Asks for a run now; completes with the number of deleted raw samples (0 when nothing is ever deleted). */
    CompletableFuture<Long> request() {
        if (targets.isEmpty()) {
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
        if (targets.isEmpty()) {
            return Long.MAX_VALUE;
        }
        if (run != null || hasRequests()) {
            return 0;
        }
        return Math.max(0, nextRunNanos - System.nanoTime());
    }

    /**
     * Does the next piece of work if a run is due or under way: starts a run, lists the printers of a table, or
     * deletes one chunk. Runs inside the writer's transaction and changes nothing of the run itself: that is in
     * the returned action, which the writer calls only after the transaction committed. A failed attempt (a full
     * disk) is thus simply repeated, and the count of deleted rows stays exact.
     */
    Runnable step(Connection c) throws SQLException {
        if (targets.isEmpty()) {
            return () -> {};
        }
        if (run == null) {
            if (nanosUntilDue() > 0) {
                return () -> {};
            }
            Instant now = clock.instant();
            return () -> {
                List<CompletableFuture<Long>> waiting;
                synchronized (this) {
                    waiting = new ArrayList<>(requests);
                    requests.clear();
                }
                run = new Run(now, targets, waiting);
            };
        }
        Target target = run.targets.peekFirst();
        if (target == null) {
            return this::finish;
        }
        Run current = run;
        if (current.printers == null) {
            List<String> printers;
            try (PreparedStatement first = c.prepareStatement(target.firstPrinter());
                    PreparedStatement next = c.prepareStatement(target.nextPrinter())) {
                printers = TelemetryRows.printerIds(first, next);
            }
            // the read ends with its transaction, so the deletions start from a fresh snapshot
            return () -> current.printers = new ArrayDeque<>(printers);
        }
        String printer = current.printers.peekFirst();
        if (printer == null) {
            return () -> {
                current.targets.pollFirst();
                current.printers = null;
            };
        }
        int deleted = target.deleteChunk(c, printer, target.cutoff(current.now));
        int index = targets.indexOf(target);
        return () -> {
            current.deleted[index] += deleted;
            if (deleted < CHUNK_ROWS) {
                current.printers.pollFirst();
            }
        };
    }

    /** Raw samples deleted by the run: the first target when raw samples are deleted at all. */
    private long rawDeleted() {
        return rawDays > 0 ? run.deleted[0] : 0;
    }

    private void finish() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            if (run.deleted[i] > 0) {
                parts.add(run.deleted[i] + " " + t.name() + " older than "
                        + Instant.ofEpochMilli(t.cutoff(run.now) + (t.bucketMillis() == 0 ? 0 : t.bucketMillis() - 1))
                        + " (" + t.days() + " days)");
            }
        }
        if (!parts.isEmpty()) {
            log.info("retention: deleted " + String.join("; ", parts));
        }
        long raw = rawDeleted();
        for (CompletableFuture<Long> f : run.waiting) {
            f.complete(raw);
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
}
