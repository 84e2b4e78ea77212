package carbine.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;
import carbine.api.event.CarbineTopics;
import carbine.notify.internal.AlertEvents.Type;

/** The events as carbine.alerts posts them (AlertRecorder.event: simple values, time as ISO-8601 text). */
class AlertEventsTest {
    static Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>();
        p.put(CarbineTopics.ALERT_ID, "0123456789ab");
        p.put(CarbineTopics.PRINTER, "farm-01");
        p.put(CarbineTopics.DETECTOR, "rules");
        p.put(CarbineTopics.KIND, "HARD_FAILURE");
        p.put(CarbineTopics.SEVERITY, "CRITICAL");
        p.put(CarbineTopics.MESSAGE, "printer reports ERROR");
        p.put(CarbineTopics.STATE, "ACKNOWLEDGED");
        p.put(CarbineTopics.TIME, "2026-12-05T08:00:01.250Z");
        p.put(CarbineTopics.ACTOR, "shell");
        return p;
    }

    @Test
    void readsEveryAlertTopic() {
        var e = AlertEvents.read(new Event(CarbineTopics.ALERT_ACKNOWLEDGED, properties()), Instant.EPOCH).orElseThrow();
        assertThat(e.type()).isEqualTo(Type.ACKNOWLEDGED);
        assertThat(e.alert().id()).isEqualTo("0123456789ab");
        assertThat(e.alert().printerId()).isEqualTo("farm-01");
        assertThat(e.alert().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(e.alert().state()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(e.alert().time()).isEqualTo(Instant.parse("2026-12-05T08:00:01.250Z"));
        assertThat(AlertEvents.read(new Event(CarbineTopics.ALERT_RAISED, properties()), Instant.EPOCH))
                .hasValueSatisfying(r -> assertThat(r.type()).isEqualTo(Type.RAISED));
        assertThat(AlertEvents.read(new Event(CarbineTopics.ALERT_ESCALATED, properties()), Instant.EPOCH))
                .hasValueSatisfying(r -> assertThat(r.type()).isEqualTo(Type.ESCALATED));
        assertThat(AlertEvents.read(new Event(CarbineTopics.ALERT_RESOLVED, properties()), Instant.EPOCH))
                .hasValueSatisfying(r -> assertThat(r.type()).isEqualTo(Type.RESOLVED));
    }

    @Test
    void otherTopicsAndIncompleteEventsAreIgnored() {
        assertThat(AlertEvents.read(new Event(CarbineTopics.PRINTER_OFFLINE, properties()), Instant.EPOCH)).isEmpty();
        Map<String, Object> p = properties();
        p.remove(CarbineTopics.PRINTER);
        assertThat(AlertEvents.read(new Event(CarbineTopics.ALERT_RAISED, p), Instant.EPOCH)).isEmpty();
        Map<String, Object> q = properties();
        q.put(CarbineTopics.SEVERITY, "APOCALYPTIC");
        assertThat(AlertEvents.read(new Event(CarbineTopics.ALERT_RAISED, q), Instant.EPOCH)).isEmpty();
    }

    @Test
    void aMissingTimeFallsBackToNow() {
        Map<String, Object> p = properties();
        p.remove(CarbineTopics.TIME);
        Instant now = Instant.parse("2026-12-05T09:00:00Z");
        assertThat(AlertEvents.read(new Event(CarbineTopics.ALERT_RAISED, p), now).orElseThrow().alert().time())
                .isEqualTo(now);
    }
}
