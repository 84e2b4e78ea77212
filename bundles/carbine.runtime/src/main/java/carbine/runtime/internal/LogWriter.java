package carbine.runtime.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.Logger;
import org.osgi.service.log.admin.LoggerAdmin;

import carbine.api.Carbine;

/**
 * Writes the OSGi log to the console and to {@code carbine.log} in the data directory.
 *
 * <p>The level is the framework property {@code carbine.log.level} (ERROR, WARN, INFO, DEBUG; default INFO).
 */
@Component(immediate = true)
public class LogWriter implements LogListener {
    static final String LEVEL_PROPERTY = "carbine.log.level";

    private final LogReaderService reader;
    private final LogLevel threshold;
    private LogFile file;

    @Activate
    public LogWriter(BundleContext context, @Reference LogReaderService reader, @Reference LoggerAdmin loggerAdmin) {
        this.reader = reader;
        this.threshold = parseLevel(context.getProperty(LEVEL_PROPERTY));
        // The Log Service 1.4 default is WARN: open the root context to our level so INFO lines get through.
        loggerAdmin.getLoggerContext(null).setLogLevels(Map.of(Logger.ROOT_LOGGER_NAME, threshold));
        file = new LogFile(Carbine.dataDirectory(context).resolve("carbine.log"), System::nanoTime);
        // Entries logged before we were here, oldest first, then everything that comes.
        List<LogEntry> earlier = new ArrayList<>();
        for (Enumeration<LogEntry> e = reader.getLog(); e.hasMoreElements();) {
            earlier.add(e.nextElement());
        }
        Collections.reverse(earlier);
        earlier.forEach(this::logged);
        reader.addLogListener(this);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
        synchronized (this) {
            // the last line of every stop, however it was asked for (shell, SIGTERM, an update of this bundle)
            file.write(LogFormat.format(System.currentTimeMillis(), LogLevel.INFO, "carbine.runtime",
                    "carbine.log closed: the runtime is stopping", null));
            file.close();
        }
    }

    @Override
    public synchronized void logged(LogEntry entry) {
        if (entry.getLogLevel().ordinal() > threshold.ordinal() || isRoutineFrameworkEvent(entry)) {
            return;
        }
        String source = entry.getBundle() == null ? "framework" : entry.getBundle().getSymbolicName();
        String line = LogFormat.format(entry.getTime(), entry.getLogLevel(), source, entry.getMessage(),
                entry.getException());
        System.out.println(line);
        file.write(line);
    }

    /**
     * The framework logs every bundle and service event at INFO under the logger names {@code Events.*}: useful
     * when debugging, noise otherwise. They are shown at DEBUG, and always when they carry a warning or error.
     */
    private boolean isRoutineFrameworkEvent(LogEntry entry) {
        return threshold.ordinal() < LogLevel.DEBUG.ordinal() && entry.getLoggerName() != null
                && entry.getLoggerName().startsWith("Events.") && entry.getLogLevel().ordinal() >= LogLevel.INFO.ordinal();
    }

    static LogLevel parseLevel(String value) {
        if (value == null || value.isBlank()) {
            return LogLevel.INFO;
        }
        try {
            return LogLevel.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("carbine: " + LEVEL_PROPERTY + "=" + value + " is not a log level"
                    + " (ERROR, WARN, INFO, DEBUG, TRACE); using INFO");
            return LogLevel.INFO;
        }
    }
}
