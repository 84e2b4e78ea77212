package carbine.alerts.internal;

import static carbine.alerts.internal.Samples.at;
import static carbine.alerts.internal.Samples.warning;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import carbine.alerts.internal.AlertChange.Type;
import carbine.api.alert.AlertState;

/** Alerts of a detector that is removed resolve, with that reason, instead of staying open for ever. */
class GoneDetectorsTest {
    private static final Instant WALL = Instant.parse("2026-12-01T08:00:00Z");
    private final GoneDetectors gone = new GoneDetectors(Duration.ofSeconds(60));

    @Test
    void aDetectorGoneForTheGracePeriodIsReportedOnce() {
        assertThat(gone.goneFor(Set.of("cusum"), Set.of("cusum", "rules"), WALL)).isEmpty();
        // uninstalled
        assertThat(gone.goneFor(Set.of("cusum"), Set.of("rules"), WALL)).isEmpty();
        assertThat(gone.goneFor(Set.of("cusum"), Set.of("rules"), WALL.plusSeconds(59))).isEmpty();
        assertThat(gone.goneFor(Set.of("cusum"), Set.of("rules"), WALL.plusSeconds(60))).containsExactly("cusum");
        assertThat(gone.goneFor(Set.of(), Set.of("rules"), WALL.plusSeconds(61))).isEmpty();
    }

    @Test
    void anUpdateWithinTheGraceResolvesNothing() {
        assertThat(gone.goneFor(Set.of("cusum"), Set.of(), WALL)).isEmpty(); // the old service has left ...
        assertThat(gone.goneFor(Set.of("cusum"), Set.of("cusum"), WALL.plusSeconds(1))).isEmpty(); // ... the new came
        assertThat(gone.goneFor(Set.of("cusum"), Set.of("cusum"), WALL.plusSeconds(600))).isEmpty();
    }

    @Test
    void alertsRestoredForADetectorThatNeverComesResolveAfterTheGrace() {
        assertThat(gone.goneFor(Set.of("removed-long-ago", "poller"), Set.of(), WALL)).isEmpty();
        assertThat(gone.goneFor(Set.of("removed-long-ago", "poller"), Set.of(), WALL.plusSeconds(60)))
                .as("the poller's own alerts belong to no detector service").containsExactly("removed-long-ago");
    }

    @Test
    void retiringResolvesEveryOpenAlertOfThatDetectorOnEveryPrinter() {
        AlertBook book = new AlertBook(Duration.ofSeconds(30), Clock.fixed(WALL, ZoneOffset.UTC));
        book.report("cusum", at(0), List.of(warning("DRIFT")));
        book.report("cusum", Samples.at("p2", 0), List.of(warning("DRIFT")));
        book.report("rules", at(0), List.of(warning("OVERHEAT")));

        List<AlertChange> changes = book.retire("cusum", "resolved: gone", WALL);

        assertThat(changes).hasSize(2).allSatisfy(c -> {
            assertThat(c.type()).isEqualTo(Type.RESOLVED);
            assertThat(c.alert().state()).isEqualTo(AlertState.RESOLVED);
            assertThat(c.alert().resolvedAt()).isEqualTo(WALL);
            assertThat(c.alert().message()).isEqualTo("resolved: gone");
        });
        assertThat(book.open()).singleElement().satisfies(a -> assertThat(a.detector()).isEqualTo("rules"));
        assertThat(book.detectorsWithOpenAlerts()).containsExactly("rules");
    }
}
