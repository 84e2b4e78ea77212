package carbine.api.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class AlertTest {
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private static Alert active() {
        return new Alert("0123456789ab", "p1", "rules", "FILAMENT_JAM", Severity.CRITICAL, "jammed", T0,
                T0.plusSeconds(30), 7, 0.5, AlertState.ACTIVE, null);
    }

    @Test
    void aResolvedAlertHasItsResolutionTimeAndKeepsTheRest() {
        Alert resolved = active().resolved(T0.plusSeconds(90));

        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.resolvedAt()).isEqualTo(T0.plusSeconds(90));
        assertThat(resolved.isOpen()).isFalse();
        assertThat(resolved).usingRecursiveComparison().ignoringFields("state", "resolvedAt").isEqualTo(active());
    }

    @Test
    void withStateCannotMakeAResolvedAlertWithoutItsTime() {
        assertThatThrownBy(() -> active().withState(AlertState.RESOLVED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resolved(at)");
        assertThatThrownBy(() -> active().resolved(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void acknowledgingKeepsEverythingButTheState() {
        Alert acknowledged = active().withState(AlertState.ACKNOWLEDGED);

        assertThat(acknowledged.state()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(acknowledged.isOpen()).isTrue();
        assertThat(acknowledged.resolvedAt()).isNull();
        assertThat(acknowledged).usingRecursiveComparison().ignoringFields("state").isEqualTo(active());
    }
}
