package carbine.alerts.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import carbine.api.alert.Alert;
import carbine.api.store.AlertStore;

/** Hand-written fakes of the services the alert service uses. */
final class Fakes {
    private Fakes() {}

    static final class Store implements AlertStore {
        final List<Alert> saved = new CopyOnWriteArrayList<>();
        /** "alert id: actor" for each save that named who acted. */
        final List<String> actors = new CopyOnWriteArrayList<>();
        final List<Alert> open = new ArrayList<>();
        RuntimeException failWith;

        @Override
        public CompletionStage<Void> saveAlert(Alert alert) {
            if (failWith != null) {
                return CompletableFuture.failedFuture(failWith);
            }
            saved.add(alert);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> saveAlert(Alert alert, String actor) {
            actors.add(alert.id() + ": " + actor);
            return saveAlert(alert);
        }

        @Override
        public List<Alert> alerts(Instant from, Instant to, int limit) {
            return List.of();
        }

        @Override
        public List<Alert> openAlerts() {
            return open;
        }
    }

    static final class Events implements EventAdmin {
        final List<Event> posted = new CopyOnWriteArrayList<>();

        @Override
        public void postEvent(Event event) {
            posted.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            throw new AssertionError("alerts are posted, never sent synchronously");
        }
    }
}
