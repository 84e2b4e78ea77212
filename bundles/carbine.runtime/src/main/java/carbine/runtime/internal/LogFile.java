package carbine.runtime.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.osgi.service.log.LogLevel;

/**
 * {@code carbine.log}, appended to line by line, that survives a full disk: when a write fails the file is
 * closed, one line goes to standard error, and the lines that follow go to the console only; the file is
 * reopened at most every {@link #RETRY_NANOS} and, once a write succeeds again, a line says how many lines were
 * missed. Not thread-safe: the caller serialises.
 */
final class LogFile {
    static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Path path;
    private final LongSupplier nanoClock;
    private Writer writer;
    private long failedAtNanos;
    private long missed;
    private String firstError;

    LogFile(Path path, LongSupplier nanoClock) {
        this.path = path;
        this.nanoClock = nanoClock;
    }

    /** Writes one line (without its line separator); false if the file could not take it. */
    boolean write(String line) {
        if (writer == null && !reopen()) {
            missed++;
            return false;
        }
        try {
            if (missed > 0) {
                writer.write(LogFormat.format(System.currentTimeMillis(), LogLevel.WARN,
                        "carbine.runtime", "carbine.log resumed: " + missed + " line(s) could not be written since "
                                + "the write failed (" + firstError + "); the console had them", null));
                writer.write(System.lineSeparator());
            }
            writer.write(line);
            writer.write(System.lineSeparator());
            writer.flush();
            if (missed > 0) {
                System.err.println("carbine: carbine.log writable again; " + missed + " line(s) went to the console only");
                missed = 0;
                firstError = null;
            }
            return true;
        } catch (IOException e) {
            if (firstError == null) {
                firstError = e.toString();
                System.err.println("carbine: writing " + path + " failed (" + e + "); console only until it works"
                        + " again (retried every " + TimeUnit.NANOSECONDS.toSeconds(RETRY_NANOS) + " s)");
            }
            closeQuietly();
            failedAtNanos = nanoClock.getAsLong();
            missed++;
            return false;
        }
    }

    private boolean reopen() {
        if (failedAtNanos != 0 && nanoClock.getAsLong() - failedAtNanos < RETRY_NANOS) {
            return false;
        }
        try {
            Files.createDirectories(path.getParent());
            writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return true;
        } catch (IOException | RuntimeException e) {
            if (firstError == null) {
                firstError = e.toString();
                System.err.println("carbine: cannot open " + path + " (" + e + "); console only until it works");
            }
            failedAtNanos = nanoClock.getAsLong();
            return false;
        }
    }

    void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException ignored) {
                // the buffered rest is lost either way; the next write reopens the file
            }
            writer = null;
        }
    }
}
