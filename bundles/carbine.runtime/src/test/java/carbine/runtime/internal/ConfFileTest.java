package carbine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfFileTest {
    @TempDir
    Path dir;

    private static Hashtable<String, Object> config(Path file, Object... keyValues) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("service.pid", "carbine.poller");
        p.put(ConfFile.FILENAME, file.toUri().toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put((String) keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void anUnchangedConfigurationLeavesTheFileUntouched() throws IOException {
        Path file = dir.resolve("carbine.poller.cfg");
        String text = "# poll faster\nintervalMillis=1000\ntimeoutMillis = 2000\n";
        Files.writeString(file, text);
        var modified = Files.getLastModifiedTime(file);
        // Config Admin holds typed values after a Web Console save; the same numbers are no change
        assertThat(ConfFile.writeBack(file, config(file, "intervalMillis", 1000, "timeoutMillis", "2000"), n -> null))
                .isFalse();
        assertThat(Files.readString(file)).isEqualTo(text);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
    }

    @Test
    void aChangeIsWrittenAsPlainTextKeepingCommentsAndOtherLines() throws IOException {
        Path file = dir.resolve("carbine.poller.cfg");
        Files.writeString(file, "# poll faster\nintervalMillis=1000\n\n# give slow printers time\ntimeoutMillis=2000\n");
        assertThat(ConfFile.writeBack(file, config(file, "intervalMillis", 250, "timeoutMillis", 2000,
                "offlineAfterFailures", 4), n -> null)).isTrue();
        String now = Files.readString(file);
        assertThat(now).contains("# poll faster", "# give slow printers time", "timeoutMillis=2000")
                .containsPattern("intervalMillis\\s*=\\s*250\\b").containsPattern("offlineAfterFailures\\s*=\\s*4\\b")
                .doesNotContain("felix.fileinstall", "service.pid", "I\"");
        assertThat(Files.list(dir)).as("no temporary file left").containsExactly(file);
    }

    @Test
    void aPropertyRemovedInConfigAdminIsRemovedFromTheFile() throws IOException {
        Path file = dir.resolve("carbine.poller.cfg");
        Files.writeString(file, "intervalMillis=1000\nhistorySize=50\n");
        assertThat(ConfFile.writeBack(file, config(file, "intervalMillis", "1000"), n -> null)).isTrue();
        assertThat(Files.readString(file)).contains("intervalMillis").doesNotContain("historySize");
    }

    @Test
    void aSubstitutedValueThatDidNotChangeKeepsItsVariable() throws IOException {
        Path file = dir.resolve("carbine.storage.sqlite.cfg");
        Files.writeString(file, "file=${carbine.data}/history.db\nbatchSize=1000\n");
        Map<String, String> properties = Map.of("carbine.data", "/var/lib/carbine");
        assertThat(ConfFile.writeBack(file, config(file, "file", "/var/lib/carbine/history.db", "batchSize", 500),
                properties::get)).isTrue();
        assertThat(Files.readString(file)).contains("file=${carbine.data}/history.db").containsPattern("batchSize\\s*=\\s*500");
    }

    @Test
    void theFileKeepsItsPermissions() throws IOException {
        Path file = dir.resolve("carbine.driver.http-a.cfg");
        Files.writeString(file, "url=http://10.0.0.7/\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        ConfFile.writeBack(file, config(file, "url", "http://10.0.0.8/"), n -> null);
        assertThat(ConfFile.permissions(file)).isEqualTo("rw-------");
    }

    /**
     * The defect this class exists for: a reader scanning the file while it is written back must never see it
     * empty or half-written (FileInstall's scanner read a truncated file and emptied the configuration).
     */
    @Test
    void aConcurrentReaderNeverSeesAnEmptyOrPartialFile() throws Exception {
        Path file = dir.resolve("carbine.simulator-farm.cfg");
        StringBuilder text = new StringBuilder("printerId=farm\ncount=20\n");
        for (int i = 0; i < 200; i++) {
            text.append("# padding line ").append(i).append(" so that a write takes more than one system call\n");
        }
        Files.writeString(file, text);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(() -> {
            try {
                while (writing.get()) {
                    String seen = Files.readString(file);
                    reads.incrementAndGet();
                    assertThat(seen).startsWith("printerId=farm").contains("# padding line 199");
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        AtomicBoolean failed = new AtomicBoolean();
        reader.setUncaughtExceptionHandler((t, e) -> failed.set(true));
        reader.start();
        for (int i = 0; i < 300; i++) {
            ConfFile.writeBack(file, config(file, "printerId", "farm", "count", 20 + i % 7), n -> null);
        }
        writing.set(false);
        reader.join();
        assertThat(failed).as("the reader saw an empty or partial file").isFalse();
        assertThat(reads.get()).isPositive();
    }

    @Test
    void aConfigurationThatLostItsFileNameFindsItsFileByFileInstallsNaming() throws IOException {
        Files.writeString(dir.resolve("carbine.poller.cfg"), "intervalMillis=1000\n");
        Files.writeString(dir.resolve("carbine.simulator-farm.config"), "printerId=farm\n");
        assertThat(ConfFile.conventionalFile(dir, "carbine.poller")).isEqualTo(dir.resolve("carbine.poller.cfg"));
        assertThat(ConfFile.conventionalFile(dir, "carbine.simulator~farm")).isEqualTo(dir.resolve("carbine.simulator-farm.config"));
        assertThat(ConfFile.conventionalFile(dir, "carbine.simulator~printer-1")).isNull();
        assertThat(ConfFile.fileInstallKey(dir.resolve("carbine.poller.cfg"))).isEqualTo("file:" + dir.toAbsolutePath() + "/carbine.poller.cfg");
    }

    @Test
    void fileInstallsPropertyNamesAFile() {
        assertThat(ConfFile.fileOf("file:/etc/carbine/carbine.poller.cfg")).isEqualTo(Path.of("/etc/carbine/carbine.poller.cfg"));
        assertThat(ConfFile.fileOf("/etc/carbine/carbine.poller.cfg")).isEqualTo(Path.of("/etc/carbine/carbine.poller.cfg"));
        assertThat(ConfFile.fileOf(null)).isNull();
        assertThat(ConfFile.isConfigurationFile(Path.of("a.cfg"))).isTrue();
        assertThat(ConfFile.isConfigurationFile(Path.of(".a.cfg.123.tmp"))).isFalse();
    }
}
