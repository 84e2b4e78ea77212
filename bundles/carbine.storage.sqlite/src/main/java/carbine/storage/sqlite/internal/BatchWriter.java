package carbine.storage.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import carbine.api.alert.Alert;
import carbine.api.telemetry.TelemetrySample;

/**
 * The one thread that writes: takes the oldest queued batch (at most {@code batchSize} rows), commits it in one
 * transaction, then completes its shared future; between batches it runs retention chunks. A failed transaction
 * is rolled back and retried with backoff until it commits: accepted rows are never dropped. Only when the store
 * closes while the database stays unwritable for longer than the close grace are the remaining futures failed.
 */
final class BatchWriter implements Runnable {
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5000;

    private final Connection connection;
    private final Object database;
    private final WriteQueue queue;
    private final long closeGraceNanos;
    private final Retention retention;
    private final FailureEpisode failures;
    private final StoreLog log;
    /** Completes the futures off this thread, so that callers' callbacks can never stall or deadlock the writer. */
    private final Executor acknowledgements;
    private Batch inHand;

    /** A unit of work that runs in one transaction. */
    private interface Transaction {
        void run() throws SQLException;
    }

    BatchWriter(Connection connection, Object database, WriteQueue queue, StoreSettings settings, Retention retention,
            StoreLog log, Executor acknowledgements) {
        this.connection = connection;
        this.database = database;
        this.queue = queue;
        this.closeGraceNanos = TimeUnit.MILLISECONDS.toNanos(settings.closeGraceMillis());
        this.retention = retention;
        this.failures = new FailureEpisode(log, database);
        this.log = log;
        this.acknowledgements = acknowledgements;
    }

    @Override
    public void run() {
        try (connection;
                PreparedStatement insertSample = connection.prepareStatement(TelemetryRows.INSERT);
                PreparedStatement upsertAlert = connection.prepareStatement(AlertRows.UPSERT)) {
            writeUntilClosed(insertSample, upsertAlert);
        } catch (Throwable t) {
            // last line of defence (a bug, an Error): without it the thread would die silently with rows in hand
            log.error("the writer of " + database + " stopped: " + t);
            giveUp(t);
        } finally {
            retention.abandon(new IllegalStateException("the store of " + database + " is closed"));
        }
    }

    private void writeUntilClosed(PreparedStatement insertSample, PreparedStatement upsertAlert)
            throws InterruptedException {
        while (true) {
            Batch batch = queue.takeBatch(queue.isClosed() ? 0 : retention.nanosUntilDue());
            if (batch != null) {
                inHand = batch;
                boolean committed = commitWithRetry("writing " + batch.rows.size() + " rows", closeGraceNanos,
                        () -> writeBatch(batch.rows, insertSample, upsertAlert));
                if (!committed) {
                    giveUp(failures.lastCause());
                    return;
                }
                inHand = null;
                acknowledgements.execute(batch::markCommitted);
            } else if (queue.isClosed()) {
                return; // everything queued is committed
            }
            if (!queue.isClosed()) {
                // retention is not worth delaying a shutdown for: on close it is simply given up
                boolean done = commitWithRetry("deleting old telemetry", 0, () -> retention.step(connection));
                if (!done) {
                    retention.abandon(new IllegalStateException("the store of " + database + " closed"));
                }
            }
        }
    }

    private void writeBatch(List<Object> rows, PreparedStatement insertSample, PreparedStatement upsertAlert)
            throws SQLException {
        insertSample.clearBatch(); // left over by a failed attempt
        upsertAlert.clearBatch();
        boolean samples = false;
        boolean alerts = false;
        for (Object row : rows) {
            if (row instanceof TelemetrySample sample) {
                TelemetryRows.bind(insertSample, sample);
                insertSample.addBatch();
                samples = true;
            } else {
                AlertRows.bind(upsertAlert, (Alert) row);
                upsertAlert.addBatch();
                alerts = true;
            }
        }
        // two tables, one transaction: the order within each table is the queue's order
        if (samples) {
            insertSample.executeBatch();
        }
        if (alerts) {
            upsertAlert.executeBatch();
        }
        connection.commit();
    }

    /**
     * Runs the transaction until it commits, rolling back and waiting with growing backoff after each failure.
     * Returns false only if the store is closed and the transaction still fails after {@code graceNanos}.
     */
    private boolean commitWithRetry(String what, long graceNanos, Transaction transaction)
            throws InterruptedException {
        long backoffMillis = FIRST_BACKOFF_MILLIS;
        long closedSince = 0;
        while (true) {
            try {
                transaction.run();
                failures.succeeded();
                return true;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                failures.failed(what, e);
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

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the failed transaction is gone either way; the next attempt starts a new one
        }
    }
}
