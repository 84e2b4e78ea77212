package carbine.storage.sqlite.internal;

import static carbine.storage.sqlite.internal.Samples.DEADLINE;
import static carbine.storage.sqlite.internal.Samples.SETTINGS;
import static carbine.storage.sqlite.internal.Samples.T0;
import static carbine.storage.sqlite.internal.Samples.awaitAll;
import static carbine.storage.sqlite.internal.Samples.storeSeries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import carbine.api.store.StoreHealth;

/**
 * Issue 9 on a genuinely full file system: the database on a 2 MB tmpfs, filled up by another file, then freed.
 * Mounting needs root (CI runs as root); elsewhere the test is reported as skipped, never as passed.
 */
class FullFileSystemTest {
    @TempDir
    Path dir;
    Path mountPoint;
    RecordingLog log = new RecordingLog();
    SqliteStore store;

    @AfterEach
    void cleanUp() throws Exception {
        if (store != null) {
            store.close();
        }
        if (mountPoint != null) {
            Process umount = run("umount", mountPoint.toString());
            if (umount.exitValue() != 0) {
                run("umount", "-l", mountPoint.toString()); // lazily, so @TempDir can still be removed
            }
        }
    }

    @Test
    void theStoreResumesByItselfWhenTheFileSystemHasRoomAgain_andStoresEveryRowOnce() throws Exception {
        mountTmpfs(dir.resolve("small"), "2m");
        Path file = mountPoint.resolve("printer_data.db");
        store = SqliteStore.open(file, SETTINGS.withBatchSize(100).withMaxQueue(20_000), log);
        List<CompletionStage<Void>> accepted = new ArrayList<>(storeSeries(store, "a", T0, 100));
        awaitAll(accepted);
        Path filler = mountPoint.resolve("filler");
        fill(filler);

        // ~450 kB: more than the -wal file holds, so SQLite must grow it, and the write fails with ENOSPC
        accepted.addAll(storeSeries(store, "a", T0.plusSeconds(100), 3000));

        String error = DiskFullTest.awaitFailingRetries(store, log);
        assertThat(error).contains(file.toString()).containsAnyOf("disk full", "I/O error")
                .containsAnyOf("SQLITE_FULL", "SQLITE_IOERR");
        StoreHealth health = store.health();
        assertThat(health.status()).isEqualTo(StoreHealth.Status.FAILING);
        assertThat(health.reason()).containsAnyOf("disk full", "I/O error");
        assertThat(accepted.get(accepted.size() - 1)).isNotDone();
        assertThat(DiskFullTest.duplicates(file)).isZero();

        Files.delete(filler);
        awaitAll(accepted);

        assertThat(store.count("a", Instant.MIN, Instant.MAX)).isEqualTo(3100);
        assertThat(DiskFullTest.duplicates(file)).isZero();
        assertThat(log.nextInfo(DEADLINE)).contains("works again");
        assertThat(log.errors()).hasSize(1);
        assertThat(store.health().status()).isEqualTo(StoreHealth.Status.WRITING);
    }

    @Test
    void aBackupOntoAFullFileSystemFailsClearly_andLeavesNothingBehind() throws Exception {
        store = SqliteStore.open(dir.resolve("printer_data.db"), SETTINGS, log);
        awaitAll(storeSeries(store, "a", T0, 20_000)); // a few MB: more than the 512 kB below
        mountTmpfs(dir.resolve("small"), "512k");
        Path target = mountPoint.resolve("backup.db");

        assertThatThrownBy(() -> store.backup(target)).isInstanceOf(IOException.class)
                .hasMessageContaining(mountPoint.toString()).hasMessageContaining("full");
        try (var left = Files.list(mountPoint)) {
            assertThat(left).isEmpty();
        }
        assertThat(store.count("a", Instant.MIN, Instant.MAX)).isEqualTo(20_000); // the store is unaffected
    }

    private void mountTmpfs(Path where, String size) throws Exception {
        Files.createDirectories(where);
        Process mount;
        try {
            mount = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", where.toString());
        } catch (IOException e) {
            Assumptions.abort("cannot run mount: " + e.getMessage());
            return;
        }
        String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        Assumptions.assumeTrue(mount.exitValue() == 0,
                "mounting a tmpfs needs root (CAP_SYS_ADMIN), so the full-file-system test is skipped: " + output);
        mountPoint = where;
    }

    private static Process run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("hangs: " + String.join(" ", command));
        }
        return p;
    }

    /** Writes to the file until the file system refuses even a single byte (ENOSPC). */
    private static void fill(Path filler) throws IOException {
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int chunk = 64 * 1024; chunk >= 1; chunk /= 4) {
                byte[] bytes = new byte[chunk];
                try {
                    while (true) {
                        out.write(bytes);
                    }
                } catch (IOException full) {
                    // "No space left on device": go on with smaller pieces
                }
            }
        }
        assertThat(Files.getFileStore(filler).getUsableSpace()).isZero();
    }
}
