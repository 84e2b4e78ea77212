package carbine.notify.internal;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import carbine.api.alert.AlertState;
import carbine.api.notify.NotifiedAlert;
import carbine.api.notify.Notification;
import carbine.api.notify.Notification.Change;
import carbine.api.notify.Notifications;
import carbine.api.notify.Notifier;
import carbine.api.notify.NotifyTopics;
import carbine.notify.internal.AlertEvents.AlertEvent;

/**
 * Routes alert changes to channels, Alertmanager-style: each channel's filters choose the alerts; changes of one
 * detector and kind wait {@code groupWait} together and become one message; alerts that stay active and
 * unacknowledged are repeated every {@code repeat}; quiet hours hold messages (and skip reminders) except critical
 * ones. Every step goes through the {@link Outbox}, so nothing is lost across restarts. Delivery is retried with
 * exponential back-off per channel; a channel that keeps failing is reported once per episode.
 *
 * <p>Plain object: {@link #onAlertEvent} is called by the Event Admin handler, {@link #tick()} by a timer (or a test
 * with its own clock). Deliveries run on {@code delivery}, at most one at a time per channel.
 */
final class Router {
    /** A bound channel. */
    record Channel(String id, String label, Notifier notifier, Routing routing, String type) {
        Channel(String id, String label, Notifier notifier, Routing routing) {
            this(id, label, notifier, routing, "other");
        }
    }

    /**
     * Retries and failure reporting.
     *
     * @param initialBackoff  the wait after a first failure; doubled after each further one
     * @param maxBackoff      the longest wait
     * @param failingAttempts a channel is failing after this many failed attempts in a row ...
     * @param failingAfter    ... that span at least this long
     */
    record RetryPolicy(Duration initialBackoff, Duration maxBackoff, int failingAttempts, Duration failingAfter) {
        static final RetryPolicy DEFAULTS = RouterComponent.policy(Map.of(), problem -> { });

        Duration backoff(int failures) {
            long factor = 1L << Math.min(Math.max(failures - 1, 0), 30);
            Duration d = initialBackoff.multipliedBy(factor);
            return d.compareTo(maxBackoff) > 0 || d.isNegative() ? maxBackoff : d;
        }
    }

    /** Where the router reports: log lines and events. */
    interface Reports {
        void info(String message);

        void warn(String message);

        void error(String message);

        void event(String topic, Map<String, Object> properties);

        /** The channel has just been found failing (once per episode): raise its alert. */
        default void channelFailing(String channelId, String message) {}
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration SEEN_KEPT = Duration.ofDays(30);

    private final Clock clock;
    private final Outbox outbox;
    private final Executor delivery;
    private final Reports reports;
    private final Supplier<Optional<Set<String>>> activeAlertIds;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Map<String, Health> health = new ConcurrentHashMap<>();
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> sendLocks = new ConcurrentHashMap<>();
    /** The snoozes in force, by target and id; the outbox has them on disk. */
    private final Map<String, Notifications.Snooze> snoozes = new ConcurrentHashMap<>();
    private volatile RetryPolicy policy;
    private volatile Instant nextPrune = Instant.MIN;

    /**
     * @param activeAlertIds the ids of the alerts that are ACTIVE now, if the alert service can say; asked only when
     *                       reminders are due, so that one missed resolution cannot make reminders go on forever
     */
    Router(Clock clock, Outbox outbox, Executor delivery, RetryPolicy policy, Reports reports,
            Supplier<Optional<Set<String>>> activeAlertIds) {
        this.clock = clock;
        this.outbox = outbox;
        this.delivery = delivery;
        this.policy = policy;
        this.reports = reports;
        this.activeAlertIds = activeAlertIds;
        try {
            outbox.snoozes().forEach(z -> snoozes.put(key(z.target(), z.id()), z));
        } catch (SQLException e) {
            reports.error("notification outbox " + outbox.file() + ": cannot read the snoozes: " + e);
        }
    }

    void setPolicy(RetryPolicy policy) {
        this.policy = policy;
    }

    void add(Channel channel) {
        channels.put(channel.id(), channel);
    }

    void remove(String id) {
        channels.remove(id);
    }

    Set<String> channelIds() {
        return Set.copyOf(channels.keySet());
    }

