package carbine.notify.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;
import carbine.api.notify.NotifiedAlert;
import carbine.api.notify.Notification;
import carbine.notify.internal.AlertEvents.AlertEvent;
import carbine.notify.internal.AlertEvents.Type;

/** Test data and a clock that moves only when told. */
final class Fixtures {
    private Fixtures() {}

    static final class MutableClock extends Clock {
        private volatile Instant now;
        private final ZoneId zone;

        MutableClock(Instant start) {
            this(start, ZoneOffset.UTC);
        }

        MutableClock(Instant start, ZoneId zone) {
            this.now = start;
            this.zone = zone;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return new MutableClock(now, z);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Records what the router reports. */
    static final class Reports implements Router.Reports {
        final List<String> lines = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        final List<Map.Entry<String, Map<String, Object>>> events = new ArrayList<>();

        @Override
        public synchronized void info(String message) {
            lines.add("INFO " + message);
        }

        @Override
        public synchronized void warn(String message) {
            lines.add("WARN " + message);
        }

        @Override
        public synchronized void error(String message) {
            lines.add("ERROR " + message);
            errors.add(message);
        }

        @Override
        public synchronized void event(String topic, Map<String, Object> properties) {
            events.add(Map.entry(topic, properties));
        }

        final List<String> channelAlerts = new ArrayList<>();

        @Override
        public synchronized void channelFailing(String channelId, String message) {
            channelAlerts.add(channelId + ": " + message);
        }

        synchronized List<String> topics() {
            return events.stream().map(Map.Entry::getKey).toList();
        }
    }

    static NotifiedAlert alert(String id, String printer, String kind, Severity severity) {
        return new NotifiedAlert(id, printer, "rules", kind, severity, kind.toLowerCase() + " on " + printer,
                AlertState.ACTIVE, Instant.parse("2026-12-05T08:00:00Z"));
    }

    static AlertEvent event(Type type, NotifiedAlert a) {
        AlertState state = switch (type) {
            case RAISED, ESCALATED -> AlertState.ACTIVE;
            case ACKNOWLEDGED -> AlertState.ACKNOWLEDGED;
            case RESOLVED -> AlertState.RESOLVED;
        };
        return new AlertEvent(type, new NotifiedAlert(a.id(), a.printerId(), a.detector(), a.kind(), a.severity(),
                a.message(), state, a.time()));
    }

    static Notification notification(Notification.Change change, NotifiedAlert... alerts) {
        List<NotifiedAlert> list = List.of(alerts);
        return Notification.builder(change).id("n-1").groupKey(Router.groupKey(alerts[0]))
                .title(Texts.title(change, list)).body(Texts.body(change, list)).alerts(list)
                .time(Instant.parse("2026-12-05T08:00:30Z")).build();
    }
}
