package carbine.storage.sqlite.internal;

import static carbine.storage.sqlite.internal.Samples.DEADLINE;
import static carbine.storage.sqlite.internal.Samples.SETTINGS;
import static carbine.storage.sqlite.internal.Samples.T0;
import static carbine.storage.sqlite.internal.Samples.awaitAll;
import static carbine.storage.sqlite.internal.Samples.full;
import static carbine.storage.sqlite.internal.Samples.storeSeries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Another process holds the write lock: nothing accepted may be lost, and the log must not be flooded. */
class LockedDatabaseTest {
    @TempDir
    Path dir;
    Path file;
    RecordingLog log = new RecordingLog();
    SqliteStore store;
    Connection locker;

    @BeforeEach
    void open() throws Exception {
        file = dir.resolve("printer_data.db");
        store = SqliteStore.open(file, SETTINGS.withBusyTimeoutMillis(50).withMaxQueue(100)
                .withBatchSize(40).withCloseGraceMillis(300), log);
        locker = DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    @AfterEach
    void close() throws Exception {
        locker.close();
        store.close();
    }

    private void lock() throws Exception {
        try (Statement s = locker.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
        }
    }

    private void unlock() throws Exception {
        try (Statement s = locker.createStatement()) {
            s.execute("ROLLBACK");
        }
    }

    @Test
    void writesWaitWhileLocked_andAllCommitOnceReleased() throws Exception {
        lock();
        List<CompletionStage<Void>> futures = storeSeries(store, "a", T0, 100); // 40 in hand, 60 queued

        assertThat(log.nextError(DEADLINE)).contains(file.toString()).contains("locked").contains("retries");
        assertThat(futures).noneMatch(Samples::isDone);
        assertThat(store.count("a", Instant.MIN, Instant.MAX)).isZero(); // reads go on meanwhile

        unlock();
        awaitAll(futures);

        assertThat(store.count("a", Instant.MIN, Instant.MAX)).isEqualTo(100);
        assertThat(log.nextInfo(DEADLINE)).contains("works again");
        assertThat(log.errors()).hasSize(1);
    }

    @Test
    void aFullQueueRefusesAtOnce_andAcceptsAgainWhenTheWriterCatchesUp() throws Exception {
        lock();
        List<CompletionStage<Void>> accepted = new ArrayList<>(storeSeries(store, "a", T0, 1));
        log.nextError(DEADLINE); // the writer holds that sample and retries: the queue itself is empty
        accepted.addAll(storeSeries(store, "a", T0.plusSeconds(1), 100)); // fills maxQueue

        CompletionStage<Void> refused = store.store(full("a", T0.plusSeconds(500)));

        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(() -> refused.toCompletableFuture().join()).cause()
                .isInstanceOf(RejectedExecutionException.class).hasMessageContaining("100 writes are already waiting");
        assertThat(log.nextError(DEADLINE)).contains("queue").contains("full");
        assertThat(accepted).noneMatch(Samples::isDone);

        unlock();
        awaitAll(accepted);
        awaitAll(List.of(store.store(full("a", T0.plusSeconds(501)))));
        assertThat(store.count("a", Instant.MIN, Instant.MAX)).isEqualTo(102);
        assertThat(log.infos()).anySatisfy(line -> assertThat(line).contains("accepts writes again"));
    }

    @Test
    void closingWhileLockedBeyondTheGraceFailsTheRemainingFutures_loudly() throws Exception {
        lock();
        List<CompletionStage<Void>> futures = storeSeries(store, "a", T0, 60);
        log.nextError(DEADLINE);

        store.close(); // grace 300 ms

        assertThat(futures).allSatisfy(f -> assertThat(f).isCompletedExceptionally());
        assertThatThrownBy(() -> futures.get(59).toCompletableFuture().get())
                .isInstanceOf(ExecutionException.class).cause().hasMessageContaining("not stored");
        assertThat(log.errors()).anySatisfy(line -> assertThat(line).contains("60 accepted rows were NOT stored"));
        unlock();
    }
}
