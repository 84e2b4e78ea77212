package carbine.api.notify;

import java.time.Instant;
import java.util.Objects;

import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;

/**
 * One alert as a notification reports it: what the alert event said at the time of the change. Made by Carbine's
 * router; channels only read it (a later version may add components, which keeps every accessor).
 *
 * @param id        the alert's id
 * @param printerId the printer
 * @param detector  the detector's id
 * @param kind      what was found, e.g. {@code HARD_FAILURE}
 * @param severity  the alert's severity at the change
 * @param message   the alert's latest message
 * @param state     the alert's state after the change
 * @param time      event time of the change
 */
public record NotifiedAlert(String id, String printerId, String detector, String kind, Severity severity,
        String message, AlertState state, Instant time) {

    public NotifiedAlert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(printerId, "printerId");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(time, "time");
    }
}
