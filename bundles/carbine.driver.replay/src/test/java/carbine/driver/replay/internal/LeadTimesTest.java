package carbine.driver.replay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;

class LeadTimesTest {
    private static final Instant FIRST = Instant.parse("2024-04-20T05:00:00Z");
    private static final Instant SECOND = Instant.parse("2024-04-20T05:10:00Z");

    private static Alert alert(String id, String detector, String kind, Instant first, Instant last) {
        return new Alert(id, "p", detector, kind, Severity.CRITICAL, "m" + id, first, last, 1, Double.NaN,
                AlertState.ACTIVE, null);
    }

    @Test
    void firstAlertOfEachDetectorBeforeEachOnsetAndTheAlertsFiringAtIt() {
        List<ReplayProgress.ErrorOnset> onsets = List.of(new ReplayProgress.ErrorOnset(FIRST, 10, "ADC out of range"),
                new ReplayProgress.ErrorOnset(SECOND, 20, "Timer too close"));
        List<Alert> alerts = List.of(
                alert("000000000002", "isolation-forest", "ANOMALY", FIRST.minusSeconds(4), FIRST.minusSeconds(4)),
                alert("000000000001", "isolation-forest", "ANOMALY", FIRST.minusSeconds(725), FIRST.minusSeconds(700)),
                alert("000000000003", "rules", "HARD_FAILURE", FIRST, SECOND),
                alert("000000000004", "rules", "OVERHEAT", SECOND.plusSeconds(1), SECOND.plusSeconds(1)));

        List<String> lines = LeadTimes.lines(onsets, alerts);

        assertThat(lines).containsExactly(
                "ERROR 1 at 2024-04-20T05:00:00Z (row 10): ADC out of range | first alert before it (since the "
                        + "start): isolation-forest 12 min 05 s earlier at 2024-04-20T04:47:55Z (CRITICAL ANOMALY) | "
                        + "at it: rules CRITICAL HARD_FAILURE \"m000000000003\"",
                "ERROR 2 at 2024-04-20T05:10:00Z (row 20): Timer too close | first alert before it (since ERROR 1): "
                        + "none | at it: rules CRITICAL HARD_FAILURE still open, raised at 2024-04-20T05:00:00Z");
    }

    @Test
    void formatsLeadTimes() {
        assertThat(LeadTimes.format(Duration.ofMillis(4_001))).isEqualTo("4.0 s");
        assertThat(LeadTimes.format(Duration.ofSeconds(723))).isEqualTo("12 min 03 s");
        assertThat(LeadTimes.format(Duration.ofSeconds(3 * 3600 + 129))).isEqualTo("3 h 02 min 09 s");
    }
}
