package carbine.storage.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import carbine.api.alert.Alert;
import carbine.api.telemetry.TelemetrySample;

/**
 * The one thread that writes: takes the oldest queued batch (at most {@code batchSize} rows), commits it in one
 * transaction, then completes its shared future; between batches it fills the tiers of a migrated file, or runs
 * retention chunks. A failed transaction
 * is rolled back and retried with backoff until it commits: accepted rows are never dropped. Only when the store
 * closes while the database stays unwritable for longer than the close grace are the remaining futures failed.
 *
 * <p><b>Transactions are explicit.</b> The connection is in JDBC auto-commit mode and every attempt runs
 * {@code BEGIN IMMEDIATE} … {@code COMMIT} itself. The driver's own transaction handling (auto-commit off) cannot
 * be trusted after a failure: on SQLITE_FULL, and on some I/O errors, SQLite rolls the whole transaction back by
 * itself; the driver's {@code rollback()} then fails with "no transaction is active" before it issues its next
 * {@code begin}, so the driver believes a transaction is open while SQLite is in auto-commit mode, and a retry
 * commits its rows one statement at a time, again on every retry (issue 9: one sample stored 15 times). Here an
 * attempt runs no statement unless its own {@code BEGIN IMMEDIATE} succeeded, stops at the first failure, and is
 * followed by a {@code ROLLBACK} whose "no transaction is active" is expected and ignored. So a row is either in a
 * committed transaction (and acknowledged once) or in none.
 */
final class BatchWriter implements Runnable {
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5000;

    private final Connection connection;
    private final Object database;
    private final WriteQueue queue;
    private final long closeGraceNanos;
    private final Retention retention;
    private final TierFill fill;
    private final FailureEpisode failures;
    private final StoreLog log;
    /** Completes the futures off this thread, so that callers' callbacks can never stall or deadlock the writer. */
    private final Executor acknowledgements;
    private volatile Batch inHand;
    /** The tiers' upserts, prepared in {@link #run}; writer thread only. */
    private PreparedStatement upsertMinute;
    private PreparedStatement upsertHour;

    /**
     * A unit of work that runs inside one transaction. It changes no state outside the database: what must happen
     * only once the transaction has committed, it returns (a failed attempt is then simply run again).
     */
    private interface Transaction {
        Runnable run() throws SQLException;
    }

    private static final Runnable NOTHING = () -> {};

    BatchWriter(Connection connection, Object database, WriteQueue queue, StoreSettings settings, Retention retention,
            TierFill fill, FailureEpisode failures, StoreLog log, Executor acknowledgements) {
        this.connection = connection;
        this.database = database;
        this.queue = queue;
        this.closeGraceNanos = TimeUnit.MILLISECONDS.toNanos(settings.closeGraceMillis());
        this.retention = retention;
        this.fill = fill;
        this.failures = failures;
        this.log = log;
        this.acknowledgements = acknowledgements;
    }

    /** Rows in the batch being written (or retried); any thread. */
    int rowsInHand() {
        Batch batch = inHand;
        return batch == null ? 0 : batch.rows.size();
    }

    @Override
    public void run() {
        try (connection;
                PreparedStatement insertSample = connection.prepareStatement(TelemetryRows.INSERT);
                PreparedStatement upsertAlert = connection.prepareStatement(AlertRows.UPSERT);
                PreparedStatement upsertMinute = connection.prepareStatement(
                        AggregateRows.upsert(AggregateRows.Tier.MINUTE));
                PreparedStatement upsertHour = connection.prepareStatement(
                        AggregateRows.upsert(AggregateRows.Tier.HOUR))) {
            this.upsertMinute = upsertMinute;
            this.upsertHour = upsertHour;
            writeUntilClosed(insertSample, upsertAlert);
        } catch (Throwable t) {
            // last line of defence (a bug, an Error): without it the thread would die silently with rows in hand
            log.error("the writer of " + database + " stopped: " + t);
            giveUp(t);
        } finally {
            retention.abandon(new IllegalStateException("the store of " + database + " is closed"));
            fill.abandon(new IllegalStateException("the store of " + database + " closed before the tiers were "
                    + "filled; the fill goes on at the next start"));
        }
    }

    private void writeUntilClosed(PreparedStatement insertSample, PreparedStatement upsertAlert)
            throws InterruptedException {
        while (true) {
            // while the tiers are being filled, a chunk follows every batch, and an empty queue is not waited on
            Batch batch = queue.takeBatch(queue.isClosed() || fill.pending() ? 0 : retention.nanosUntilDue());
            if (batch != null) {
                inHand = batch;
                boolean committed = commitWithRetry("writing " + batch.rows.size() + " rows", closeGraceNanos,
                        batch.rows.size(), () -> writeBatch(batch.rows, insertSample, upsertAlert));
                if (!committed) {
                    giveUp(failures.lastCause());
                    return;
                }
                inHand = null;
                acknowledgements.execute(batch::markCommitted);
            } else if (queue.isClosed()) {
                return; // everything queued is committed
            }
            // retention is not worth delaying a shutdown for: on close it is simply given up. Only when it has
            // work: an empty transaction per batch would cost the ingest path for nothing.
            if (!queue.isClosed() && fill.pending()) {
                // before retention: a raw row must be counted in the tiers before it may be deleted
                // false only when the store closes meanwhile: the queued rows are still written (the loop drains
                // the queue), and the fill goes on at the next start
                commitWithRetry("filling the tiers from stored samples", 0, -1, () -> fill.step(connection));
            } else if (!queue.isClosed() && retention.nanosUntilDue() == 0) {
                boolean done = commitWithRetry("deleting old telemetry", 0, -1, () -> retention.step(connection));
                if (!done) {
                    retention.abandon(new IllegalStateException("the store of " + database + " closed"));
                }
            }
        }
    }

