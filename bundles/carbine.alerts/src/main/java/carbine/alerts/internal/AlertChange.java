package carbine.alerts.internal;

import java.time.Instant;
import java.util.Objects;

import carbine.api.alert.Alert;

/**
 * One change the {@link AlertBook} made to an alert.
 *
 * @param type  what happened
 * @param alert the alert after the change
 * @param time  when it happened: the sample's event time, or the wall-clock time of an acknowledgement
 * @param actor who made the change by hand (an acknowledgement), null for changes made by detectors' findings
 */
public record AlertChange(Type type, Alert alert, Instant time, String actor) {
    public enum Type {
        /** A new alert. */
        RAISED,
        /** An open alert got a higher severity. */
        ESCALATED,
        /** A repeat of an open alert at the same or a lower severity. */
        UPDATED,
        ACKNOWLEDGED,
        RESOLVED;

        /** Whether this change is announced (event, alerts.log) and saved at once; repeats are not. */
        public boolean isNotable() {
            return this != UPDATED;
        }
    }

    public AlertChange {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(time, "time");
    }

    /** A change made by a detector's finding (no actor). */
    public AlertChange(Type type, Alert alert, Instant time) {
        this(type, alert, time, null);
    }
}
