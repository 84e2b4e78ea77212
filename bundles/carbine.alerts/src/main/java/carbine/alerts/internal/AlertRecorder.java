package carbine.alerts.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import carbine.api.alert.Alert;
import carbine.api.event.CarbineTopics;
import carbine.api.store.AlertStore;

/**
 * Records each {@link AlertChange}: saves it in the {@link AlertStore} (if there is one), posts an Event
 * Admin event (if there is Event Admin) and appends a line to {@code alerts.log}. Plain repeats are saved at
 * most once per {@code persistInterval} of event time per alert, and neither posted nor logged.
 * Failures are reported to {@code problems} and never thrown: alerts must keep working without a store.
 */
public final class AlertRecorder {
    private final Supplier<AlertStore> store;
    private final Supplier<EventAdmin> eventAdmin;
    private final AlertLog log;
    private final Consumer<String> problems;
    /** Alert id → last-seen time of the version last given to the store. */
    private final ConcurrentHashMap<String, Instant> savedUpTo = new ConcurrentHashMap<>();
    private volatile Duration persistInterval;

    public AlertRecorder(Supplier<AlertStore> store, Supplier<EventAdmin> eventAdmin, AlertLog log,
            Duration persistInterval, Consumer<String> problems) {
        this.store = store;
        this.eventAdmin = eventAdmin;
        this.log = log;
        this.persistInterval = persistInterval;
        this.problems = problems;
    }

    public void setPersistInterval(Duration persistInterval) {
        this.persistInterval = persistInterval;
    }

    public void record(AlertChange change) {
        if (change.type().isNotable() || saveIsDue(change.alert())) {
            // who acknowledged it is kept in the store with the alert, as in alerts.log
            save(change.alert(), change.type() == AlertChange.Type.ACKNOWLEDGED ? change.actor() : null);
        }
        if (change.type() == AlertChange.Type.RESOLVED) {
            savedUpTo.remove(change.alert().id());
        }
        if (change.type().isNotable()) {
            post(change);
            appendToLog(change);
        }
    }

    /** Saves the latest version of every open alert, waiting up to {@code timeout} for the store. */
    public void saveAll(Collection<Alert> openAlerts, Duration timeout) {
        AlertStore s = store.get();
        if (s == null || openAlerts.isEmpty()) {
            return;
        }
        CompletableFuture<?>[] saves = openAlerts.stream().map(a -> saveTo(s, a, null)).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(saves).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            problems.accept("could not save all " + openAlerts.size() + " open alerts within " + timeout + ": " + e);
        }
    }

    private boolean saveIsDue(Alert alert) {
        Instant saved = savedUpTo.get(alert.id());
        return saved == null || Duration.between(saved, alert.lastSeen()).compareTo(persistInterval) >= 0;
    }

    private void save(Alert alert, String actor) {
        AlertStore s = store.get();
        if (s != null) {
            saveTo(s, alert, actor);
        }
    }

    private CompletableFuture<Void> saveTo(AlertStore s, Alert alert, String actor) {
        if (alert.isOpen()) {
            savedUpTo.put(alert.id(), alert.lastSeen());
        }
        try {
            return (actor == null ? s.saveAlert(alert) : s.saveAlert(alert, actor)).toCompletableFuture().whenComplete((ok, failure) -> {
                if (failure != null) {
                    problems.accept("could not save alert " + alert.id() + " (" + alert.kind() + " on "
                            + alert.printerId() + "): " + failure);
                }
            });
        } catch (RuntimeException e) {
            problems.accept("could not save alert " + alert.id() + " (" + alert.kind() + " on " + alert.printerId()
                    + "): " + e);
            return CompletableFuture.failedFuture(e);
        }
    }

    private void post(AlertChange change) {
        EventAdmin admin = eventAdmin.get();
        if (admin != null) {
            try {
                admin.postEvent(event(change));
            } catch (RuntimeException e) { // Event Admin going away under us
                problems.accept("could not post " + change.type() + " of alert " + change.alert().id() + ": " + e);
            }
        }
    }

    /** The Event Admin event of a notable change: simple values only. */
    public static Event event(AlertChange change) {
        Alert a = change.alert();
        Map<String, Object> properties = new HashMap<>();
        properties.put(CarbineTopics.ALERT_ID, a.id());
        properties.put(CarbineTopics.PRINTER, a.printerId());
        properties.put(CarbineTopics.DETECTOR, a.detector());
        properties.put(CarbineTopics.KIND, a.kind());
        properties.put(CarbineTopics.SEVERITY, a.severity().name());
        properties.put(CarbineTopics.MESSAGE, a.message());
        properties.put(CarbineTopics.STATE, a.state().name());
        properties.put(CarbineTopics.TIME, change.time().toString());
        if (change.actor() != null) {
            properties.put(CarbineTopics.ACTOR, change.actor());
        }
        return new Event(topic(change.type()), properties);
    }

    static String topic(AlertChange.Type type) {
        return switch (type) {
            case RAISED -> CarbineTopics.ALERT_RAISED;
            case ESCALATED -> CarbineTopics.ALERT_ESCALATED;
            case ACKNOWLEDGED -> CarbineTopics.ALERT_ACKNOWLEDGED;
            case RESOLVED -> CarbineTopics.ALERT_RESOLVED;
            case UPDATED -> throw new IllegalArgumentException("repeats have no topic");
        };
    }

    private void appendToLog(AlertChange change) {
        try {
            log.append(change);
        } catch (IOException | RuntimeException e) {
            problems.accept("could not append to " + log.file() + ": " + e);
        }
    }
}
