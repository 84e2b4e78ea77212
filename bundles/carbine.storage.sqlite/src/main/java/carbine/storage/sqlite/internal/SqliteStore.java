package carbine.storage.sqlite.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import carbine.api.alert.Alert;
import carbine.api.store.AlertStore;
import carbine.api.store.History;
import carbine.api.store.StoreBackup;
import carbine.api.store.StoreHealth;
import carbine.api.store.TelemetryStore;
import carbine.api.telemetry.TelemetrySample;

/**
 * Telemetry and alert history in one SQLite file (WAL). Writes are queued and committed in batches by one writer
 * thread; each returned future completes only after the transaction holding its row committed. Reads use a
 * separate connection. Thread-safe. {@link #close()} commits everything queued before it returns.
 */
public final class SqliteStore implements TelemetryStore, AlertStore, StoreBackup, AutoCloseable {
    /** The database file's name in the data directory, unless configured otherwise. */
    public static final String DEFAULT_FILE_NAME = "printer_data.db";

    private final Path file;
    private final StoreSettings settings;
    private final int maxQueue;
    private final WriteQueue queue;
    private final Retention retention;
    private final TierFill fill;
    private final HistoryReader reader;
    private final HistoryQuery history;
    private final Thread writerThread;
    private final BatchWriter writer;
    private final FailureEpisode failures;
    /** The writer's connection, used by this class only for {@link #limitPagesForTest}. */
    private final Connection writerConnection;
    private final Instant openedAt = Instant.now();
    private volatile Instant closedAt;
    private final ExecutorService acknowledgements;
    private final StoreLog log;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean rejecting = new AtomicBoolean();
    private final AtomicLong rejected = new AtomicLong();

