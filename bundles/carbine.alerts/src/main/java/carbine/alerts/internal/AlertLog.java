package carbine.alerts.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import carbine.api.alert.Alert;

/**
 * {@code alerts.log}: one line per notable change,
 * {@code <ISO time> <SEVERITY> <printer> <detector> <kind> <CHANGE> <message>}.
 *
 * <p>Each line is written with one append and the file is closed at once, so a line is on disk when
 * {@link #append} returns, lines of concurrent writers never interleave, and the file may be rotated or
 * deleted at any time.
 */
public final class AlertLog {
    private final Path file;

    public AlertLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public static String format(AlertChange change) {
        Alert a = change.alert();
        return change.time() + " " + a.severity() + " " + a.printerId() + " " + a.detector() + " " + a.kind() + " "
                + change.type() + " " + oneLine(a.message())
                + (change.actor() == null ? "" : " [by " + oneLine(change.actor()) + "]");
    }

    public synchronized void append(AlertChange change) throws IOException {
        byte[] line = (format(change) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /** A message with a line break would break the one-line-per-event format. */
    private static String oneLine(String message) {
        return message.replaceAll("[\\r\\n]+", " ");
    }
}
