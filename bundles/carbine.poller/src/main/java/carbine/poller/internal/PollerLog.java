package carbine.poller.internal;

/**
 * Where the poller writes its log. The component forwards it to the OSGi Log Service; tests and benchmarks
 * use their own. Messages use {@code {}} placeholders; a trailing {@link Throwable} argument is the exception
 * of the entry, as in the OSGi {@code Logger}.
 */
@FunctionalInterface
public interface PollerLog {
    enum Level { DEBUG, INFO, WARN, ERROR }

    PollerLog SILENT = (level, format, args) -> {};

    void log(Level level, String format, Object... args);

    default void debug(String format, Object... args) { log(Level.DEBUG, format, args); }
    default void info(String format, Object... args) { log(Level.INFO, format, args); }
    default void warn(String format, Object... args) { log(Level.WARN, format, args); }
    default void error(String format, Object... args) { log(Level.ERROR, format, args); }

    /** Fills the {@code {}} placeholders, for logs that do not format by themselves. */
    static String format(String format, Object... args) {
        StringBuilder sb = new StringBuilder(format.length() + 32);
        int from = 0;
        int arg = 0;
        int at;
        while ((at = format.indexOf("{}", from)) >= 0 && arg < args.length) {
            sb.append(format, from, at).append(args[arg++]);
            from = at + 2;
        }
        return sb.append(format, from, format.length()).toString();
    }
}