    private Runnable writeBatch(List<Object> rows, PreparedStatement insertSample, PreparedStatement upsertAlert)
            throws SQLException {
        insertSample.clearBatch(); // left over by a failed attempt
        upsertAlert.clearBatch();
        List<TelemetrySample> samples = new ArrayList<>(rows.size());
        boolean alerts = false;
        for (Object row : rows) {
            if (row instanceof TelemetrySample sample) {
                TelemetryRows.bind(insertSample, sample);
                insertSample.addBatch();
                samples.add(sample);
            } else {
                if (row instanceof AlertRows.Acted acted) {
                    AlertRows.bind(upsertAlert, acted.alert(), acted.actor());
                } else {
                    AlertRows.bind(upsertAlert, (Alert) row, null);
                }
                upsertAlert.addBatch();
                alerts = true;
            }
        }
        // the tables, one transaction: the order within each table is the queue's order. A failing statement
        // throws, so nothing runs after it: SQLite may already have rolled the transaction back. The tiers are
        // computed from the batch itself, in the same transaction as its raw rows: they commit together or not at
        // all, and a retry computes them again from the same rows, so no sample is ever counted twice.
        if (!samples.isEmpty()) {
            insertSample.executeBatch();
            AggregateRows.write(samples, upsertMinute, upsertHour);
        }
        if (alerts) {
            upsertAlert.executeBatch();
        }
        return NOTHING;
    }

    /**
     * Runs the transaction until it commits, rolling back and waiting with growing backoff after each failure.
     * Returns false only if the store is closed and the transaction still fails after {@code graceNanos}.
     *
     * @param rows rows the transaction writes, for the recovery log line; -1 for other work
     */
    private boolean commitWithRetry(String what, long graceNanos, int rows, Transaction transaction)
            throws InterruptedException {
        long backoffMillis = FIRST_BACKOFF_MILLIS;
        long closedSince = 0;
        while (true) {
            try {
                Runnable afterCommit = inTransaction(transaction);
                afterCommit.run();
                failures.succeeded(rows, queue.size());
                return true;
            } catch (SQLException | RuntimeException e) {
                failures.failed(what, e, rowsInHand() + queue.size());
            }
            if (queue.isClosed()) {
                long now = System.nanoTime();
                if (closedSince == 0) {
                    closedSince = now;
                }
                long graceLeftMillis = TimeUnit.NANOSECONDS.toMillis(graceNanos - (now - closedSince));
                if (graceLeftMillis <= 0) {
                    return false;
                }
                TimeUnit.MILLISECONDS.sleep(Math.min(backoffMillis, graceLeftMillis));
            } else {
                queue.awaitClosed(backoffMillis, TimeUnit.MILLISECONDS); // closing cuts the wait short
            }
            backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
        }
    }

    /**
     * One attempt: {@code BEGIN IMMEDIATE}, the work, {@code COMMIT}; on any failure {@code ROLLBACK}. IMMEDIATE
     * takes the write lock at once (waiting up to the busy timeout), so a transaction never fails half-way for a
     * lock it could not upgrade to.
     */
    private Runnable inTransaction(Transaction transaction) throws SQLException {
        try (Statement s = connection.createStatement()) {
            try {
                s.execute("BEGIN IMMEDIATE");
                Runnable afterCommit = transaction.run();
                s.execute("COMMIT");
                return afterCommit;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(s);
                throw e;
            }
        }
    }

    /** Fails the futures of every row not committed: the batch in hand and the queue. Closes the queue for good. */
    private void giveUp(Throwable cause) {
        List<Batch> lost = new ArrayList<>();
        if (inHand != null) {
            lost.add(inHand);
            inHand = null;
        }
        lost.addAll(queue.closeAndTakeAll());
        int rows = lost.stream().mapToInt(batch -> batch.rows.size()).sum();
        if (rows == 0) {
            return;
        }
        log.error("gave up writing to " + database + ": " + rows + " accepted rows were NOT stored (their "
                + "futures fail); last error: " + cause);
        IllegalStateException failure = new IllegalStateException(
                "not stored: the store of " + database + " closed while the database could not be written", cause);
        acknowledgements.execute(() -> lost.forEach(batch -> batch.markFailed(failure)));
    }

    private static void rollbackQuietly(Statement s) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // "no transaction is active": SQLite rolled it back by itself (SQLITE_FULL, some I/O errors), or BEGIN
            // failed. Either way nothing of the attempt is left, and the next attempt starts with its own BEGIN.
        }
    }
}