    void onAlertEvent(AlertEvent event) {
        Instant now = clock.instant();
        NotifiedAlert alert = event.alert();
        for (Channel c : channels.values()) {
            try {
                route(c, event, alert, now);
            } catch (SQLException | RuntimeException e) {
                reports.error("notification channel " + c.label() + ": could not queue " + event.type() + " of alert "
                        + alert.id() + " (" + alert.kind() + " on " + alert.printerId() + "): " + e);
            }
        }
    }

    private void route(Channel c, AlertEvent event, NotifiedAlert alert, Instant now) throws SQLException {
        if (isAbout(c, alert)) {
            return; // a channel's own failure goes to the other channels: it would only wait behind itself
        }
        Routing r = c.routing();
        switch (event.type()) {
            case RAISED -> {
                if (r.accepts(alert)) {
                    enqueue(c, Change.RAISED, Change.RAISED.name(), alert, now.plus(r.groupWait()), now);
                    trackIfActive(c, alert, now);
                }
            }
            case ESCALATED -> {
                if (r.accepts(alert)) {
                    enqueue(c, Change.ESCALATED, "ESCALATED:" + alert.severity(), alert, now.plus(r.groupWait()), now);
                    trackIfActive(c, alert, now);
                }
            }
            case ACKNOWLEDGED -> outbox.untrack(c.id(), alert.id());
            case RESOLVED -> {
                outbox.untrack(c.id(), alert.id());
                if (r.sendResolved() && r.accepts(alert)) {
                    enqueue(c, Change.RESOLVED, Change.RESOLVED.name(), alert, now.plus(r.groupWait()), now);
                }
            }
        }
    }

    private void trackIfActive(Channel c, NotifiedAlert alert, Instant now) throws SQLException {
        if (alert.state() == AlertState.ACTIVE && !c.routing().repeat().isZero()) {
            outbox.track(c.id(), alert, now.plus(c.routing().repeat()));
        }
    }

    private void enqueue(Channel c, Change change, String changeKey, NotifiedAlert alert, Instant due, Instant now)
            throws SQLException {
        outbox.enqueue(c.id(), groupKey(alert) + "/" + change, change, changeKey, alert, due, now);
    }

    private static boolean isAbout(Channel c, NotifiedAlert alert) {
        return Notifications.DETECTOR.equals(alert.detector()) && Notifications.CHANNEL_FAILING.equals(alert.kind())
                && c.id().equals(alert.printerId());
    }

    static String groupKey(NotifiedAlert alert) {
        return alert.detector() + "/" + alert.kind();
    }

    /** One round: reminders that are due, groups whose wait is over, deliveries. */
    void tick() {
        Instant now = clock.instant();
        expireSnoozes(now);
        try {
            repeats(now);
            flush(now);
            if (now.isAfter(nextPrune)) {
                outbox.prune(now.minus(SEEN_KEPT));
                nextPrune = now.plus(Duration.ofHours(1));
            }
        } catch (SQLException | RuntimeException e) {
            reports.error("notification outbox " + outbox.file() + ": " + e);
        }
        for (Channel c : channels.values()) {
            deliverSoon(c, now);
        }
    }

    private void repeats(Instant now) throws SQLException {
        List<Outbox.Tracked> due = outbox.dueRepeats(now);
        if (due.isEmpty()) {
            return;
        }
        Optional<Set<String>> active = activeAlertIds.get();
        for (Outbox.Tracked t : due) {
            Channel c = channels.get(t.channel());
            if (c == null) {
                continue; // the channel is away: its reminders wait for it
            }
            if (active.isPresent() && !active.get().contains(t.alert().id())) {
                outbox.untrack(t.channel(), t.alert().id()); // resolved or acknowledged while we did not hear
                continue;
            }
            Routing r = c.routing();
            if (r.repeat().isZero() || !r.accepts(t.alert())) { // the channel's configuration has changed since
                outbox.untrack(t.channel(), t.alert().id());
                continue;
            }
            Instant snoozed = later(snoozedUntil(Notifications.Target.CHANNEL, c.id(), now), heldUntil(t.alert(), now));
            if (snoozed != null) { // none while snoozed; the next one when the snooze ends
                outbox.rescheduled(t, snoozed);
                continue;
            }
            // no reminder while quiet, nor while a message about the alert has not even gone out (held, failing)
            if (!r.holds(t.alert().severity(), ZonedDateTime.now(clock).toLocalTime())
                    && !outbox.waits(c.id(), t.alert().id())) {
                enqueue(c, Change.REPEAT, "REPEAT:" + (t.repeats() + 1), t.alert(), now, now);
            }
            Instant next = t.nextRepeat().plus(r.repeat());
            outbox.rescheduled(t, next.isAfter(now) ? next : now.plus(r.repeat()));
        }
    }

