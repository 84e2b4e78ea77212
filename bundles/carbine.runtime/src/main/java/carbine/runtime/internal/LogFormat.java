package carbine.runtime.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.osgi.service.log.LogLevel;

/** One log entry as one line (plus the stack trace of an exception, if any). */
final class LogFormat {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private LogFormat() {}

    static String format(long millis, LogLevel level, String source, String message, Throwable exception) {
        StringBuilder line = new StringBuilder(160)
                .append(TIME.format(Instant.ofEpochMilli(millis)))
                .append(' ').append(String.format("%-5s", level == LogLevel.WARN ? "WARN" : level.name()))
                .append(" [").append(source).append("] ").append(message);
        if (exception != null) {
            StringWriter trace = new StringWriter();
            exception.printStackTrace(new PrintWriter(trace));
            line.append(System.lineSeparator()).append(trace.toString().stripTrailing());
        }
        return line.toString();
    }
}
