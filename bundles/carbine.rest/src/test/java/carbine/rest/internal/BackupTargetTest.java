package carbine.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BackupServlet#target}: a name from the network never leads a backup out of the backups folder. */
class BackupTargetTest {
    static final Instant T = Instant.parse("2026-12-05T08:30:00.123Z");

    @TempDir
    Path data;

    @Test
    void namesInTheFolderAreTaken() throws Exception {
        Path backups = data.resolve("backups");
        assertThat(BackupServlet.target(backups, "nightly.db", T)).isEqualTo(backups.resolve("nightly.db"));
        assertThat(BackupServlet.target(backups, "week/49.db", T)).isEqualTo(backups.resolve("week/49.db"));
        assertThat(BackupServlet.target(backups, "./a.db", T)).isEqualTo(backups.resolve("a.db"));
        assertThat(BackupServlet.target(backups, backups.resolve("abs.db").toString(), T))
                .as("an absolute path inside the folder").isEqualTo(backups.resolve("abs.db"));
    }

    @Test
    void withoutANameADatedOneNumberedIfTaken() throws Exception {
        Path backups = Files.createDirectories(data.resolve("backups"));
        Path first = BackupServlet.target(backups, null, T);
        assertThat(first).isEqualTo(backups.resolve("carbine-20261205T083000Z.db"));
        assertThat(BackupServlet.target(backups, " ", T)).isEqualTo(first);
        Files.createFile(first);
        assertThat(BackupServlet.target(backups, null, T)).isEqualTo(backups.resolve("carbine-20261205T083000Z-2.db"));
    }

    @Test
    void nothingOutsideTheFolder() {
        Path backups = data.resolve("backups");
        for (String bad : new String[] {"../printer_data.db", "a/../../x.db", "..", "a/..", "/etc/passwd",
                "/tmp/x.db", data.resolve("x.db").toString(), backups.toString(), "/", "a\u0000b.db", "a\nb.db",
                "x".repeat(256)}) {
            assertThatThrownBy(() -> BackupServlet.target(backups, bad, T)).as(bad).isInstanceOf(BadParameter.class)
                    .satisfies(e -> assertThat(((BadParameter) e).parameter()).isEqualTo("file"));
        }
    }
}
