package carbine.api.alert;

import java.time.Instant;
import java.util.Objects;

/**
 * An alert: the lasting record of a finding of one detector on one printer.
 *
 * @param id        unique id (12 hex digits)
 * @param printerId the printer
 * @param detector  the detector's id ({@code carbine.detector.id}), or {@code poller} for connectivity alerts
 * @param kind      what was found, e.g. {@code THERMAL_RUNAWAY}
 * @param severity  the highest severity seen while the alert was open
 * @param message   the latest message
 * @param firstSeen event time of the first finding
 * @param lastSeen  event time of the latest finding
 * @param count     how many samples produced this finding
 * @param score     the latest score, {@code NaN} where the detector has none
 * @param state     ACTIVE, ACKNOWLEDGED or RESOLVED
 * @param resolvedAt event time at which it was resolved, or null
 */
public record Alert(String id, String printerId, String detector, String kind, Severity severity, String message,
        Instant firstSeen, Instant lastSeen, long count, double score, AlertState state, Instant resolvedAt) {

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(printerId, "printerId");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(state, "state");
    }

    /** True until the alert is resolved (acknowledged alerts are still open). */
    public boolean isOpen() {
        return state != AlertState.RESOLVED;
    }

    /**
     * This alert in an open state ({@code ACTIVE} or {@code ACKNOWLEDGED}); an open alert has no {@code resolvedAt}.
     *
     * @throws IllegalArgumentException for {@code RESOLVED}: an alert resolves at a time, see {@link #resolved(Instant)}
     */
    public Alert withState(AlertState newState) {
        if (newState == AlertState.RESOLVED) {
            throw new IllegalArgumentException("an alert resolves at a time: use resolved(at), not withState(RESOLVED)");
        }
        return new Alert(id, printerId, detector, kind, severity, message, firstSeen, lastSeen, count, score, newState,
                null);
    }

    /**
     * This alert resolved at {@code at} (event time), everything else kept.
     *
     * @since 1.0
     */
    public Alert resolved(Instant at) {
        return new Alert(id, printerId, detector, kind, severity, message, firstSeen, lastSeen, count, score,
                AlertState.RESOLVED, Objects.requireNonNull(at, "at"));
    }
}
