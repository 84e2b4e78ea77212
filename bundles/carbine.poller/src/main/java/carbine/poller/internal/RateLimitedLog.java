package carbine.poller.internal;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import carbine.poller.internal.PollerLog.Level;

/**
 * Logs at most one message per key and time window, so that a broken printer or detector polled every few
 * seconds does not flood the log. The next message after the window says how many were suppressed.
 */
final class RateLimitedLog {
    private static final int PURGE_ABOVE_KEYS = 10_000;

    private final PollerLog log;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        long openedAt;
        int suppressed;

        Window(long openedAt) { this.openedAt = openedAt; }
    }

    RateLimitedLog(PollerLog log, long windowNanos, LongSupplier nanoTime) {
        this.log = log;
        this.windowNanos = windowNanos;
        this.nanoTime = nanoTime;
    }

    void info(String key, String format, Object... args) { log(Level.INFO, key, format, args); }
    void warn(String key, String format, Object... args) { log(Level.WARN, key, format, args); }
    void error(String key, String format, Object... args) { log(Level.ERROR, key, format, args); }

    void log(Level level, String key, String format, Object... args) {
        int suppressed = admit(key);
        if (suppressed < 0) {
            return;
        }
        if (suppressed == 0) {
            log.log(level, format, args);
        } else {
            log.log(level, format + " ({} similar messages suppressed in the last {} s)",
                    withSuppressedCount(args, suppressed, windowNanos / 1_000_000_000L));
        }
    }

    /** Returns -1 if the message must be suppressed, else how many were suppressed since the last one. */
    private int admit(String key) {
        long now = nanoTime.getAsLong();
        if (windows.size() > PURGE_ABOVE_KEYS) {
            windows.values().removeIf(w -> now - w.openedAt >= windowNanos && w.suppressed == 0);
        }
        Window window = windows.computeIfAbsent(key, k -> new Window(now - windowNanos));
        synchronized (window) {
            if (now - window.openedAt >= windowNanos) {
                int suppressed = window.suppressed;
                window.suppressed = 0;
                window.openedAt = now;
                return suppressed;
            }
            window.suppressed++;
            return -1;
        }
    }

    /** The count and window go before a trailing Throwable, which must stay last to be the entry's exception. */
    private static Object[] withSuppressedCount(Object[] args, int suppressed, long windowSeconds) {
        boolean trailingThrowable = args.length > 0 && args[args.length - 1] instanceof Throwable;
        int plain = trailingThrowable ? args.length - 1 : args.length;
        Object[] out = Arrays.copyOf(args, args.length + 2);
        out[plain] = suppressed;
        out[plain + 1] = windowSeconds;
        if (trailingThrowable) {
            out[plain + 2] = args[plain];
        }
        return out;
    }
}
