package carbine.storage.sqlite.internal;

import static carbine.storage.sqlite.internal.Samples.SETTINGS;
import static carbine.storage.sqlite.internal.Samples.T0;
import static carbine.storage.sqlite.internal.Samples.alert;
import static carbine.storage.sqlite.internal.Samples.awaitAll;
import static carbine.storage.sqlite.internal.Samples.storeSeries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import carbine.api.alert.AlertState;
import carbine.api.store.StoreBackup;

/** {@link SqliteStore#backup}: a consistent copy while writes go on, never over an existing file. */
class BackupTest {
    @TempDir
    Path dir;
    Path file;
    RecordingLog log = new RecordingLog();
    SqliteStore store;

    @BeforeEach
    void open() throws Exception {
        file = dir.resolve("data").resolve("printer_data.db");
        store = SqliteStore.open(file, SETTINGS.withBatchSize(50), log);
        awaitAll(storeSeries(store, "a", T0, 20_000));
        awaitAll(List.of(store.saveAlert(alert("al", T0, AlertState.ACTIVE))));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aBackupTakenWhileSamplesAreWrittenIsConsistent_andRestoresToAWorkingStore() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong();
        List<CompletionStage<Void>> stages = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            for (int i = 0; writing.get(); i++) {
                stages.add(store.store(Samples.full("b", T0.plusMillis(250L * i))));
                written.incrementAndGet();
                Thread.onSpinWait();
            }
        });
        Await.until("writes under way", () -> store.count("b", Instant.MIN, Instant.MAX) > 500);
        long before = store.count("b", Instant.MIN, Instant.MAX);

        Path target = dir.resolve("backups").resolve("carbine-backup.db");
        Files.createDirectories(target.getParent());
        StoreBackup.Result result = store.backup(target);
        long after = store.count("b", Instant.MIN, Instant.MAX);
        writing.set(false);
        producer.get();
        awaitAll(stages);

        assertThat(result.file()).isEqualTo(target.toAbsolutePath());
        assertThat(result.bytes()).isEqualTo(Files.size(target)).isPositive();
        assertThat(Files.list(target.getParent())).containsExactly(target); // no temporary file left
        assertThat(integrity(target)).isEqualTo("ok");
        long inBackup = TiersTest.count(target, "SELECT count(*) FROM telemetry WHERE printer_id = 'b'");
        assertThat(inBackup).isBetween(before, after);
        assertThat(TiersTest.count(target, "SELECT count(*) FROM telemetry WHERE printer_id = 'a'")).isEqualTo(20_000);
        assertThat(DiskFullTest.duplicates(target)).isZero();
        TiersMatch.assertTiersMatchRaw(target); // one committed state: tiers and raw rows agree

        // restore: the copy is a database the store opens as it is
        Path restored = dir.resolve("restored").resolve("printer_data.db");
        Files.createDirectories(restored.getParent());
        Files.copy(target, restored);
        try (SqliteStore again = SqliteStore.open(restored, SETTINGS, log)) {
            assertThat(again.count("b", Instant.MIN, Instant.MAX)).isEqualTo(inBackup);
            assertThat(again.openAlerts()).extracting(a -> a.id()).containsExactly("al");
            awaitAll(List.of(again.store(Samples.full("c", T0))));
        }
    }

    private static String integrity(Path db) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
                var s = c.createStatement();
                var rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void anExistingTargetIsRefusedAndLeftAsItWas() throws Exception {
        Path target = Files.writeString(dir.resolve("precious.db"), "do not touch");

        assertThatThrownBy(() -> store.backup(target)).isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("precious.db").hasMessageContaining("never overwrites");
        assertThat(Files.readString(target)).isEqualTo("do not touch");
        assertThatThrownBy(() -> store.backup(file)).isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void aMissingDirectoryIsNamed() throws Exception {
        Path target = dir.resolve("no-such-dir").resolve("b.db");

        assertThatThrownBy(() -> store.backup(target)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("no-such-dir").hasMessageContaining("does not exist");
    }

    @Test
    void aClosedStoreSaysSo() {
        store.close();

        assertThatThrownBy(() -> store.backup(dir.resolve("late.db"))).hasMessageContaining("closed");
        assertThat(dir.resolve("late.db")).doesNotExist();
    }
}