    private SqliteStore(Path file, StoreSettings settings, StoreLog log, Clock clock, Connection writer,
            HistoryReader reader) {
        this.file = file;
        this.settings = settings;
        this.maxQueue = settings.maxQueue();
        this.log = log;
        this.queue = new WriteQueue(settings.maxQueue(), settings.batchSize());
        this.retention = new Retention(settings, clock, log);
        this.reader = reader;
        this.history = new HistoryQuery(reader, settings, clock);
        this.acknowledgements = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "carbine-sqlite-acks");
            t.setDaemon(true);
            return t;
        });
        this.failures = new FailureEpisode(log, file);
        this.writerConnection = writer;
        this.fill = new TierFill(log, file);
        this.writer = new BatchWriter(writer, file, queue, settings, retention, fill, failures, log,
                acknowledgements);
        // not a daemon: the JVM must not exit with committed-but-unacknowledged or queued rows
        this.writerThread = new Thread(this.writer, "carbine-sqlite-writer");
    }

    /** Opens (creating if needed) the database file; retention uses the system clock. */
    public static SqliteStore open(Path file, StoreSettings settings, StoreLog log) throws StoreOpenException {
        return open(file, settings, log, Clock.systemUTC());
    }

    /**
     * Opens (creating if needed) the database file: checks it, migrates the schema, starts the writer.
     *
     * @throws StoreOpenException if the directory is not writable, the file is damaged, foreign, of a newer schema
     *                            version or locked for longer than the busy timeout; the file is then left as it was
     */
    public static SqliteStore open(Path file, StoreSettings settings, StoreLog log, Clock clock)
            throws StoreOpenException {
        Connection writer = Database.openWriter(file, settings);
        HistoryReader reader;
        try {
            reader = new HistoryReader(Database.openReader(file, settings), file);
        } catch (StoreOpenException | SQLException | RuntimeException e) {
            Database.closeQuietly(writer);
            if (e instanceof StoreOpenException open) {
                throw open;
            }
            throw new StoreOpenException("cannot prepare the queries on " + file + ": " + e.getMessage(), e);
        }
        SqliteStore store = new SqliteStore(file, settings, log, clock, writer, reader);
        store.writerThread.start();
        return store;
    }

    public Path file() {
        return file;
    }

    /**
     * {@inheritDoc} Fails at once when the queue is full (back pressure) or the store is closed. Samples committed
     * in the same transaction share one stage, which callers cannot complete.
     */
    @Override
    public CompletionStage<Void> store(TelemetrySample sample) {
        Objects.requireNonNull(sample, "sample");
        if (!EpochMillis.fits(sample.time())) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "time " + sample.time() + " of a sample of printer " + sample.printerId() + " cannot be stored"));
        }
        return enqueue(sample);
    }

    /** {@inheritDoc} Goes through the same queue as the samples, so writes are committed in call order. */
    @Override
    public CompletionStage<Void> saveAlert(Alert alert) {
        return saveAlert(alert, null);
    }

    /** {@inheritDoc} The actor goes in the column {@code acknowledged_by}. */
    @Override
    public CompletionStage<Void> saveAlert(Alert alert, String actor) {
        Objects.requireNonNull(alert, "alert");
        if (!AlertRows.fits(alert)) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException("a time of alert " + alert.id() + " cannot be stored: " + alert));
        }
        return enqueue(actor == null ? alert : new AlertRows.Acted(alert, actor));
    }

    @Override
    public Optional<String> acknowledgedBy(String alertId) {
        return reader.acknowledgedBy(alertId);
    }

    private CompletionStage<Void> enqueue(Object row) {
        Batch batch = queue.offer(row);
        if (batch != null) {
            if (rejecting.get()) {
                endRejecting();
            }
            return batch.stage;
        }
        if (queue.isClosed()) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("not stored: the store of " + file + " is closed"));
        }
        startRejecting();
        return CompletableFuture.failedFuture(new RejectedExecutionException("not stored: " + maxQueue
                + " writes are already waiting for " + file + " (the database is slow or cannot be written); "
                + "try again later"));
    }

    private void startRejecting() {
        rejected.incrementAndGet();
        if (rejecting.compareAndSet(false, true)) {
            log.error("the write queue of " + file + " is full (" + maxQueue + " waiting): rejecting new samples "
                    + "and alerts (their futures fail) until the writer catches up");
        }
    }

    private void endRejecting() {
        if (rejecting.compareAndSet(true, false)) {
            log.info("the write queue of " + file + " accepts writes again; " + rejected.getAndSet(0)
                    + " writes were rejected");
        }
    }

    /**
     * {@inheritDoc} On a connection of its own, in one read transaction: writes and queries go on meanwhile.
     */
    @Override
    public StoreBackup.Result backup(Path target) throws IOException {
        if (closed.get()) {
            throw new IOException("the store of " + file + " is closed");
        }
        return Backup.run(file, settings, target);
    }

    /**
     * Completes once the tiers hold every sample stored before them (a file migrated from schema version 1 is
     * filled in the background), with the number filled in; at once with 0 for a file that needed nothing.
     */
    CompletableFuture<Long> tiersFilled() {
        return fill.done();
    }

    /** Starts a retention run now; completes with the number of deleted samples. */
    public CompletableFuture<Long> runRetention() {
        CompletableFuture<Long> done = retention.request();
        queue.wakeUp();
        return done;
    }

    /**
     * {@inheritDoc} WRITING (since the store opened or last recovered) until a write fails; FAILING from the first failed attempt until an attempt commits
     * again (the writer retries by itself); STOPPED once closed, or when the writer gave up.
     */
    @Override
    public StoreHealth health() {
        long waiting = writer.rowsInHand() + (long) queue.size();
        Instant closed = closedAt;
        if (closed != null) {
            return StoreHealth.stopped(closed, "the store of " + file + " is closed");
        }
        if (!writerThread.isAlive() && queue.isClosed()) { // a bug stopped the writer (it logged why)
            return StoreHealth.stopped(openedAt, "the writer of " + file + " stopped; see the log");
        }
        FailureEpisode.Episode episode = failures.current();
        Instant recovered = failures.recoveredAt();
        return episode == null ? StoreHealth.writing(recovered == null ? openedAt : recovered, waiting)
                : StoreHealth.failing(episode.since(), episode.reason(), waiting);
    }

    /**
     * Test hook: {@code PRAGMA max_page_count} on the writer's connection, so that SQLite answers SQLITE_FULL
     * ("database or disk is full") when the file would grow beyond it, exactly as on a full disk. It cannot go
     * below the current size (SQLite then keeps the current size). Another thread may use the connection: the
     * driver serialises its calls, and the pragma is a setting of the connection, not part of a transaction.
     *
     * @return the limit now in force, in pages
     */
    long limitPagesForTest(long maxPageCount) throws SQLException {
        try (java.sql.Statement s = writerConnection.createStatement();
                java.sql.ResultSet rs = s.executeQuery("PRAGMA max_page_count = " + maxPageCount)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    /** Failed write attempts in the failure episode under way; 0 while writing works. */
    int failedAttempts() {
        return failures.failedAttempts();
    }

    /** How many rows wait for the writer (not counting the batch being written). */
    public int queued() {
        return queue.size();
    }

    @Override
    public List<TelemetrySample> samples(String printerId, Instant from, Instant to) {
        return reader.samples(printerId, from, to);
    }

    @Override
    public History history(String printerId, Instant from, Instant to, int maxPoints) {
        return history.history(printerId, from, to, maxPoints);
    }

    @Override
    public long count(String printerId, Instant from, Instant to) {
        return reader.count(printerId, from, to);
    }

    @Override
    public Optional<TelemetrySample> latest(String printerId) {
        return reader.latest(printerId);
    }

    @Override
    public List<String> printerIds() {
        return reader.printerIds();
    }

    @Override
    public List<Alert> alerts(Instant from, Instant to, int limit) {
        return reader.alerts(from, to, limit);
    }

    @Override
    public List<Alert> openAlerts() {
        return reader.openAlerts();
    }

    /**
     * Refuses new writes, commits everything queued and closes the file. When this returns, every future handed
     * out is complete. If the database cannot be written, retries for the close grace, then fails what is left.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closedAt = Instant.now();
        queue.close();
        boolean interrupted = false;
        while (writerThread.isAlive()) {
            try {
                writerThread.join();
            } catch (InterruptedException e) {
                interrupted = true; // the queued rows must still be committed; keep waiting, restore the flag
            }
        }
        acknowledgements.shutdown();
        try {
            if (!acknowledgements.awaitTermination(1, TimeUnit.MINUTES)) {
                log.error("completing the futures of " + file + " takes longer than a minute");
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        reader.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
