package carbine.api.maintenance;

import java.time.Instant;

/**
 * One planned maintenance task on one printer.
 *
 * @param printerId the printer
 * @param task      the task's name, e.g. {@code nozzle}
 * @param unit      what {@code every} and {@code used} count: {@code printing_hours}, {@code hotend_hours},
 *                  {@code bed_hours}, {@code fan_hours}, {@code heat_cycles}, {@code jobs}, {@code days},
 *                  {@code weeks} or {@code months}
 * @param every     the interval, in {@code unit}
 * @param used      how much of {@code unit} since it was last done (or since counting began)
 * @param lastDone  when it was last marked done, or null if never
 * @param due       whether it is due
 */
public record TaskStatus(String printerId, String task, String unit, double every, double used, Instant lastDone,
        Due due) {
    /** How urgent a task is. */
    public enum Due {
        /** Not yet due. */
        OK,
        /** Within the configured share of its interval from being due: an INFO alert. */
        DUE_SOON,
        /** Its interval has passed: a WARNING alert. */
        OVERDUE
    }
}
