package carbine.storage.sqlite.internal;

import java.time.Instant;

/** Times are stored as whole milliseconds since the epoch (UTC). */
final class EpochMillis {
    private EpochMillis() {}

    /**
     * The first whole millisecond at or after {@code t}, clamped to the long range. For stored (whole-millisecond)
     * times {@code stored >= t} holds exactly when {@code stored >= ceil(t)}, so both ends of a half-open range
     * {@code [from, to)} convert with this.
     */
    static long ceil(Instant t) {
        long seconds = t.getEpochSecond();
        int nanos = t.getNano();
        if (seconds >= Long.MAX_VALUE / 1000) {
            return Long.MAX_VALUE;
        }
        if (seconds <= Long.MIN_VALUE / 1000) {
            return Long.MIN_VALUE;
        }
        return seconds * 1000 + (nanos + 999_999) / 1_000_000;
    }

    /** True if {@code t} can be stored, i.e. {@link Instant#toEpochMilli()} does not overflow. */
    static boolean fits(Instant t) {
        try {
            t.toEpochMilli();
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
    }
}
