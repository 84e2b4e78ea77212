package carbine.mqtt.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.event.Event;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;
import carbine.api.event.CarbineTopics;
import carbine.api.notify.NotifiedAlert;

/**
 * The open alerts as the alert events ({@code carbine/alert/*}) tell them: raised, escalated and acknowledged ones
 * are kept, resolved ones dropped. Thread-safe. Alerts that were open before this bundle started are added once from
 * the alert service ({@link #seed}); an alert resolved meanwhile is not brought back.
 */
final class OpenAlerts {
    private static final int REMEMBERED_RESOLVED = 10_000;
    private final Map<String, NotifiedAlert> open = new HashMap<>();
    private final Map<String, Boolean> resolved = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_RESOLVED;
        }
    };

    /** Applies an alert event; returns false (and changes nothing) for another topic or an incomplete event. */
    synchronized boolean apply(Event event) {
        String topic = event.getTopic();
        try {
            String id = text(event, CarbineTopics.ALERT_ID);
            if (CarbineTopics.ALERT_RESOLVED.equals(topic)) {
                open.remove(id);
                resolved.put(id, Boolean.TRUE);
                return true;
            }
            if (!CarbineTopics.ALERT_RAISED.equals(topic) && !CarbineTopics.ALERT_ESCALATED.equals(topic)
                    && !CarbineTopics.ALERT_ACKNOWLEDGED.equals(topic)) {
                return false;
            }
            Instant time;
            try {
                time = Instant.parse(text(event, CarbineTopics.TIME));
            } catch (DateTimeParseException | NullPointerException e) {
                time = Instant.now();
            }
            NotifiedAlert a = new NotifiedAlert(id, text(event, CarbineTopics.PRINTER),
                    text(event, CarbineTopics.DETECTOR), text(event, CarbineTopics.KIND),
                    Severity.valueOf(text(event, CarbineTopics.SEVERITY)), text(event, CarbineTopics.MESSAGE),
                    AlertState.valueOf(text(event, CarbineTopics.STATE)), time);
            NotifiedAlert before = open.get(id);
            // the first time stays the alert's time: a later event (an acknowledgement) changes state, not age
            open.put(id, before == null ? a : new NotifiedAlert(id, a.printerId(), a.detector(), a.kind(),
                    a.severity(), a.message(), a.state(), before.time()));
            return true;
        } catch (RuntimeException e) { // a field missing or unknown
            return false;
        }
    }

    /** Adds alerts open before the events began, unless an event already told about them. */
    synchronized void seed(List<Alert> alerts) {
        for (Alert a : alerts) {
            if (a.isOpen() && !open.containsKey(a.id()) && !resolved.containsKey(a.id())) {
                open.put(a.id(), new NotifiedAlert(a.id(), a.printerId(), a.detector(), a.kind(), a.severity(),
                        a.message(), a.state(), a.firstSeen()));
            }
        }
    }

    /** The open alerts by printer, each list newest first. */
    synchronized Map<String, List<NotifiedAlert>> byPrinter() {
        Map<String, List<NotifiedAlert>> by = new HashMap<>();
        for (NotifiedAlert a : open.values()) {
            by.computeIfAbsent(a.printerId(), p -> new ArrayList<>()).add(a);
        }
        Comparator<NotifiedAlert> newestFirst = Comparator.comparing(NotifiedAlert::time).reversed()
                .thenComparing(NotifiedAlert::id);
        for (List<NotifiedAlert> list : by.values()) {
            list.sort(newestFirst);
        }
        return by;
    }

    static List<NotifiedAlert> none() {
        return Collections.emptyList();
    }

    private static String text(Event event, String key) {
        Object v = event.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return v.toString();
    }
}
