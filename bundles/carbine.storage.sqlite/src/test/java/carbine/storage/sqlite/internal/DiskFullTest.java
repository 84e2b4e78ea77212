package carbine.storage.sqlite.internal;

import static carbine.storage.sqlite.internal.Samples.DEADLINE;
import static carbine.storage.sqlite.internal.Samples.SETTINGS;
import static carbine.storage.sqlite.internal.Samples.T0;
import static carbine.storage.sqlite.internal.Samples.alert;
import static carbine.storage.sqlite.internal.Samples.awaitAll;
import static carbine.storage.sqlite.internal.Samples.full;
import static carbine.storage.sqlite.internal.Samples.storeSeries;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertState;
import carbine.api.store.StoreHealth;

/**
 * Issue 9: a full disk. SQLite answers SQLITE_FULL when the file may not grow: here because {@code PRAGMA
 * max_page_count} forbids it (portable, no root needed), in {@link FullFileSystemTest} because the file system is
 * full. SQLite then rolls the transaction back by itself; the store must keep the rows, store none of them twice,
 * and resume by itself when there is room again.
 */
class DiskFullTest {
    /** Lifts the limit again: SQLite's largest page count. */
    static final long NO_LIMIT = 4294967294L;

    @TempDir
    Path dir;
    Path file;
    RecordingLog log = new RecordingLog();
    SqliteStore store;

