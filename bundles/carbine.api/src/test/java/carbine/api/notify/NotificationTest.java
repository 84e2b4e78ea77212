package carbine.api.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;

class NotificationTest {
    static NotifiedAlert alert(String id, Severity severity) {
        return new NotifiedAlert(id, "printer-" + id, "rules", "HARD_FAILURE", severity, "m", AlertState.ACTIVE,
                Instant.EPOCH);
    }

    @Test
    void builtWithABuilderAndImmutable() {
        List<NotifiedAlert> alerts = new ArrayList<>(List.of(alert("1", Severity.WARNING), alert("2", Severity.CRITICAL)));
        Notification n = Notification.builder(Notification.Change.RAISED).id("x").groupKey("rules/HARD_FAILURE")
                .title("t").body("b").time(Instant.EPOCH).alerts(alerts).build();
        alerts.clear();
        assertThat(n.alerts()).hasSize(2);
        assertThat(n.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(n.change()).isEqualTo(Notification.Change.RAISED);
        assertThatThrownBy(() -> n.alerts().add(alert("3", Severity.INFO)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aNotificationIsAboutAtLeastOneAlert() {
        assertThatThrownBy(() -> Notification.builder(Notification.Change.RESOLVED).id("x").title("t").body("b")
                .time(Instant.EPOCH).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Notification.builder(Notification.Change.RESOLVED).title("t").body("b")
                .time(Instant.EPOCH).alert(alert("1", Severity.INFO)).build()).isInstanceOf(NullPointerException.class);
    }
}
