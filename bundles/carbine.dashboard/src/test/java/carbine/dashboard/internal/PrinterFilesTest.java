package carbine.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrinterFilesTest {
    @TempDir
    Path conf;

    @Test
    void aSavedPrinterIsAnOwnerOnlyCfgFileThatReadsBackAsTyped() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("printerId", "ignored, the id argument wins");
        values.put("url", "http://octopi.local:5000/");
        values.put("apiKey", "s3cr=t:key#1");
        values.put("timeoutMillis", " ");
        Path file = PrinterFiles.create(conf, "carbine.driver.octoprint", "mk4-1", values);

        assertThat(file.getFileName().toString()).isEqualTo("carbine.driver.octoprint-mk4-1.cfg");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            p.load(in);
        }
        assertThat(p).containsEntry("printerId", "mk4-1").containsEntry("url", "http://octopi.local:5000/")
                .containsEntry("apiKey", "s3cr=t:key#1").doesNotContainKey("timeoutMillis");
        try (var leftovers = Files.list(conf)) {
            assertThat(leftovers).as("no temporary file left").containsExactly(file);
        }
    }

    @Test
    void anIdIsUniqueAndSafeAsAFileName() throws Exception {
        PrinterFiles.create(conf, "carbine.driver.http", "lab-1", Map.of("url", "http://x/"));
        assertThatThrownBy(() -> PrinterFiles.create(conf, "carbine.driver.http", "lab-1", Map.of("url", "http://y/")))
                .isInstanceOf(FileAlreadyExistsException.class);
        for (String bad : new String[] {"", "../../etc/passwd", "a/b", "-x", "x y", "a".repeat(65)}) {
            assertThatThrownBy(() -> PrinterFiles.create(conf, "carbine.driver.http", bad, Map.of()))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void listsThePrinterFilesOfKnownKindsOnly() throws Exception {
        PrinterFiles.create(conf, "carbine.driver.octoprint", "b-2", Map.of());
        PrinterFiles.create(conf, "carbine.driver.http", "a-1", Map.of());
        Files.writeString(conf.resolve("carbine.poller.cfg"), "intervalMillis=1000\n");
        Files.writeString(conf.resolve("carbine.simulator-farm.cfg"), "count=2\n");
        List<PrinterFiles.Saved> saved = PrinterFiles.list(conf, List.of("carbine.driver.octoprint", "carbine.driver.http"));
        assertThat(saved).extracting(PrinterFiles.Saved::printerId).containsExactly("a-1", "b-2");
        assertThat(saved.get(1).factoryPid()).isEqualTo("carbine.driver.octoprint");
        assertThat(PrinterFiles.list(conf.resolve("missing"), List.of("x"))).isEmpty();
    }

    @Test
    void anEditKeepsTheSecretLeftEmptyDropsOtherEmptiesAndKeepsHandAddedLines() throws Exception {
        Path file = PrinterFiles.create(conf, "carbine.driver.octoprint", "mk4-1",
                Map.of("url", "http://old/", "apiKey", "k3y", "timeoutMillis", "2500"));
        Files.writeString(file, "# added by hand\nlabel=by the window\n", java.nio.file.StandardOpenOption.APPEND);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("url", "http://new/");
        form.put("apiKey", "");
        form.put("timeoutMillis", "");
        PrinterFiles.update(conf, "carbine.driver.octoprint", "mk4-1", form, List.of("apiKey"));

        assertThat(PrinterFiles.read(file)).containsEntry("url", "http://new/").containsEntry("apiKey", "k3y")
                .containsEntry("label", "by the window").containsEntry("printerId", "mk4-1")
                .doesNotContainKey("timeoutMillis");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        form.put("apiKey", "n3w");
        PrinterFiles.update(conf, "carbine.driver.octoprint", "mk4-1", form, List.of("apiKey"));
        assertThat(PrinterFiles.read(file)).containsEntry("apiKey", "n3w");
        assertThatThrownBy(() -> PrinterFiles.update(conf, "carbine.driver.octoprint", "gone", form, List.of()))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
        try (var leftovers = Files.list(conf)) {
            assertThat(leftovers).as("no temporary file left").containsExactly(file);
        }
    }
}