    private void flush(Instant now) throws SQLException {
        for (Outbox.Group g : outbox.dueGroups(now)) {
            Channel c = channels.get(g.channel());
            if (c == null) {
                continue;
            }
            List<Outbox.Item> items = outbox.items(g);
            if (items.isEmpty()) {
                continue;
            }
            // alerts snoozed now go in a message of their own, which waits in the outbox until their snooze ends
            List<NotifiedAlert> free = new ArrayList<>();
            List<NotifiedAlert> snoozed = new ArrayList<>();
            items.forEach(i -> (heldUntil(i.alert(), now) == null ? free : snoozed).add(i.alert()));
            Instant due = now;
            ZonedDateTime local = ZonedDateTime.now(clock);
            List<Outbox.Out> out = new ArrayList<>();
            for (List<NotifiedAlert> alerts : List.of(free, snoozed)) {
                if (alerts.isEmpty()) {
                    continue;
                }
                Notification n = message(g.change(), alerts, now);
                Instant d = c.routing().holds(n.severity(), local.toLocalTime())
                        ? c.routing().quietHours().endAfter(local).toInstant() : due;
                out.add(new Outbox.Out(n, d));
            }
            outbox.toOutbox(g, items.get(items.size() - 1).seq(), out);
        }
    }

    private static Notification message(Change change, List<NotifiedAlert> alerts, Instant now) {
        return Notification.builder(change).id(newId()).groupKey(groupKey(alerts.get(0)))
                .title(Texts.title(change, alerts)).body(Texts.body(change, alerts)).alerts(alerts).time(now).build();
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private void deliverSoon(Channel c, Instant now) {
        Health h = health.computeIfAbsent(c.id(), id -> new Health());
        if (now.isBefore(h.retryAt) || snoozedUntil(Notifications.Target.CHANNEL, c.id(), now) != null
                || !busy.add(c.id())) {
            return;
        }
        try {
            delivery.execute(() -> {
                try {
                    deliver(c, h);
                } catch (Throwable t) { // a delivery thread must never die silently
                    reports.error("notification channel " + c.label() + ": delivery stopped: " + t);
                } finally {
                    busy.remove(c.id());
                }
            });
        } catch (RuntimeException rejected) { // shutting down
            busy.remove(c.id());
        }
    }

    private void deliver(Channel c, Health h) throws SQLException {
        while (channels.get(c.id()) == c) {
            Instant now = clock.instant();
            if (snoozedUntil(Notifications.Target.CHANNEL, c.id(), now) != null) {
                return;
            }
            Optional<Outbox.Message> next = outbox.next(c.id(), now, n -> held(n, now));
            if (next.isEmpty()) {
                return;
            }
            Outbox.Message m = next.get();
            try {
                synchronized (sendLock(c.id())) {
                    c.notifier().send(m.notification());
                }
            } catch (Exception | LinkageError e) {
                if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                    return; // stopping: not the channel's failure; the message stays in the outbox
                }
                String reason = Secrets.describe(e);
                outbox.failed(m, reason);
                record(c, m.notification(), Notifications.Status.FAILED, m.attempts() + 1, reason, false);
                failed(c, h, reason, clock.instant());
                return;
            }
            outbox.delivered(m);
            record(c, m.notification(), Notifications.Status.DELIVERED, m.attempts() + 1, null, false);
            succeeded(c, h);
        }
    }

    private Object sendLock(String channelId) {
        return sendLocks.computeIfAbsent(channelId, id -> new Object());
    }

    private void record(Channel c, Notification n, Notifications.Status status, int attempts, String error,
            boolean test) {
        try {
            outbox.recordDelivery(new Notifications.Delivery(clock.instant(), c.id(), n.id(), n.title(), status,
                    attempts, error, test));
        } catch (SQLException | RuntimeException e) {
            reports.warn("notification outbox " + outbox.file() + ": could not record a delivery: " + e);
        }
    }

