package carbine.poller.internal;

import java.util.Map;

import carbine.config.Configs;

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
    /** The defaults of {@link Config}, the one place they are written. */
    public static final PollerSettings DEFAULTS = fromProperties(Map.of(), PollerLog.SILENT);

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
        Config c = Configs.read(Config.class, properties, p -> {
            if (String.valueOf(p.value()).matches("-?\\d+")) { // the poller's wording for a number out of range
                log.warn("configuration carbine.poller: {} = {} is outside its range ({}); using the default {}",
                        p.property(), p.value(), p.expected(), p.fallback());
            } else {
                log.warn("configuration carbine.poller: {}", p.toString().replaceFirst("^configuration ", ""));
            }
        });
        long interval = c.intervalMillis();
        if (interval < MIN_INTERVAL_MILLIS) {
            log.warn("configuration carbine.poller: {} = {} is below the minimum; using {}", INTERVAL, interval,
                    MIN_INTERVAL_MILLIS);
            interval = MIN_INTERVAL_MILLIS;
        }
        return new PollerSettings(interval, c.timeoutMillis(), c.offlineAfterFailures(), c.historySize());
    }
}
