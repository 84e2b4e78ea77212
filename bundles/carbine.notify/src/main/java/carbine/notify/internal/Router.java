package carbine.notify.internal;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
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
    record Channel(String id, String label, Notifier notifier, Routing routing) {}

    /**
     * Retries and failure reporting.
     *
     * @param initialBackoff  the wait after a first failure; doubled after each further one
     * @param maxBackoff      the longest wait
     * @param failingAttempts a channel is failing after this many failed attempts in a row ...
     * @param failingAfter    ... that span at least this long
     */
    record RetryPolicy(Duration initialBackoff, Duration maxBackoff, int failingAttempts, Duration failingAfter) {
        static final RetryPolicy DEFAULTS = new RetryPolicy(Duration.ofSeconds(10), Duration.ofMinutes(10), 5,
                Duration.ofMinutes(5));

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

    static String groupKey(NotifiedAlert alert) {
        return alert.detector() + "/" + alert.kind();
    }

    /** One round: reminders that are due, groups whose wait is over, deliveries. */
    void tick() {
        Instant now = clock.instant();
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
            List<NotifiedAlert> alerts = items.stream().map(Outbox.Item::alert).toList();
            Notification n = Notification.builder(g.change()).id(newId()).groupKey(groupKey(alerts.get(0)))
                    .title(Texts.title(g.change(), alerts)).body(Texts.body(g.change(), alerts)).alerts(alerts)
                    .time(now).build();
            Instant due = now;
            ZonedDateTime local = ZonedDateTime.now(clock);
            if (c.routing().holds(n.severity(), local.toLocalTime())) {
                due = c.routing().quietHours().endAfter(local).toInstant();
            }
            outbox.toOutbox(g, items.get(items.size() - 1).seq(), n, due);
        }
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private void deliverSoon(Channel c, Instant now) {
        Health h = health.computeIfAbsent(c.id(), id -> new Health());
        if (now.isBefore(h.retryAt) || !busy.add(c.id())) {
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
            Optional<Outbox.Message> next = outbox.next(c.id(), now);
            if (next.isEmpty()) {
                return;
            }
            Outbox.Message m = next.get();
            try {
                c.notifier().send(m.notification());
            } catch (Exception | LinkageError e) {
                if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                    return; // stopping: not the channel's failure; the message stays in the outbox
                }
                String reason = Secrets.describe(e);
                outbox.failed(m, reason);
                failed(c, h, reason, clock.instant());
                return;
            }
            outbox.delivered(m);
            succeeded(c, h);
        }
    }

    private void failed(Channel c, Health h, String reason, Instant now) {
        synchronized (h) {
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
            }
        }
    }

    private void succeeded(Channel c, Health h) {
        synchronized (h) {
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
    }
}