    private void failed(Channel c, Health h, String reason, Instant now) {
        synchronized (h) {
            h.failed++;
            h.lastError = reason;
            if (h.failures == 0) {
                h.since = now;
                reports.warn("notification channel " + c.label() + ": delivery failed, will retry: " + reason);
            }
            h.failures++;
            h.retryAt = now.plus(policy.backoff(h.failures));
            RetryPolicy p = policy;
            if (!h.reported && h.failures >= p.failingAttempts()
                    && Duration.between(h.since, now).compareTo(p.failingAfter()) >= 0) {
                h.reported = true;
                reports.error("notification channel " + c.label() + " is failing: " + h.failures + " attempts since "
                        + h.since + " failed, the latest: " + reason + "; messages wait in the outbox and are retried "
                        + "every " + p.maxBackoff().toSeconds() + " s at most");
                Map<String, Object> props = new LinkedHashMap<>();
                props.put(NotifyTopics.CHANNEL, c.id());
                props.put(NotifyTopics.ATTEMPTS, h.failures);
                props.put(NotifyTopics.SINCE, h.since.toString());
                props.put(NotifyTopics.REASON, reason);
                reports.event(NotifyTopics.FAILING, props);
                reports.channelFailing(c.id(), "notification channel " + c.label() + " keeps failing since "
                        + h.since + ": " + h.failures + " attempts, the latest: " + reason);
            }
        }
    }

    private void succeeded(Channel c, Health h) {
        synchronized (h) {
            h.delivered++;
            h.lastError = null;
            if (h.reported) {
                reports.info("notification channel " + c.label() + " delivers again after " + h.failures
                        + " failed attempts since " + h.since);
                reports.event(NotifyTopics.RECOVERED,
                        Map.of(NotifyTopics.CHANNEL, c.id(), NotifyTopics.ATTEMPTS, h.failures));
            } else if (h.failures > 0) {
                reports.info("notification channel " + c.label() + " delivers again");
            }
            h.failures = 0;
            h.reported = false;
            h.retryAt = Instant.MIN;
        }
    }

    /** A channel's failure episode (in memory: after a restart, a failing channel is tried at once). */
    private static final class Health {
        volatile Instant retryAt = Instant.MIN;
        int failures;
        Instant since;
        boolean reported;
        long delivered;
        long failed;
        String lastError;
    }

    // --- what people see and do (the Notifications service) ---

    private static String key(Notifications.Target target, String id) {
        return target + "\u0000" + id;
    }

    /** End of the target's snooze, null if it is not snoozed at {@code now}. */
    Instant snoozedUntil(Notifications.Target target, String id, Instant now) {
        Notifications.Snooze z = snoozes.get(key(target, id));
        return z != null && z.until().isAfter(now) ? z.until() : null;
    }

    /** End of the snooze that holds this alert (its own, or its printer's), null if none. */
    private Instant heldUntil(NotifiedAlert a, Instant now) {
        return later(snoozedUntil(Notifications.Target.ALERT, a.id(), now),
                snoozedUntil(Notifications.Target.PRINTER, a.printerId(), now));
    }

