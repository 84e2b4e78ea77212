package carbine.maintenance.internal;

import java.util.Locale;
import java.util.Optional;

/** What a task's interval counts. */
enum Unit {
    PRINTING_HOURS, HOTEND_HOURS, BED_HOURS, FAN_HOURS, HEAT_CYCLES, JOBS, DAYS, WEEKS, MONTHS;

    private static final double MS_PER_HOUR = 3_600_000.0;
    private static final double MS_PER_DAY = 24 * MS_PER_HOUR;
    /** A month of the Gregorian calendar on average (365.2425 / 12 days). */
    static final double DAYS_PER_MONTH = 30.436875;

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** For messages: "printing hours", "heat cycles", "days". */
    String label() {
        return id().replace('_', ' ');
    }

    boolean calendar() {
        return this == DAYS || this == WEEKS || this == MONTHS;
    }

    static Optional<Unit> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_')));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * How much of this unit lies between a snapshot and now.
     *
     * @param now          the counters now
     * @param then         the counters when the task was last done
     * @param nowMillis    event time now
     * @param thenMillis   when it was last done (or counting began)
     */
    double between(CounterState now, Snapshot then, long nowMillis, long thenMillis) {
        return switch (this) {
            case PRINTING_HOURS -> (now.printingMillis() - then.printingMillis()) / MS_PER_HOUR;
            case HOTEND_HOURS -> (now.hotendMillis() - then.hotendMillis()) / MS_PER_HOUR;
            case BED_HOURS -> (now.bedMillis() - then.bedMillis()) / MS_PER_HOUR;
            case FAN_HOURS -> (now.fanMillis() - then.fanMillis()) / MS_PER_HOUR;
            case HEAT_CYCLES -> now.heatCycles() - then.heatCycles();
            case JOBS -> (now.jobsFinished() + now.jobsFailed()) - then.jobs();
            case DAYS -> Math.max(0, nowMillis - thenMillis) / MS_PER_DAY;
            case WEEKS -> Math.max(0, nowMillis - thenMillis) / MS_PER_DAY / 7;
            case MONTHS -> Math.max(0, nowMillis - thenMillis) / MS_PER_DAY / DAYS_PER_MONTH;
        };
    }

    /** The counters at the moment a task was done; {@link #ZERO} for a task never done. */
    record Snapshot(long printingMillis, long hotendMillis, long bedMillis, long fanMillis, long heatCycles, long jobs) {
        static final Snapshot ZERO = new Snapshot(0, 0, 0, 0, 0, 0);

        static Snapshot of(CounterState s) {
            return new Snapshot(s.printingMillis(), s.hotendMillis(), s.bedMillis(), s.fanMillis(), s.heatCycles(),
                    s.jobsFinished() + s.jobsFailed());
        }
    }
}
