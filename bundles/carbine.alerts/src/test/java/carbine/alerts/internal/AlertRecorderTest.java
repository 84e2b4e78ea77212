package carbine.alerts.internal;

import static carbine.alerts.internal.Samples.T0;
import static carbine.alerts.internal.Samples.at;
import static carbine.alerts.internal.Samples.critical;
import static carbine.alerts.internal.Samples.warning;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;

import carbine.api.alert.Alert;
import carbine.api.detector.Finding;
import carbine.api.event.CarbineTopics;

class AlertRecorderTest {
    @TempDir
    Path dir;

    private final Fakes.Store store = new Fakes.Store();
    private final Fakes.Events events = new Fakes.Events();
    private final List<String> problems = new ArrayList<>();
    private final AlertBook book = new AlertBook(Duration.ofSeconds(30), Clock.systemUTC());
    private AlertRecorder recorder;
    private AlertLog log;

    private AlertRecorder recorder(Fakes.Store s, Fakes.Events e) {
        log = new AlertLog(dir.resolve("alerts.log"));
        return new AlertRecorder(() -> s, () -> e, log, Duration.ofSeconds(30), problems::add);
    }

    private void report(long second, List<Finding> findings) {
        book.report("rules", at(second), findings).forEach(recorder::record);
    }

    private List<String> logLines() throws Exception {
        return Files.exists(log.file()) ? Files.readAllLines(log.file()) : List.of();
    }

    @Test
    void everyNotableChangeIsSavedPostedAndLogged() throws Exception {
        recorder = recorder(store, events);
        report(0, List.of(warning("OVERHEAT")));
        report(1, List.of(critical("OVERHEAT")));
        String id = book.open().get(0).id();
        book.acknowledge(id, "admin from 10.0.0.5 (dashboard)").ifPresent(recorder::record);
        report(2, List.of());
        report(32, List.of());

        assertThat(events.posted).extracting(Event::getTopic).containsExactly(CarbineTopics.ALERT_RAISED,
                CarbineTopics.ALERT_ESCALATED, CarbineTopics.ALERT_ACKNOWLEDGED, CarbineTopics.ALERT_RESOLVED);
        assertThat(store.saved).extracting(a -> a.state() + "/" + a.severity()).containsExactly("ACTIVE/WARNING",
                "ACTIVE/CRITICAL", "ACKNOWLEDGED/CRITICAL", "RESOLVED/CRITICAL");
        assertThat(logLines()).hasSize(4);
        assertThat(logLines().get(0)).isEqualTo("2026-11-24T10:00:00Z WARNING p1 rules OVERHEAT RAISED OVERHEAT seen");
        assertThat(logLines().get(2)).as("who acknowledged it").startsWith("2026-").contains(" ACKNOWLEDGED ")
                .endsWith("OVERHEAT is critical [by admin from 10.0.0.5 (dashboard)]");
        assertThat(events.posted.get(2).getProperty(CarbineTopics.ACTOR)).isEqualTo("admin from 10.0.0.5 (dashboard)");
        assertThat(store.actors).as("the store keeps who acknowledged it, and only that")
                .containsExactly(id + ": admin from 10.0.0.5 (dashboard)");
        assertThat(events.posted.get(0).getProperty(CarbineTopics.ACTOR)).as("a detector's change has no actor").isNull();
        assertThat(logLines().get(3))
                .isEqualTo("2026-11-24T10:00:32Z CRITICAL p1 rules OVERHEAT RESOLVED OVERHEAT is critical");
        assertThat(problems).isEmpty();
    }

    @Test
    void eventsCarrySimpleValues() {
        recorder = recorder(store, events);
        report(0, List.of(warning("FAN_FAILURE")));

        Event e = events.posted.get(0);
        Alert a = book.open().get(0);
        assertThat(e.getProperty(CarbineTopics.ALERT_ID)).isEqualTo(a.id());
        assertThat(e.getProperty(CarbineTopics.PRINTER)).isEqualTo("p1");
        assertThat(e.getProperty(CarbineTopics.DETECTOR)).isEqualTo("rules");
        assertThat(e.getProperty(CarbineTopics.KIND)).isEqualTo("FAN_FAILURE");
        assertThat(e.getProperty(CarbineTopics.SEVERITY)).isEqualTo("WARNING");
        assertThat(e.getProperty(CarbineTopics.MESSAGE)).isEqualTo("FAN_FAILURE seen");
        assertThat(e.getProperty(CarbineTopics.STATE)).isEqualTo("ACTIVE");
        assertThat(e.getProperty(CarbineTopics.TIME)).isEqualTo("2026-11-24T10:00:00Z");
        for (String name : e.getPropertyNames()) {
            assertThat(e.getProperty(name)).isInstanceOfAny(String.class, Number.class, String[].class);
        }
    }

    @Test
    void repeatsAreSavedAtMostOncePerIntervalOfEventTimeAndNeitherPostedNorLogged() throws Exception {
        recorder = recorder(store, events);
        for (int s = 0; s <= 65; s++) {
            report(s, List.of(warning("FAN_FAILURE")));
        }

        assertThat(store.saved).extracting(Alert::lastSeen).containsExactly(T0, T0.plusSeconds(30), T0.plusSeconds(60));
        assertThat(events.posted).hasSize(1);
        assertThat(logLines()).hasSize(1);

        recorder.saveAll(book.open(), Duration.ofSeconds(5));
        assertThat(store.saved.get(store.saved.size() - 1).lastSeen()).isEqualTo(T0.plusSeconds(65));
        assertThat(store.saved.get(store.saved.size() - 1).count()).isEqualTo(66);
    }

    @Test
    void alertsWorkWithoutStoreAndEventAdmin() throws Exception {
        recorder = recorder(null, null);
        report(0, List.of(warning("FAN_FAILURE")));
        report(1, List.of());
        report(31, List.of());
        recorder.saveAll(book.open(), Duration.ofSeconds(1));

        assertThat(logLines()).extracting(l -> l.split(" ")[5]).containsExactly("RAISED", "RESOLVED");
        assertThat(problems).isEmpty();
    }

    @Test
    void aFailingStoreIsReportedAndDoesNotStopEventsOrTheLog() throws Exception {
        store.failWith = new IllegalStateException("disk full");
        recorder = recorder(store, events);
        report(0, List.of(warning("FAN_FAILURE")));

        assertThat(problems).singleElement().asString().contains("could not save alert").contains("disk full");
        assertThat(events.posted).hasSize(1);
        assertThat(logLines()).hasSize(1);
    }

    @Test
    void anUnwritableLogIsReportedAndDoesNotStopTheStore() throws Exception {
        Files.createDirectory(dir.resolve("alerts.log")); // a directory where the file should be
        recorder = recorder(store, events);
        report(0, List.of(warning("FAN_FAILURE")));

        assertThat(problems).singleElement().asString().contains("could not append to");
        assertThat(store.saved).hasSize(1);
        assertThat(events.posted).hasSize(1);
    }

    @Test
    void repeatsHaveNoTopic() {
        assertThat(Map.of(AlertChange.Type.RAISED, CarbineTopics.ALERT_RAISED)).allSatisfy(
                (type, topic) -> assertThat(AlertRecorder.topic(type)).isEqualTo(topic));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> AlertRecorder.topic(AlertChange.Type.UPDATED));
    }
}
