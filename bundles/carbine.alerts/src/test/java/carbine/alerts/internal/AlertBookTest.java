package carbine.alerts.internal;

import static carbine.alerts.internal.Samples.T0;
import static carbine.alerts.internal.Samples.at;
import static carbine.alerts.internal.Samples.critical;
import static carbine.alerts.internal.Samples.warning;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import carbine.alerts.internal.AlertChange.Type;
import carbine.api.alert.Alert;
import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;
import carbine.api.detector.Finding;

class AlertBookTest {
    private static final Instant WALL = Instant.parse("2026-12-01T08:00:00Z");
    private final AlertBook book = new AlertBook(Duration.ofSeconds(30), Clock.fixed(WALL, ZoneOffset.UTC));

    private static List<Type> types(List<AlertChange> changes) {
        return changes.stream().map(AlertChange::type).toList();
    }

    @Test
    void aFindingRaisesAnAlert() {
        List<AlertChange> changes = book.report("rules", at(0), List.of(warning("FAN_FAILURE")));

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(Type.RAISED);
            assertThat(c.time()).isEqualTo(T0);
            Alert a = c.alert();
            assertThat(a.id()).matches("[0-9a-f]{12}");
            assertThat(a.printerId()).isEqualTo("p1");
            assertThat(a.detector()).isEqualTo("rules");
            assertThat(a.kind()).isEqualTo("FAN_FAILURE");
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.message()).isEqualTo("FAN_FAILURE seen");
            assertThat(a.firstSeen()).isEqualTo(T0);
            assertThat(a.lastSeen()).isEqualTo(T0);
            assertThat(a.count()).isEqualTo(1);
            assertThat(a.score()).isEqualTo(0.5);
            assertThat(a.state()).isEqualTo(AlertState.ACTIVE);
            assertThat(a.resolvedAt()).isNull();
        });
        assertThat(book.open()).containsExactly(changes.get(0).alert());
    }

    @Test
    void repeatsUpdateOneAlert() {
        String id = book.report("rules", at(0), List.of(warning("FAN_FAILURE"))).get(0).alert().id();
        List<AlertChange> last = List.of();
        for (int s = 1; s < 10; s++) {
            Finding f = new Finding("FAN_FAILURE", Severity.WARNING, "repeat " + s, s / 10.0);
            last = book.report("rules", at(s), List.of(f));
            assertThat(types(last)).containsExactly(Type.UPDATED);
        }

        assertThat(book.open()).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo(id);
            assertThat(a.count()).isEqualTo(10);
            assertThat(a.firstSeen()).isEqualTo(T0);
            assertThat(a.lastSeen()).isEqualTo(T0.plusSeconds(9));
            assertThat(a.message()).isEqualTo("repeat 9");
            assertThat(a.score()).isEqualTo(0.9);
        });
        assertThat(last.get(0).alert()).isEqualTo(book.open().get(0));
    }

    @Test
    void severityOnlyGoesUp() {
        book.report("rules", at(0), List.of(warning("OVERHEAT")));

        List<AlertChange> up = book.report("rules", at(1), List.of(critical("OVERHEAT")));
        List<AlertChange> down = book.report("rules", at(2), List.of(warning("OVERHEAT")));

        assertThat(types(up)).containsExactly(Type.ESCALATED);
        assertThat(up.get(0).alert().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(types(down)).containsExactly(Type.UPDATED);
        assertThat(down.get(0).alert().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(down.get(0).alert().message()).isEqualTo("OVERHEAT seen");
        assertThat(book.open()).hasSize(1);
    }

    @Test
    void resolvesAfterExactlyResolveAfterSecondsOfEventTime() {
        Alert raised = book.report("rules", at(0), List.of(warning("FAN_FAILURE"))).get(0).alert();

        assertThat(book.report("rules", at(5), List.of())).as("clear since second 5").isEmpty();
        assertThat(book.report("rules", at(20), List.of())).isEmpty();
        assertThat(book.report("rules", at(34), List.of())).isEmpty();
        var justBefore = at("p1", 0).toBuilder().time(T0.plusSeconds(35).minusMillis(1)).build();
        assertThat(book.report("rules", justBefore, List.of())).isEmpty();
        assertThat(book.open()).hasSize(1);

        List<AlertChange> changes = book.report("rules", at(35), List.of());

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(Type.RESOLVED);
            assertThat(c.time()).isEqualTo(T0.plusSeconds(35));
            assertThat(c.alert().id()).isEqualTo(raised.id());
            assertThat(c.alert().state()).isEqualTo(AlertState.RESOLVED);
            assertThat(c.alert().resolvedAt()).isEqualTo(T0.plusSeconds(35));
            assertThat(c.alert().lastSeen()).isEqualTo(T0);
        });
        assertThat(book.open()).isEmpty();
        assertThat(book.report("rules", at(60), List.of())).isEmpty();
    }

    @Test
    void theWallClockPlaysNoPartInResolving() {
        book.report("rules", at(0), List.of(warning("FAN_FAILURE")));
        for (int i = 0; i < 100; i++) { // many reports at the same event time: no time passes
            assertThat(book.report("rules", at(1), List.of())).isEmpty();
        }
        assertThat(book.open()).hasSize(1);
    }

    @Test
    void theClearMarkIsDroppedWhenTheFindingReturns() {
        book.report("rules", at(0), List.of(warning("FAN_FAILURE")));
        book.report("rules", at(10), List.of()); // clear since 10
        book.report("rules", at(20), List.of(warning("FAN_FAILURE"))); // back
        book.report("rules", at(25), List.of()); // clear since 25

        assertThat(book.report("rules", at(54), List.of())).as("only 29 s clear").isEmpty();
        assertThat(types(book.report("rules", at(55), List.of()))).containsExactly(Type.RESOLVED);
    }

    @Test
    void theSameConditionAfterResolutionIsANewAlert() {
        String first = book.report("rules", at(0), List.of(warning("FAN_FAILURE"))).get(0).alert().id();
        book.report("rules", at(1), List.of());
        book.report("rules", at(31), List.of());

        List<AlertChange> again = book.report("rules", at(40), List.of(warning("FAN_FAILURE")));

        assertThat(again).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(Type.RAISED);
            assertThat(c.alert().id()).isNotEqualTo(first).matches("[0-9a-f]{12}");
            assertThat(c.alert().count()).isEqualTo(1);
            assertThat(c.alert().firstSeen()).isEqualTo(T0.plusSeconds(40));
        });
    }

    @Test
    void acknowledgingKeepsTheAlertOpenThroughRepeatsUntilItResolves() {
        String id = book.report("rules", at(0), List.of(warning("FAN_FAILURE"))).get(0).alert().id();

        var ack = book.acknowledge(id, "tester");

        assertThat(ack).hasValueSatisfying(c -> {
            assertThat(c.type()).isEqualTo(Type.ACKNOWLEDGED);
            assertThat(c.time()).isEqualTo(WALL);
            assertThat(c.alert().state()).isEqualTo(AlertState.ACKNOWLEDGED);
        });
        assertThat(book.acknowledge(id, "tester")).as("already acknowledged: no change").isEmpty();
        assertThat(book.find(id)).map(Alert::state).hasValue(AlertState.ACKNOWLEDGED);

        List<AlertChange> repeat = book.report("rules", at(1), List.of(critical("FAN_FAILURE")));
        assertThat(types(repeat)).containsExactly(Type.ESCALATED);
        assertThat(repeat.get(0).alert().state()).isEqualTo(AlertState.ACKNOWLEDGED);

        book.report("rules", at(2), List.of());
        List<AlertChange> resolved = book.report("rules", at(32), List.of());
        assertThat(types(resolved)).containsExactly(Type.RESOLVED);
        assertThat(resolved.get(0).alert().state()).isEqualTo(AlertState.RESOLVED);
        assertThat(book.acknowledge(id, "tester")).as("no longer open").isEmpty();
    }

    @Test
    void acknowledgingAnUnknownIdChangesNothing() {
        book.report("rules", at(0), List.of(warning("FAN_FAILURE")));
        assertThat(book.acknowledge("000000000000", "tester")).isEmpty();
        assertThat(book.open()).extracting(Alert::state).containsExactly(AlertState.ACTIVE);
    }

    @Test
    void printersDetectorsAndKindsAreIndependent() {
        book.report("rules", at("p1", 0), List.of(warning("FAN_FAILURE"), critical("OVERHEAT")));
        book.report("iforest", at("p1", 0), List.of(warning("ANOMALY")));
        book.report("rules", at("p2", 0), List.of(warning("FAN_FAILURE")));
        book.report("poller", at("p3", 0), List.of(critical("OFFLINE")));
        assertThat(book.open()).hasSize(5);

        // another detector, another printer finding nothing: p1's rules alerts stay
        assertThat(book.report("iforest", at("p1", 100), List.of())).isEmpty();
        assertThat(book.report("rules", at("p2", 100), List.of())).isEmpty();
        // rules on p1 no longer sees the fan, only the overheat
        assertThat(book.report("rules", at("p1", 100), List.of(critical("OVERHEAT")))).extracting(AlertChange::type)
                .containsExactly(Type.UPDATED);

        assertThat(types(book.report("rules", at("p1", 130), List.of(critical("OVERHEAT")))))
                .containsExactlyInAnyOrder(Type.UPDATED, Type.RESOLVED);
        assertThat(types(book.report("iforest", at("p1", 130), List.of()))).containsExactly(Type.RESOLVED);
        assertThat(types(book.report("rules", at("p2", 130), List.of()))).containsExactly(Type.RESOLVED);
        assertThat(book.open()).extracting(a -> a.printerId() + "/" + a.detector() + "/" + a.kind())
                .containsExactlyInAnyOrder("p1/rules/OVERHEAT", "p3/poller/OFFLINE");
    }

    @Test
    void openAlertsAreNewestFirst() {
        book.report("rules", at("p1", 0), List.of(warning("A")));
        book.report("rules", at("p2", 5), List.of(warning("B")));
        book.report("rules", at("p3", 3), List.of(warning("C")));
        assertThat(book.open()).extracting(Alert::kind).containsExactly("B", "C", "A");
    }

    @Test
    void twoFindingsOfOneKindInOneReportCountOnceWithTheHigherSeverity() {
        List<AlertChange> changes = book.report("rules", at(0), List.of(warning("OVERHEAT"), critical("OVERHEAT")));
        assertThat(changes).singleElement().satisfies(c -> assertThat(c.alert().severity()).isEqualTo(Severity.CRITICAL));
    }

    @Test
    void restoredAlertsResolveLikeAnyOther() {
        Alert saved = new Alert("abcdef012345", "p1", "rules", "FAN_FAILURE", Severity.WARNING, "fan", T0, T0, 7,
                Double.NaN, AlertState.ACKNOWLEDGED, null);
        Alert resolved = new Alert("bbbbbbbbbbbb", "p1", "rules", "OVERHEAT", Severity.WARNING, "hot", T0, T0, 1,
                Double.NaN, AlertState.RESOLVED, T0);

        assertThat(book.restore(List.of(saved, resolved))).isEqualTo(1);
        assertThat(book.restore(List.of(saved))).as("already there").isZero();
        assertThat(types(book.report("rules", at(60), List.of(warning("FAN_FAILURE"))))).containsExactly(Type.UPDATED);
        assertThat(book.find("abcdef012345")).hasValueSatisfying(a -> assertThat(a.count()).isEqualTo(8));

        book.report("rules", at(61), List.of());
        assertThat(book.report("rules", at(91), List.of())).singleElement()
                .satisfies(c -> assertThat(c.alert().id()).isEqualTo("abcdef012345"));
    }

    @Test
    void aChangedResolveTimeAppliesToOpenAlerts() {
        book.report("rules", at(0), List.of(warning("FAN_FAILURE")));
        book.report("rules", at(1), List.of());
        book.setResolveAfter(Duration.ofSeconds(5));
        assertThat(types(book.report("rules", at(6), List.of()))).containsExactly(Type.RESOLVED);
    }

    @Test
    void idsAreTwelveRandomHexDigits() {
        var ids = new java.util.HashSet<String>();
        for (int i = 0; i < 1000; i++) {
            ids.add(AlertBook.randomId());
        }
        assertThat(ids).hasSize(1000).allMatch(id -> id.matches("[0-9a-f]{12}"));
    }

    @Test
    void aClashingIdIsDrawnAgain() {
        var drawn = new java.util.ArrayDeque<>(List.of("aaaaaaaaaaaa", "aaaaaaaaaaaa", "bbbbbbbbbbbb"));
        AlertBook fixed = new AlertBook(Duration.ofSeconds(30), Clock.systemUTC(), drawn::poll);
        fixed.report("rules", at("p1", 0), List.of(warning("A")));
        fixed.report("rules", at("p2", 0), List.of(warning("A")));
        assertThat(fixed.open()).extracting(Alert::id).containsExactlyInAnyOrder("aaaaaaaaaaaa", "bbbbbbbbbbbb");
    }

    @Test
    void concurrentReportsForDifferentPrintersKeepEveryCount() throws Exception {
        int printers = 8;
        int samples = 500;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < printers; p++) {
                String printer = "p" + p;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int s = 0; s < samples; s++) {
                        book.report("rules", at(printer, s), List.of(warning("FAN_FAILURE")));
                        book.report("iforest", at(printer, s), List.of(warning("ANOMALY")));
                    }
                    return null;
                }));
            }
            done.add(pool.submit(() -> { // a person acknowledging while the reports pour in
                start.await();
                for (int round = 0; round < 200; round++) {
                    book.open().forEach(a -> book.acknowledge(a.id(), "tester"));
                }
                return null;
            }));
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(book.open()).hasSize(printers * 2).allSatisfy(a -> assertThat(a.count()).isEqualTo(samples));
    }
}
