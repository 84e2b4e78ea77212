package carbine.notify.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.osgi.service.event.Event;

import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;
import carbine.api.event.CarbineTopics;
import carbine.api.notify.NotifiedAlert;

/** Reads the alert events of {@code carbine.alerts} (simple values only) back into alerts. */
final class AlertEvents {
    /** What an alert event says happened. */
    enum Type {
        RAISED, ESCALATED, ACKNOWLEDGED, RESOLVED
    }

    record AlertEvent(Type type, NotifiedAlert alert) {}

    private AlertEvents() {}

    /** The event as an alert change; empty for another topic or an event missing a field. */
    static Optional<AlertEvent> read(Event event, Instant fallbackTime) {
        Type type = switch (event.getTopic()) {
            case CarbineTopics.ALERT_RAISED -> Type.RAISED;
            case CarbineTopics.ALERT_ESCALATED -> Type.ESCALATED;
            case CarbineTopics.ALERT_ACKNOWLEDGED -> Type.ACKNOWLEDGED;
            case CarbineTopics.ALERT_RESOLVED -> Type.RESOLVED;
            default -> null;
        };
        if (type == null) {
            return Optional.empty();
        }
        try {
            Instant time;
            try {
                time = Instant.parse(text(event, CarbineTopics.TIME));
            } catch (DateTimeParseException | NullPointerException e) {
                time = fallbackTime;
            }
            NotifiedAlert alert = new NotifiedAlert(text(event, CarbineTopics.ALERT_ID), text(event, CarbineTopics.PRINTER),
                    text(event, CarbineTopics.DETECTOR), text(event, CarbineTopics.KIND),
                    Severity.valueOf(text(event, CarbineTopics.SEVERITY)), text(event, CarbineTopics.MESSAGE),
                    AlertState.valueOf(text(event, CarbineTopics.STATE)), time);
            return Optional.of(new AlertEvent(type, alert));
        } catch (RuntimeException e) { // a field missing or unknown: not an event we can route
            return Optional.empty();
        }
    }

    private static String text(Event event, String key) {
        Object v = event.getProperty(key);
        return v == null ? null : v.toString();
    }
}
