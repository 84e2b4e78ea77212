package carbine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileTest {
    @TempDir
    Path dir;

    @Test
    void writesLines() throws IOException {
        LogFile log = new LogFile(dir.resolve("carbine.log"), System::nanoTime);
        assertThat(log.write("one")).isTrue();
        assertThat(log.write("two")).isTrue();
        log.close();
        assertThat(Files.readAllLines(dir.resolve("carbine.log"))).containsExactly("one", "two");
    }

    /** Before, the first failed write turned the file off for good: carbine.log stopped growing after a full disk. */
    @Test
    void resumesWhenTheFileCanBeWrittenAgainAndSaysWhatWasMissed() throws IOException {
        AtomicLong clock = new AtomicLong(1);
        Path blocked = dir.resolve("data");
        Files.writeString(blocked, "a file where the data directory should be"); // every open fails
        LogFile log = new LogFile(blocked.resolve("carbine.log"), clock::get);
        assertThat(log.write("lost 1")).isFalse();
        assertThat(log.write("lost 2")).isFalse();
        Files.delete(blocked); // space returns, so to speak
        assertThat(log.write("lost 3")).as("no retry before the retry interval").isFalse();
        clock.addAndGet(LogFile.RETRY_NANOS);
        assertThat(log.write("back")).isTrue();
        log.close();
        var lines = Files.readAllLines(blocked.resolve("carbine.log"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("carbine.log resumed: 3 line(s) could not be written");
        assertThat(lines.get(1)).isEqualTo("back");
    }
}
