package carbine.poller.internal;

import java.util.Map;

/**
 * The poller's settings; {@link Config} describes them for people.
 *
 * @param intervalMillis       time between two ticks, at least {@value #MIN_INTERVAL_MILLIS}
 * @param timeoutMillis        how long one {@code sample()} may take before it is abandoned
 * @param offlineAfterFailures failed polls in a row after which a printer is offline
 * @param historySize          samples per printer kept in memory for the detectors
 */
public record PollerSettings(long intervalMillis, long timeoutMillis, int offlineAfterFailures, int historySize) {
    public static final long MIN_INTERVAL_MILLIS = 50;
    public static final PollerSettings DEFAULTS = new PollerSettings(5000, 2000, 3, 120);

    static final String INTERVAL = "intervalMillis";
    static final String TIMEOUT = "timeoutMillis";
    static final String OFFLINE_AFTER = "offlineAfterFailures";
    static final String HISTORY = "historySize";

    public PollerSettings {
        if (intervalMillis < MIN_INTERVAL_MILLIS) {
            throw new IllegalArgumentException(INTERVAL + " must be at least " + MIN_INTERVAL_MILLIS + ": " + intervalMillis);
        }
        if (timeoutMillis < 1 || offlineAfterFailures < 1 || historySize < 1) {
            throw new IllegalArgumentException("timeout, offline threshold and history size must be positive: " + this);
        }
    }

    public PollerSettings withIntervalMillis(long v) { return new PollerSettings(v, timeoutMillis, offlineAfterFailures, historySize); }
    public PollerSettings withTimeoutMillis(long v) { return new PollerSettings(intervalMillis, v, offlineAfterFailures, historySize); }
    public PollerSettings withOfflineAfterFailures(int v) { return new PollerSettings(intervalMillis, timeoutMillis, v, historySize); }
    public PollerSettings withHistorySize(int v) { return new PollerSettings(intervalMillis, timeoutMillis, offlineAfterFailures, v); }

    /**
     * Reads the settings from configuration properties as Config Admin hands them over (numbers or, from a
     * {@code .cfg} file, strings). A malformed value is logged with its property name and the default is used;
     * an interval below the minimum is raised to the minimum.
     */
    public static PollerSettings fromProperties(Map<String, ?> properties, PollerLog log) {
        PollerSettings d = DEFAULTS;
        long interval = read(properties, INTERVAL, d.intervalMillis(), 1, Long.MAX_VALUE, log);
        if (interval < MIN_INTERVAL_MILLIS) {
            log.warn("configuration carbine.poller: {} = {} is below the minimum; using {}", INTERVAL, interval,
                    MIN_INTERVAL_MILLIS);
            interval = MIN_INTERVAL_MILLIS;
        }
        long timeout = read(properties, TIMEOUT, d.timeoutMillis(), 1, Long.MAX_VALUE, log);
        int offlineAfter = (int) read(properties, OFFLINE_AFTER, d.offlineAfterFailures(), 1, Integer.MAX_VALUE, log);
        int history = (int) read(properties, HISTORY, d.historySize(), 1, 1_000_000, log);
        return new PollerSettings(interval, timeout, offlineAfter, history);
    }

    private static long read(Map<String, ?> properties, String name, long defaultValue, long min, long max,
            PollerLog log) {
        Object raw = properties.get(name);
        if (raw == null) {
            return defaultValue;
        }
        Long value = parseWholeNumber(raw);
        if (value == null) {
            log.warn("configuration carbine.poller: {} = '{}' is not a whole number; using the default {}", name, raw,
                    defaultValue);
            return defaultValue;
        }
        if (value < min || value > max) {
            log.warn("configuration carbine.poller: {} = {} is outside {}..{}; using the default {}", name, value, min,
                    max, defaultValue);
            return defaultValue;
        }
        return value;
    }

    private static Long parseWholeNumber(Object raw) {
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof Number n) {
            double v = n.doubleValue();
            return v == Math.rint(v) && Math.abs(v) < 9e15 ? (long) v : null;
        }
        if (raw instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
