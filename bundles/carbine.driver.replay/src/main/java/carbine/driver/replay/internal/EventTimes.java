package carbine.driver.replay.internal;

/**
 * The event time rule of every replay file: a repeated timestamp (equal to the previous row's) or a backward one
 * (before it) is moved to 1 ms after the previous row's event time, and so is a timestamp that is after the
 * previous row's timestamp but not after that row's moved time ("crowded"). Event times then strictly increase,
 * which the poller requires and which lets the evaluation map an alert's time back to exactly one row.
 */
final class EventTimes {
    private boolean any;
    private long previousRaw;
    private long previousEvent;
    private int repeated;
    private int backward;
    private int crowded;

    /** The event time of the next row whose own timestamp is {@code raw} (epoch milliseconds). */
    long next(long raw) {
        long event = raw;
        if (any && raw <= previousEvent) {
            if (raw == previousRaw) {
                repeated++;
            } else if (raw < previousRaw) {
                backward++;
            } else {
                crowded++;
            }
            event = previousEvent + 1;
        }
        any = true;
        previousRaw = raw;
        previousEvent = event;
        return event;
    }

    int repeated() { return repeated; }
    int backward() { return backward; }
    int crowded() { return crowded; }
}