    /** A message waits while every alert in it is snoozed. */
    private boolean held(Notification n, Instant now) {
        return n.alerts().stream().allMatch(a -> heldUntil(a, now) != null);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    /** The channel with this id, or else this name ({@code webhook 'ops'}), if bound. */
    Optional<Channel> channel(String idOrName) {
        Channel c = channels.get(idOrName);
        return c != null ? Optional.of(c)
                : channels.values().stream().filter(x -> x.label().equals(idOrName)).findFirst();
    }

    Notifications.Snooze snooze(Notifications.Target target, String id, Duration duration, String actor)
            throws SQLException {
        if (duration == null || duration.isNegative() || duration.isZero()
                || duration.compareTo(Notifications.MAX_SNOOZE) > 0) {
            throw new IllegalArgumentException("a snooze lasts more than 0 and at most "
                    + Notifications.MAX_SNOOZE.toDays() + " days, not " + duration);
        }
        String what = id;
        if (target == Notifications.Target.CHANNEL) {
            String asked = id;
            Channel c = channel(asked).orElseThrow(() -> new java.util.NoSuchElementException("no channel " + asked));
            id = c.id();
            what = c.label();
        }
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // as kept on disk
        Notifications.Snooze z = new Notifications.Snooze(target, id, now.plus(duration), actor, now);
        outbox.putSnooze(z);
        snoozes.put(key(target, id), z);
        reports.info("notifications of " + target.name().toLowerCase(java.util.Locale.ROOT) + " " + what
                + " snoozed until " + z.until() + " by " + actor);
        return z;
    }

    boolean unsnooze(Notifications.Target target, String id, String actor) throws SQLException {
        if (target == Notifications.Target.CHANNEL) {
            id = channel(id).map(Channel::id).orElse(id);
        }
        boolean was = outbox.deleteSnooze(target, id);
        Notifications.Snooze z = snoozes.remove(key(target, id));
        if (was || z != null) {
            reports.info("snooze of " + target.name().toLowerCase(java.util.Locale.ROOT) + " " + id + " lifted by "
                    + actor);
        }
        return was || z != null;
    }

    List<Notifications.Snooze> snoozes() {
        Instant now = clock.instant();
        return snoozes.values().stream().filter(z -> z.until().isAfter(now))
                .sorted(java.util.Comparator.comparing(Notifications.Snooze::until)).toList();
    }

    private void expireSnoozes(Instant now) {
        for (Notifications.Snooze z : List.copyOf(snoozes.values())) {
            if (!z.until().isAfter(now)) {
                try {
                    outbox.deleteSnooze(z.target(), z.id());
                    snoozes.remove(key(z.target(), z.id()), z);
                    reports.info("snooze of " + z.target().name().toLowerCase(java.util.Locale.ROOT) + " " + z.id()
                            + " (by " + z.actor() + ") ended");
                } catch (SQLException e) {
                    reports.error("notification outbox " + outbox.file() + ": " + e);
                }
            }
        }
    }

    List<Notifications.Channel> channelStates() {
        Instant now = clock.instant();
        List<Notifications.Channel> all = new ArrayList<>();
        for (Channel c : channels.values()) {
            Health h = health.computeIfAbsent(c.id(), id -> new Health());
            int waiting;
            try {
                waiting = outbox.waiting(c.id());
            } catch (SQLException e) {
                waiting = -1;
            }
            synchronized (h) {
                all.add(new Notifications.Channel(c.id(), c.label(), c.type(), h.failures, h.reported, h.lastError,
                        waiting, h.delivered, h.failed, snoozedUntil(Notifications.Target.CHANNEL, c.id(), now)));
            }
        }
        all.sort(java.util.Comparator.comparing(Notifications.Channel::name));
        return all;
    }

    List<Notifications.Delivery> deliveries(int limit) throws SQLException {
        List<Notifications.Delivery> all = outbox.deliveries(limit); // the waiting ones first
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }

    /** Sends a test message through the channel now (on the calling thread), one at a time with its deliveries. */
    Notifications.TestResult test(String idOrName, String actor) {
        Channel c = channel(idOrName).orElseThrow(() -> new java.util.NoSuchElementException("no channel " + idOrName));
        Instant now = clock.instant();
        NotifiedAlert alert = new NotifiedAlert("test-" + newId().substring(0, 8), "carbine", "carbine", "TEST",
                carbine.api.alert.Severity.INFO, "A test message from Carbine for channel " + c.label() + ", sent by "
                        + actor + ". Nothing is wrong.", AlertState.ACTIVE, now);
        Notification n = Notification.builder(Change.RAISED).id(newId()).groupKey("carbine/TEST")
                .title("Test message from Carbine").body(alert.message()).alert(alert).time(now).build();
        long start = System.nanoTime();
        try {
            synchronized (sendLock(c.id())) {
                c.notifier().send(n);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            record(c, n, Notifications.Status.DELIVERED, 1, null, true);
            reports.info("notification channel " + c.label() + ": test message delivered in " + millis + " ms (sent by "
                    + actor + ")");
            return new Notifications.TestResult(true, "delivered in " + millis + " ms", millis);
        } catch (Exception | LinkageError e) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            String reason = Secrets.describe(e);
            record(c, n, Notifications.Status.FAILED, 1, reason, true);
            reports.warn("notification channel " + c.label() + ": test message failed: " + reason + " (sent by "
                    + actor + ")");
            return new Notifications.TestResult(false, reason, millis);
        }
    }
}
