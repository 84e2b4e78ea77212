package carbine.notify.internal;

import static carbine.notify.internal.Fixtures.alert;
import static carbine.notify.internal.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.alert.Severity;
import carbine.api.notify.NotifiedAlert;
import carbine.api.notify.Notifications;
import carbine.api.notify.Notifier;
import carbine.api.notify.NotifyTopics;
import carbine.notify.internal.AlertEvents.Type;
import carbine.notify.internal.Fixtures.MutableClock;

/**
 * The router with a clock that moves only when told, a real outbox file and a real (signed) webhook receiver.
 * Deliveries run on the calling thread, so each {@link Router#tick()} has delivered what it could when it returns.
 */
class RouterTest {
    static final String SECRET = "router-test-secret";
    static final Instant START = Instant.parse("2026-12-05T12:00:00Z");

    @TempDir
    Path dir;
    Receiver receiver;
    MutableClock clock = new MutableClock(START);
    Fixtures.Reports reports = new Fixtures.Reports();
    Router.RetryPolicy policy = new Router.RetryPolicy(Duration.ofSeconds(10), Duration.ofSeconds(80), 5,
            Duration.ofMinutes(5));
    final List<Outbox> outboxes = new ArrayList<>();
    final List<WebhookNotifier> notifiers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        notifiers.forEach(WebhookNotifier::close);
        outboxes.forEach(Outbox::close);
        receiver.close();
    }

    Router router(Object... routing) throws Exception {
        return router(Optional::empty, routing);
    }

    Router router(java.util.function.Supplier<Optional<Set<String>>> active, Object... routing) throws Exception {
        Outbox outbox = Outbox.open(dir.resolve(Outbox.FILE_NAME));
        outboxes.add(outbox);
        Router router = new Router(clock, outbox, Runnable::run, policy, reports, active);
        WebhookNotifier webhook = new WebhookNotifier(receiver.url("/hook"), SECRET);
        notifiers.add(webhook);
        router.add(channel(webhook, routing));
        return router;
    }

    static Router.Channel channel(Notifier notifier, Object... routing) {
        return new Router.Channel("webhook-1", "webhook 'test'", notifier,
                Routing.from(Receiver.props(routing), p -> {
                    throw new AssertionError(p);
                }));
    }

    /** Delivered messages: requests answered 2xx, each with a valid signature. */
    List<JsonObject> delivered() throws Exception {
        List<JsonObject> messages = new ArrayList<>();
        List<Receiver.Request> requests = receiver.requests();
        for (int i = 0; i < requests.size(); i++) {
            Receiver.Request r = requests.get(i);
            assertThat(ChannelShapesTest.verify(SECRET, r.body(), r.header("X-Carbine-Signature")))
                    .as("signature of request %d", i).isTrue();
            messages.add(JsonParser.parseString(r.text()).getAsJsonObject());
        }
        return messages;
    }

    static List<String> printers(JsonObject message) {
        JsonArray alerts = message.getAsJsonArray("alerts");
        return alerts.asList().stream().map(a -> a.getAsJsonObject().get("printer").getAsString()).toList();
    }

    void tickAfter(Duration d) {
        clock.advance(d);
        // two rounds: what the first one queues, the second one must not send again
        routerUnderTest.tick();
        routerUnderTest.tick();
    }

    Router routerUnderTest;

    @Test
    void fiftyAlertsWithinTheGroupWaitBecomeOneMessage() throws Exception {
        routerUnderTest = router();
        for (int i = 0; i < 50; i++) {
            routerUnderTest.onAlertEvent(event(Type.RAISED,
                    alert("id-" + i, String.format("farm-%02d", i), "HARD_FAILURE", Severity.CRITICAL)));
            clock.advance(Duration.ofMillis(200)); // 10 s for all fifty, within the 30 s wait
            routerUnderTest.tick();
        }
        assertThat(receiver.requests()).as("nothing before the group wait is over").isEmpty();

        tickAfter(Duration.ofSeconds(21));

        List<JsonObject> messages = delivered();
        assertThat(messages).hasSize(1);
        JsonObject m = messages.get(0);
        assertThat(m.get("title").getAsString()).isEqualTo("CRITICAL: HARD_FAILURE on 50 printers");
        assertThat(printers(m)).hasSize(50).doesNotHaveDuplicates()
                .containsAll(IntStream.range(0, 50).mapToObj(i -> String.format("farm-%02d", i)).toList());
        assertThat(m.get("body").getAsString().lines()).hasSize(50);
        tickAfter(Duration.ofMinutes(5));
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void differentKindsAndChangesAreSeparateMessagesAndDuplicatesAreDropped() throws Exception {
        routerUnderTest = router();
        NotifiedAlert jam = alert("j1", "p1", "FILAMENT_JAM", Severity.WARNING);
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("h1", "p1", "HARD_FAILURE", Severity.CRITICAL)));
        routerUnderTest.onAlertEvent(event(Type.RAISED, jam));
        routerUnderTest.onAlertEvent(event(Type.RAISED, jam)); // delivered twice by mistake: still one change
        tickAfter(Duration.ofSeconds(30));
        assertThat(delivered()).extracting(m -> m.get("title").getAsString())
                .containsExactlyInAnyOrder("CRITICAL: HARD_FAILURE on p1", "WARNING: FILAMENT_JAM on p1");
        assertThat(delivered()).allSatisfy(m -> assertThat(m.getAsJsonArray("alerts")).hasSize(1));

        routerUnderTest.onAlertEvent(event(Type.RESOLVED, jam));
        tickAfter(Duration.ofSeconds(30));
        assertThat(delivered()).hasSize(3);
        assertThat(delivered().get(2).get("change").getAsString()).isEqualTo("RESOLVED");
        assertThat(delivered().get(2).get("title").getAsString()).isEqualTo("Resolved: FILAMENT_JAM on p1");
    }

    @Test
    void filtersChooseSeverityPrintersAndKinds() throws Exception {
        routerUnderTest = router(Notifier.MIN_SEVERITY, "CRITICAL", Notifier.PRINTERS, "farm-*,lab-?",
                Notifier.KINDS, "/HARD_.*|THERMAL_RUNAWAY/", Notifier.SEND_RESOLVED, "false");
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("1", "farm-7", "HARD_FAILURE", Severity.CRITICAL)));
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("2", "lab-1", "THERMAL_RUNAWAY", Severity.CRITICAL)));
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("3", "farm-8", "HARD_FAILURE", Severity.WARNING)));
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("4", "lab-12", "HARD_FAILURE", Severity.CRITICAL)));
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("5", "farm-9", "FAN_FAILURE", Severity.CRITICAL)));
        tickAfter(Duration.ofSeconds(30));
        assertThat(delivered()).flatExtracting(RouterTest::printers).containsExactlyInAnyOrder("farm-7", "lab-1");
        routerUnderTest.onAlertEvent(event(Type.RESOLVED, alert("1", "farm-7", "HARD_FAILURE", Severity.CRITICAL)));
        tickAfter(Duration.ofSeconds(30));
        assertThat(receiver.requests()).as("sendResolved=false").hasSize(2);
    }

    @Test
    void activeUnacknowledgedAlertsRepeatUntilAcknowledged() throws Exception {
        routerUnderTest = router(Notifier.GROUP_WAIT_SECONDS, 10, Notifier.REPEAT_SECONDS, 3600);
        NotifiedAlert a = alert("r1", "p1", "OVERHEAT", Severity.WARNING);
        NotifiedAlert b = alert("r2", "p2", "OVERHEAT", Severity.WARNING);
        routerUnderTest.onAlertEvent(event(Type.RAISED, a));
        routerUnderTest.onAlertEvent(event(Type.RAISED, b));
        tickAfter(Duration.ofSeconds(10));
        assertThat(delivered()).hasSize(1);

        tickAfter(Duration.ofMinutes(59));
        assertThat(receiver.requests()).as("not before the repeat interval").hasSize(1);
        tickAfter(Duration.ofMinutes(1));
        assertThat(delivered()).hasSize(2);
        JsonObject reminder = delivered().get(1);
        assertThat(reminder.get("change").getAsString()).isEqualTo("REPEAT");
        assertThat(reminder.get("title").getAsString()).isEqualTo("Still WARNING: OVERHEAT on 2 printers");
        assertThat(printers(reminder)).containsExactlyInAnyOrder("p1", "p2");

        routerUnderTest.onAlertEvent(event(Type.ACKNOWLEDGED, a));
        tickAfter(Duration.ofHours(1));
        assertThat(delivered()).hasSize(3);
        assertThat(printers(delivered().get(2))).as("the acknowledged alert is not repeated").containsExactly("p2");

        routerUnderTest.onAlertEvent(event(Type.RESOLVED, b));
        tickAfter(Duration.ofSeconds(10));
        tickAfter(Duration.ofHours(3));
        assertThat(delivered()).extracting(m -> m.get("change").getAsString())
                .containsExactly("RAISED", "REPEAT", "REPEAT", "RESOLVED");
    }

    @Test
    void remindersStopForAlertsTheAlertServiceNoLongerHasActive() throws Exception {
        Set<String> active = new java.util.concurrent.CopyOnWriteArraySet<>(Set.of("x1"));
        routerUnderTest = router(() -> Optional.of(Set.copyOf(active)), Notifier.REPEAT_SECONDS, 600);
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("x1", "p1", "OVERHEAT", Severity.WARNING)));
        tickAfter(Duration.ofSeconds(30));
        tickAfter(Duration.ofMinutes(10));
        assertThat(delivered()).hasSize(2);
        active.clear(); // resolved while the router did not hear it
        tickAfter(Duration.ofMinutes(10));
        tickAfter(Duration.ofMinutes(10));
        assertThat(delivered()).hasSize(2);
    }

    @Test
    void quietHoursHoldWarningsUntilTheyEndButNotCriticalAlerts() throws Exception {
        ZoneId zone = ZoneId.of("Europe/Berlin");
        clock = new MutableClock(Instant.parse("2026-12-05T22:30:00Z"), zone); // 23:30 in Berlin
        routerUnderTest = router(Notifier.QUIET_HOURS, "22:00-07:00", Notifier.REPEAT_SECONDS, 3600);
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("w", "p1", "OVERHEAT", Severity.WARNING)));
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("c", "p2", "HARD_FAILURE", Severity.CRITICAL)));
        tickAfter(Duration.ofSeconds(30));
        assertThat(delivered()).extracting(m -> m.get("severity").getAsString()).containsExactly("CRITICAL");

        tickAfter(Duration.ofHours(7)); // 06:30: still quiet; the hourly reminders of the warning are skipped
        assertThat(delivered()).extracting(m -> m.get("severity").getAsString() + " " + m.get("change").getAsString())
                .containsOnly("CRITICAL RAISED", "CRITICAL REPEAT");
        tickAfter(Duration.ofMinutes(30)); // 07:00
        List<JsonObject> after = delivered();
        assertThat(after.get(after.size() - 1).get("title").getAsString()).isEqualTo("WARNING: OVERHEAT on p1");
        assertThat(after).filteredOn(m -> m.get("severity").getAsString().equals("WARNING")).hasSize(1);
    }

    @Test
    void quietHoursHoldCriticalAlertsTooWhenTheyMayNotBypass() throws Exception {
        clock = new MutableClock(Instant.parse("2026-12-05T23:00:00Z"));
        routerUnderTest = router(Notifier.QUIET_HOURS, "22:00-07:00", Notifier.CRITICAL_BYPASSES_QUIET_HOURS, false);
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("c", "p2", "HARD_FAILURE", Severity.CRITICAL)));
        tickAfter(Duration.ofMinutes(1));
        assertThat(receiver.requests()).isEmpty();
        tickAfter(Duration.ofHours(8));
        assertThat(delivered()).hasSize(1);
    }

    @Test
    void theOutboxSurvivesARestartAndDeliversExactlyOnce() throws Exception {
        receiver.failNext(Integer.MAX_VALUE, 503); // the receiver is down while the first router runs
        routerUnderTest = router();
        for (int i = 0; i < 3; i++) {
            routerUnderTest.onAlertEvent(event(Type.RAISED, alert("s" + i, "p" + i, "HARD_FAILURE", Severity.CRITICAL)));
        }
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("t", "p9", "FAN_FAILURE", Severity.WARNING)));
        tickAfter(Duration.ofSeconds(30));
        assertThat(receiver.requests()).as("one attempt, then back-off").hasSize(1);
        // a raise that is still inside its group wait when the router stops
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("u", "p8", "OVERHEAT", Severity.WARNING)));
        outboxes.get(0).close(); // the router stops (Carbine restarts)
        int attemptsBefore = receiver.requests().size();

        receiver.failNext(0, 503);
        routerUnderTest = router();
        tickAfter(Duration.ofSeconds(30));
        List<Receiver.Request> after = receiver.requests().subList(attemptsBefore, receiver.requests().size());
        assertThat(after).hasSize(3);
        List<JsonObject> messages = after.stream().map(r -> JsonParser.parseString(r.text()).getAsJsonObject()).toList();
        assertThat(messages).extracting(m -> m.get("title").getAsString()).containsExactly(
                "CRITICAL: HARD_FAILURE on 3 printers", "WARNING: FAN_FAILURE on p9", "WARNING: OVERHEAT on p8");
        assertThat(messages.get(0).get("id").getAsString())
                .as("the same message as the failed attempt before the restart")
                .isEqualTo(JsonParser.parseString(receiver.requests().get(0).text()).getAsJsonObject().get("id")
                        .getAsString());

        tickAfter(Duration.ofMinutes(10));
        outboxes.get(1).close();
        routerUnderTest = router(); // and once more: nothing is left to send
        tickAfter(Duration.ofMinutes(10));
        assertThat(receiver.requests()).hasSize(attemptsBefore + 3);
        assertThat(outboxes.get(2).waiting(null)).isZero();
    }

    @Test
    void aFailingReceiverIsRetriedWithBackoffReportedOnceAndRecoversWithoutDuplicates() throws Exception {
        receiver.failNext(6, 503);
        routerUnderTest = router();
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("f1", "p1", "HARD_FAILURE", Severity.CRITICAL)));
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("f2", "p2", "OVERHEAT", Severity.WARNING)));
        tickAfter(Duration.ofSeconds(30)); // attempt 1 fails at t=30 s; retry after 10 s
        assertThat(receiver.requests()).hasSize(1);
        tickAfter(Duration.ofSeconds(9));
        assertThat(receiver.requests()).as("back-off: not before 10 s").hasSize(1);
        // back-off doubles: 10, 20, 40, 80 (the maximum), 80 s
        long[] waits = { 1, 20, 40, 80, 80 };
        for (int i = 0; i < waits.length; i++) {
            tickAfter(Duration.ofSeconds(waits[i] - 1));
            assertThat(receiver.requests()).as("before retry %d", i + 2).hasSize(i + 1);
            tickAfter(Duration.ofSeconds(1));
            assertThat(receiver.requests()).as("retry %d", i + 2).hasSize(i + 2);
        }
        // six failed attempts over 4 min: failing needs 5 min
        assertThat(reports.topics()).isEmpty();
        tickAfter(Duration.ofSeconds(80)); // attempt 7: the receiver is back
        assertThat(reports.topics()).isEmpty();
        assertThat(reports.errors).isEmpty();

        List<JsonObject> ok = delivered().subList(6, delivered().size());
        assertThat(ok).extracting(m -> m.get("title").getAsString())
                .containsExactly("CRITICAL: HARD_FAILURE on p1", "WARNING: OVERHEAT on p2");
        tickAfter(Duration.ofMinutes(10));
        assertThat(receiver.requests()).hasSize(8);
    }

    @Test
    void aChannelFailingForFiveMinutesIsReportedOncePerEpisode() throws Exception {
        receiver.failNext(Integer.MAX_VALUE, 500);
        routerUnderTest = router();
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("f1", "p1", "HARD_FAILURE", Severity.CRITICAL)));
        for (int i = 0; i < 20; i++) {
            tickAfter(Duration.ofSeconds(80));
        }
        assertThat(reports.topics()).containsExactly(NotifyTopics.FAILING);
        Map<String, Object> failing = reports.events.get(0).getValue();
        assertThat(failing).containsEntry(NotifyTopics.CHANNEL, "webhook-1");
        assertThat((Integer) failing.get(NotifyTopics.ATTEMPTS)).isGreaterThanOrEqualTo(5);
        assertThat(failing.get(NotifyTopics.REASON).toString()).contains("HTTP 500");
        assertThat(reports.errors).hasSize(1);
        assertThat(reports.errors.get(0)).contains("webhook 'test' is failing");
        assertThat(reports.lines.stream().filter(l -> l.startsWith("WARN"))).hasSize(1);

        receiver.failNext(0, 500);
        tickAfter(Duration.ofSeconds(80));
        assertThat(reports.topics()).containsExactly(NotifyTopics.FAILING, NotifyTopics.RECOVERED);
        assertThat(receiver.requests().stream().filter(r -> true).map(Receiver.Request::text).distinct()).hasSize(1);
    }

    @Test
    void aChannelThatIsAwayKeepsItsMessagesUntilItReturns() throws Exception {
        routerUnderTest = router();
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("g1", "p1", "HARD_FAILURE", Severity.CRITICAL)));
        routerUnderTest.remove("webhook-1"); // e.g. its bundle is being updated
        tickAfter(Duration.ofMinutes(1));
        assertThat(receiver.requests()).isEmpty();
        WebhookNotifier again = new WebhookNotifier(receiver.url("/hook"), SECRET);
        notifiers.add(again);
        routerUnderTest.add(channel(again));
        tickAfter(Duration.ofSeconds(1));
        assertThat(delivered()).hasSize(1);
    }
    @Test
    void escalationsAreSentOncePerSeverityAndCanCrossTheThreshold() throws Exception {
        routerUnderTest = router(Notifier.MIN_SEVERITY, "WARNING");
        NotifiedAlert info = alert("e1", "p1", "OVERHEAT", Severity.INFO);
        routerUnderTest.onAlertEvent(event(Type.RAISED, info));
        tickAfter(Duration.ofSeconds(30));
        assertThat(receiver.requests()).as("INFO is below the threshold").isEmpty();
        NotifiedAlert critical = new NotifiedAlert("e1", "p1", "rules", "OVERHEAT", Severity.CRITICAL, "much hotter",
                carbine.api.alert.AlertState.ACTIVE, START);
        routerUnderTest.onAlertEvent(event(Type.ESCALATED, critical));
        routerUnderTest.onAlertEvent(event(Type.ESCALATED, critical));
        tickAfter(Duration.ofSeconds(30));
        assertThat(delivered()).extracting(m -> m.get("title").getAsString())
                .containsExactly("Escalated to CRITICAL: OVERHEAT on p1");
        assertThat(delivered().get(0).get("change").getAsString()).isEqualTo("ESCALATED");
    }

    @Test
    void aFailingChannelDoesNotHoldUpAnother() throws Exception {
        routerUnderTest = router();
        try (Receiver broken = new Receiver()) {
            broken.failNext(Integer.MAX_VALUE, 502);
            WebhookNotifier other = new WebhookNotifier(broken.url("/down"), SECRET);
            notifiers.add(other);
            routerUnderTest.add(new Router.Channel("webhook-2", "webhook 'down'", other, Routing.DEFAULTS));
            routerUnderTest.onAlertEvent(event(Type.RAISED, alert("d1", "p1", "HARD_FAILURE", Severity.CRITICAL)));
            routerUnderTest.onAlertEvent(event(Type.RAISED, alert("d2", "p2", "OVERHEAT", Severity.WARNING)));
            tickAfter(Duration.ofSeconds(30));
            assertThat(delivered()).hasSize(2);
            assertThat(broken.requests()).as("one attempt, then back-off; order kept").hasSize(1);
            assertThat(broken.requests().get(0).text()).contains("HARD_FAILURE");
            tickAfter(Duration.ofSeconds(10));
            assertThat(broken.requests()).hasSize(2);
            assertThat(broken.requests().get(1).text()).as("the same message again, not the next one")
                    .isEqualTo(broken.requests().get(0).text());
        }
    }
    @Test
    void remindersEndWhenTheChannelNoLongerWantsThem() throws Exception {
        routerUnderTest = router(Notifier.REPEAT_SECONDS, 600);
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("c1", "p1", "OVERHEAT", Severity.WARNING)));
        tickAfter(Duration.ofSeconds(30));
        tickAfter(Duration.ofMinutes(10));
        assertThat(delivered()).hasSize(2);
        // the channel is reconfigured: same id, no reminders (or a filter that excludes the alert)
        routerUnderTest.add(channel(notifiers.get(0), Notifier.REPEAT_SECONDS, 0));
        tickAfter(Duration.ofMinutes(10));
        routerUnderTest.add(channel(notifiers.get(0), Notifier.REPEAT_SECONDS, 600));
        tickAfter(Duration.ofMinutes(10));
        tickAfter(Duration.ofMinutes(10));
        assertThat(delivered()).hasSize(2);
    }

    // --- snoozes (issue 11) ---

    static List<String> changesAndPrinters(List<JsonObject> messages) {
        return messages.stream().map(m -> m.get("change").getAsString() + " " + printers(m)).toList();
    }

    @Test
    void aSnoozedAlertIsHeldWithItsRemindersAndGoesOutOnceWhenTheSnoozeEnds() throws Exception {
        routerUnderTest = router(Notifier.GROUP_WAIT_SECONDS, 10, Notifier.REPEAT_SECONDS, 3600);
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("a1", "p1", "OVERHEAT", Severity.WARNING)));
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("a2", "p2", "OVERHEAT", Severity.WARNING)));
        Notifications.Snooze z = routerUnderTest.snooze(Notifications.Target.ALERT, "a1", Duration.ofHours(2),
                "otto from 10.0.0.5 (api)");
        assertThat(z.until()).isEqualTo(START.plus(Duration.ofHours(2)));
        assertThat(z.actor()).isEqualTo("otto from 10.0.0.5 (api)");
        tickAfter(Duration.ofSeconds(10));
        assertThat(changesAndPrinters(delivered())).as("the group without the snoozed alert")
                .containsExactly("RAISED [p2]");

        tickAfter(Duration.ofMinutes(60)); // reminders: p2's, not p1's
        assertThat(changesAndPrinters(delivered())).containsExactly("RAISED [p2]", "REPEAT [p2]");
        tickAfter(Duration.ofMinutes(59));
        assertThat(changesAndPrinters(delivered())).as("still snoozed").doesNotContain("RAISED [p1]");

        tickAfter(Duration.ofMinutes(1)); // the snooze has ended: what it held goes out, once, and no extra reminder
        List<String> after = changesAndPrinters(delivered());
        assertThat(after).containsOnlyOnce("RAISED [p1]").noneMatch(m -> m.equals("REPEAT [p1]"));
        assertThat(routerUnderTest.snoozes()).isEmpty();
        assertThat(reports.lines).anyMatch(l -> l.contains("alert a1 snoozed until") && l.contains("by otto"))
                .anyMatch(l -> l.contains("snooze of alert a1 (by otto from 10.0.0.5 (api)) ended"));

        tickAfter(Duration.ofHours(1)); // reminders of p1 come back on their schedule
        assertThat(changesAndPrinters(delivered())).contains("REPEAT [p1, p2]");
    }

    @Test
    void aSnoozedChannelHoldsEverythingAcrossARestartUntilItEnds() throws Exception {
        routerUnderTest = router();
        routerUnderTest.snooze(Notifications.Target.CHANNEL, "webhook 'test'", Duration.ofMinutes(30), "shell");
        assertThat(routerUnderTest.snoozes()).singleElement().satisfies(z -> {
            assertThat(z.target()).isEqualTo(Notifications.Target.CHANNEL);
            assertThat(z.id()).as("found by name, kept by id").isEqualTo("webhook-1");
        });
        assertThat(routerUnderTest.channelStates()).singleElement()
                .satisfies(c -> assertThat(c.snoozedUntil()).isEqualTo(START.plus(Duration.ofMinutes(30))));
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("c1", "p1", "HARD_FAILURE", Severity.CRITICAL)));
        tickAfter(Duration.ofMinutes(10));
        assertThat(receiver.requests()).isEmpty();

        outboxes.get(0).close(); // Carbine restarts
        routerUnderTest = router();
        assertThat(routerUnderTest.snoozes()).as("kept on disk").singleElement()
                .satisfies(z -> assertThat(z.actor()).isEqualTo("shell"));
        tickAfter(Duration.ofMinutes(19));
        assertThat(receiver.requests()).isEmpty();
        tickAfter(Duration.ofMinutes(1));
        assertThat(changesAndPrinters(delivered())).containsExactly("RAISED [p1]");
        tickAfter(Duration.ofMinutes(10));
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void aSnoozedPrinterIsHeldUntilTheSnoozeIsLifted() throws Exception {
        routerUnderTest = router(Notifier.GROUP_WAIT_SECONDS, 10);
        routerUnderTest.snooze(Notifications.Target.PRINTER, "p1", Duration.ofHours(4), "ida");
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("b1", "p1", "FAN_FAILURE", Severity.WARNING)));
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("b2", "p2", "FAN_FAILURE", Severity.WARNING)));
        tickAfter(Duration.ofMinutes(5));
        assertThat(changesAndPrinters(delivered())).containsExactly("RAISED [p2]");
        assertThat(routerUnderTest.unsnooze(Notifications.Target.PRINTER, "p1", "ida")).isTrue();
        assertThat(routerUnderTest.unsnooze(Notifications.Target.PRINTER, "p1", "ida")).as("not any more").isFalse();
        tickAfter(Duration.ofSeconds(1));
        assertThat(changesAndPrinters(delivered())).containsExactly("RAISED [p2]", "RAISED [p1]");
        assertThat(reports.lines).anyMatch(l -> l.contains("snooze of printer p1 lifted by ida"));
    }

    @Test
    void snoozesAreCheckedBeforeTheyAreKept() throws Exception {
        routerUnderTest = router();
        for (Duration bad : new Duration[] { Duration.ZERO, Duration.ofMinutes(-5), Duration.ofDays(31) }) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> routerUnderTest.snooze(Notifications.Target.PRINTER, "p1", bad, "shell"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 30 days");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> routerUnderTest.snooze(Notifications.Target.CHANNEL, "nope", Duration.ofHours(1), "shell"))
                .isInstanceOf(java.util.NoSuchElementException.class).hasMessage("no channel nope");
        assertThat(routerUnderTest.snoozes()).isEmpty();
        routerUnderTest.snooze(Notifications.Target.PRINTER, "p1", Duration.ofHours(1), "a");
        routerUnderTest.snooze(Notifications.Target.PRINTER, "p1", Duration.ofHours(2), "b");
        assertThat(routerUnderTest.snoozes()).as("a second snooze replaces the first").singleElement()
                .satisfies(z -> assertThat(z.actor()).isEqualTo("b"));
    }

    @Test
    void aTestMessageShowsTheChannelsAnswerAndDeliveriesAreRecordedAndCounted() throws Exception {
        routerUnderTest = router();
        receiver.failNext(1, 500);
        Notifications.TestResult failed = routerUnderTest.test("webhook-1", "otto");
        assertThat(failed.delivered()).isFalse();
        assertThat(failed.answer()).contains("HTTP 500").doesNotContain(SECRET);
        Notifications.TestResult ok = routerUnderTest.test("webhook 'test'", "otto");
        assertThat(ok.delivered()).isTrue();
        assertThat(ok.answer()).startsWith("delivered in ");
        JsonObject test = delivered().get(1);
        assertThat(test.get("title").getAsString()).isEqualTo("Test message from Carbine");
        assertThat(test.get("body").getAsString()).contains("sent by otto");

        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("d1", "p1", "HARD_FAILURE", Severity.CRITICAL)));
        tickAfter(Duration.ofSeconds(30));
        assertThat(routerUnderTest.deliveries(10)).extracting(d -> d.status() + " " + d.test() + " " + d.title())
                .containsExactly("DELIVERED false CRITICAL: HARD_FAILURE on p1",
                        "DELIVERED true Test message from Carbine", "FAILED true Test message from Carbine");
        assertThat(routerUnderTest.channelStates()).singleElement().satisfies(c -> {
            assertThat(c.delivered()).as("test messages are not counted").isEqualTo(1);
            assertThat(c.failed()).isZero();
            assertThat(c.type()).isEqualTo("other");
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> routerUnderTest.test("nope", "otto"))
                .isInstanceOf(java.util.NoSuchElementException.class);
    }

    @Test
    void aFailingChannelRaisesItsAlertOnceWhichGoesToTheOtherChannelsOnly() throws Exception {
        receiver.failNext(Integer.MAX_VALUE, 500);
        routerUnderTest = router();
        List<carbine.api.notify.Notification> other = new java.util.concurrent.CopyOnWriteArrayList<>();
        routerUnderTest.add(new Router.Channel("webhook-2", "webhook 'other'", other::add, Routing.DEFAULTS));
        routerUnderTest.onAlertEvent(event(Type.RAISED, alert("f1", "p1", "HARD_FAILURE", Severity.CRITICAL)));
        for (int i = 0; i < 6; i++) {
            tickAfter(Duration.ofSeconds(80));
        }
        assertThat(reports.channelAlerts).singleElement().asString().startsWith("webhook-1: ")
                .contains("webhook 'test' keeps failing", "HTTP 500");
        assertThat(routerUnderTest.channelStates()).filteredOn(c -> c.id().equals("webhook-1")).singleElement()
                .satisfies(c -> {
                    assertThat(c.failing()).isTrue();
                    assertThat(c.failures()).isGreaterThanOrEqualTo(5);
                    assertThat(c.failed()).isEqualTo(c.failures());
                    assertThat(c.lastError()).contains("HTTP 500");
                    assertThat(c.waiting()).isEqualTo(1);
                });
        assertThat(routerUnderTest.deliveries(3)).extracting(d -> d.status().name())
                .contains("WAITING", "FAILED");

        // the alert the alert service raises from that report comes back as an event
        NotifiedAlert own = new NotifiedAlert("n1", "webhook-1", Notifications.DETECTOR, Notifications.CHANNEL_FAILING,
                Severity.WARNING, "webhook 'test' keeps failing", carbine.api.alert.AlertState.ACTIVE, START);
        int before = receiver.requests().size();
        routerUnderTest.onAlertEvent(event(Type.RAISED, own));
        tickAfter(Duration.ofSeconds(30));
        assertThat(other).extracting(n -> n.alerts().get(0).kind()).contains(Notifications.CHANNEL_FAILING);
        receiver.failNext(0, 500);
        tickAfter(Duration.ofSeconds(80));
        tickAfter(Duration.ofSeconds(30));
        assertThat(receiver.requests().subList(before, receiver.requests().size()))
                .as("not sent to the failing channel itself")
                .noneMatch(r -> r.text().contains(Notifications.CHANNEL_FAILING));
        assertThat(routerUnderTest.channelStates()).filteredOn(c -> c.id().equals("webhook-1")).singleElement()
                .satisfies(c -> {
                    assertThat(c.failing()).isFalse();
                    assertThat(c.failures()).isZero();
                    assertThat(c.delivered()).isEqualTo(1);
                    assertThat(c.lastError()).isNull();
                });
    }
}
