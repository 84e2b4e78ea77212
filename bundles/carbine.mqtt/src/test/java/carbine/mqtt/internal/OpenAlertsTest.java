package carbine.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;
import carbine.api.event.CarbineTopics;
import carbine.api.notify.NotifiedAlert;

/** The open alerts as carbine.alerts' events tell them (the properties its AlertRecorder posts). */
class OpenAlertsTest {
    static final Instant T = Instant.parse("2026-12-05T10:00:00Z");
    final OpenAlerts alerts = new OpenAlerts();

    static Event event(String topic, String id, String printer, String severity, String state, Instant time) {
        Map<String, Object> p = new HashMap<>(Map.of(CarbineTopics.ALERT_ID, id, CarbineTopics.PRINTER, printer,
                CarbineTopics.DETECTOR, "rules", CarbineTopics.KIND, "OVERHEAT", CarbineTopics.SEVERITY, severity,
                CarbineTopics.MESSAGE, "nozzle too hot", CarbineTopics.STATE, state, CarbineTopics.TIME,
                time.toString()));
        return new Event(topic, p);
    }

    @Test
    void raisedEscalatedAcknowledgedAndResolved() {
        assertThat(alerts.apply(event(CarbineTopics.ALERT_RAISED, "a1", "p1", "WARNING", "ACTIVE", T))).isTrue();
        assertThat(alerts.apply(event(CarbineTopics.ALERT_RAISED, "a2", "p1", "INFO", "ACTIVE", T.plusSeconds(5))))
                .isTrue();
        assertThat(alerts.apply(event(CarbineTopics.ALERT_RAISED, "b1", "p2", "CRITICAL", "ACTIVE", T))).isTrue();
        assertThat(alerts.byPrinter().get("p1")).extracting(NotifiedAlert::id).containsExactly("a2", "a1");

        alerts.apply(event(CarbineTopics.ALERT_ESCALATED, "a1", "p1", "CRITICAL", "ACTIVE", T.plusSeconds(9)));
        alerts.apply(event(CarbineTopics.ALERT_ACKNOWLEDGED, "a1", "p1", "CRITICAL", "ACKNOWLEDGED", T.plusSeconds(20)));
        NotifiedAlert a1 = alerts.byPrinter().get("p1").get(1);
        assertThat(a1.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(a1.state()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(a1.time()).as("the time the alert was raised").isEqualTo(T);

        alerts.apply(event(CarbineTopics.ALERT_RESOLVED, "a1", "p1", "CRITICAL", "RESOLVED", T.plusSeconds(60)));
        assertThat(alerts.byPrinter().get("p1")).extracting(NotifiedAlert::id).containsExactly("a2");
        assertThat(alerts.byPrinter().get("p2")).extracting(NotifiedAlert::id).containsExactly("b1");
    }

    @Test
    void otherTopicsAndIncompleteEventsChangeNothing() {
        assertThat(alerts.apply(new Event(CarbineTopics.TELEMETRY_SAMPLE, Map.of(CarbineTopics.PRINTER, "p1"))))
                .isFalse();
        Map<String, Object> noSeverity = new HashMap<>(Map.of(CarbineTopics.ALERT_ID, "x", CarbineTopics.PRINTER, "p1",
                CarbineTopics.DETECTOR, "d", CarbineTopics.KIND, "K", CarbineTopics.MESSAGE, "m", CarbineTopics.STATE,
                "ACTIVE"));
        assertThat(alerts.apply(new Event(CarbineTopics.ALERT_RAISED, noSeverity))).isFalse();
        assertThat(alerts.apply(event(CarbineTopics.ALERT_RAISED, "y", "p1", "LOUD", "ACTIVE", T))).isFalse();
        assertThat(alerts.byPrinter()).isEmpty();
    }

    @Test
    void theSeedAddsWhatWasOpenBeforeButNeverBringsBackAResolvedOne() {
        alerts.apply(event(CarbineTopics.ALERT_RESOLVED, "old", "p1", "WARNING", "RESOLVED", T));
        alerts.apply(event(CarbineTopics.ALERT_RAISED, "new", "p1", "WARNING", "ACTIVE", T.plusSeconds(1)));
        alerts.seed(List.of(alert("old", AlertState.ACTIVE), alert("before", AlertState.ACTIVE),
                alert("new", AlertState.ACTIVE), alert("gone", AlertState.RESOLVED)));
        assertThat(alerts.byPrinter().get("p1")).extracting(NotifiedAlert::id).containsExactly("new", "before");
    }

    static Alert alert(String id, AlertState state) {
        return new Alert(id, "p1", "rules", "OVERHEAT", Severity.WARNING, "m", T.minusSeconds(30), T, 3, Double.NaN,
                state, state == AlertState.RESOLVED ? T : null);
    }
}