    @BeforeEach
    void setUp() {
        file = dir.resolve("printer_data.db");
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    /** Lets the file grow no more: SQLite keeps the current size as the limit. */
    private void diskFull() throws Exception {
        store.limitPagesForTest(1);
    }

    private void roomAgain() throws Exception {
        store.limitPagesForTest(NO_LIMIT);
    }

    /** The write-failure error line, once the writer has retried at least twice more without success. */
    private String awaitFailingRetries() {
        return awaitFailingRetries(store, log);
    }

    static String awaitFailingRetries(SqliteStore store, RecordingLog log) {
        Await.until("two more failed attempts", () -> store.failedAttempts() >= 3);
        // other error lines (the queue is full) may come first
        return log.errors().stream().filter(line -> line.contains("failed:")).findFirst().orElseThrow();
    }

    @Test
    void aFullDiskKeepsTheRows_storesNoneTwice_andTheStoreRecoversByItself() throws Exception {
        store = SqliteStore.open(file, SETTINGS.withBatchSize(50).withMaxQueue(2000), log);
        List<CompletionStage<Void>> accepted = new ArrayList<>(storeSeries(store, "a", T0, 100));
        awaitAll(accepted);
        assertThat(store.health().status()).isEqualTo(StoreHealth.Status.WRITING);
        diskFull();

        // ~70 kB of rows: far more than the free space left in the file's pages
        accepted.addAll(storeSeries(store, "a", T0.plusSeconds(100), 500));

        assertThat(awaitFailingRetries()).contains(file.toString()).contains("disk full")
                .contains("rows waiting").contains("Nothing is dropped");
        StoreHealth failing = store.health();
        assertThat(failing.status()).isEqualTo(StoreHealth.Status.FAILING);
        assertThat(failing.reason()).startsWith("disk full: ");
        assertThat(failing.since()).isBeforeOrEqualTo(Instant.now());
        assertThat(failing.rowsWaiting()).isPositive();
        assertThat(accepted.get(accepted.size() - 1)).isNotDone();
        long storedWhileFull = store.count("a", Instant.MIN, Instant.MAX);
        assertThat(storedWhileFull).isLessThan(600);
        assertThat(duplicates()).isZero(); // the retries ran in no transaction of their own before the fix
        TiersMatch.assertTiersMatchRaw(file); // no tier row of a rolled-back attempt is left

        roomAgain();
        awaitAll(accepted);

        assertThat(store.count("a", Instant.MIN, Instant.MAX)).isEqualTo(600);
        assertThat(duplicates()).isZero();
        // the minute and hour tiers were rolled back and retried with the raw rows: they count each sample once
        TiersMatch.assertTiersMatchRaw(file);
        assertThat(TiersTest.count(file, "SELECT sum(samples) FROM telemetry_minute")).isEqualTo(600);
        assertThat(log.nextInfo(DEADLINE)).contains("works again after").contains("disk full")
                .contains("rows written");
        assertThat(log.errors()).hasSize(1); // one line per episode, not one per retry
        assertThat(store.health().status()).isEqualTo(StoreHealth.Status.WRITING);
        assertThat(store.health().since()).isAfter(failing.since()); // writing again since the recovery
        assertThat(store.failedAttempts()).isZero();
    }

    @Test
    void alertUpsertsWaitAndLandOnce_andAFullQueueRefusesWhileTheDiskIsFull() throws Exception {
        store = SqliteStore.open(file, SETTINGS.withBatchSize(50).withMaxQueue(300), log);
        awaitAll(List.of(store.saveAlert(alert("x", T0, AlertState.ACTIVE))));
        awaitAll(storeSeries(store, "a", T0, 100));
        diskFull();

        List<CompletionStage<Void>> accepted = new ArrayList<>();
        int samples = 0;
        Alert lastVersion = null;
        CompletionStage<Void> refused = null;
        for (int i = 0; refused == null; i++) {
            CompletionStage<Void> stage;
            if (i % 10 == 0) {
                Alert version = alert("x", T0.plusSeconds(1000 + i), AlertState.ACKNOWLEDGED);
                stage = store.saveAlert(version);
                if (!stage.toCompletableFuture().isCompletedExceptionally()) {
                    lastVersion = version;
                }
            } else {
                stage = store.store(full("a", T0.plusSeconds(100 + i)));
                if (!stage.toCompletableFuture().isCompletedExceptionally()) {
                    samples++;
                }
            }
            if (stage.toCompletableFuture().isCompletedExceptionally()) {
                refused = stage;
            } else {
                accepted.add(stage);
            }
            assertThat(i).as("the queue never filled up").isLessThan(100_000);
        }

        assertThat(refused.toCompletableFuture()).failsWithin(Duration.ZERO).withThrowableThat().havingCause()
                .isInstanceOf(RejectedExecutionException.class);
        assertThat(awaitFailingRetries()).contains("disk full");
        assertThat(log.errors()).anySatisfy(line -> assertThat(line).contains("queue").contains("is full"));
        assertThat(store.queued()).isLessThanOrEqualTo(300); // bounded memory while failing
        assertThat(accepted.get(accepted.size() - 1)).isNotDone();
        assertThat(duplicates()).isZero();

        roomAgain();
        awaitAll(accepted);
        awaitAll(List.of(store.store(full("a", T0.plusSeconds(1_000_000))))); // accepted again

        assertThat(store.count("a", Instant.MIN, Instant.MAX)).isEqualTo(100 + samples + 1);
        assertThat(duplicates()).isZero();
        assertThat(store.alerts(Instant.MIN, Instant.MAX, 10)).containsExactly(lastVersion);
        assertThat(log.errors()).filteredOn(line -> line.contains("disk full")).hasSize(1);
        assertThat(log.infos()).anySatisfy(line -> assertThat(line).contains("works again"));
        assertThat(log.infos()).anySatisfy(line -> assertThat(line).contains("accepts writes again"));
    }

    @Test
    void retentionAskedForWhileTheDiskIsFullDeletesExactlyTheOldRows_onceThereIsRoom() throws Exception {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        Instant cutoff = now.minus(Duration.ofDays(30));
        store = SqliteStore.open(file, SETTINGS.withRetentionDays(30).withBatchSize(50), log,
                Clock.fixed(now, ZoneOffset.UTC));
        store.runRetention().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS); // the run at start is over
        List<CompletionStage<Void>> before = new ArrayList<>(storeSeries(store, "a", cutoff.minusSeconds(500), 120));
        before.addAll(storeSeries(store, "a", now.minusSeconds(1000), 100));
        awaitAll(before);
        diskFull();

        List<CompletionStage<Void>> accepted = storeSeries(store, "a", now, 500);
        awaitFailingRetries();
        CompletableFuture<Long> retention = store.runRetention();
        Await.until("another failed attempt after the request", () -> store.failedAttempts() >= 4);

        assertThat(retention).isNotDone(); // it waits behind the batch the writer keeps
        assertThat(store.count("a", Instant.MIN, cutoff)).isEqualTo(120);

        roomAgain();

        assertThat(retention.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(120);
        awaitAll(accepted);
        assertThat(store.count("a", Instant.MIN, cutoff)).isZero();
        assertThat(store.count("a", Instant.MIN, Instant.MAX)).isEqualTo(600);
        assertThat(duplicates()).isZero();
    }

    /** Rows stored more than once: the same printer and time twice. The tests never store a sample twice. */
    private long duplicates() throws Exception {
        return duplicates(file);
    }

    static long duplicates(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*) - count(DISTINCT printer_id || ' ' || time) FROM telemetry")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
