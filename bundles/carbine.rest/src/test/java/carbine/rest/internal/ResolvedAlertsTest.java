package carbine.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;
import carbine.api.store.AlertStore;

/** {@link AlertsServlet#resolved}: which alerts of the store count as resolved since an instant. */
class ResolvedAlertsTest {
    static final Instant NOW = Instant.parse("2026-12-05T09:00:00Z");
    static final Instant SINCE = NOW.minus(Duration.ofHours(1));

    /** An in-memory store with the contract of {@link AlertStore#alerts}: by last-seen time, newest first. */
    static final class ListStore implements AlertStore {
        final List<Alert> alerts = new ArrayList<>();

        @Override
        public CompletionStage<Void> saveAlert(Alert alert) {
            alerts.add(alert);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public List<Alert> alerts(Instant from, Instant to, int limit) {
            return alerts.stream().filter(a -> !a.lastSeen().isBefore(from) && a.lastSeen().isBefore(to))
                    .sorted(Comparator.comparing(Alert::lastSeen).reversed()).limit(limit).toList();
        }

        @Override
        public List<Alert> openAlerts() {
            return alerts.stream().filter(Alert::isOpen).toList();
        }
    }

    static Alert alert(String id, Instant lastSeen, AlertState state, Instant resolvedAt) {
        return new Alert(id, "p1", "rules", "FAN_FAILURE", Severity.WARNING, "m", lastSeen.minusSeconds(60), lastSeen, 3,
                Double.NaN, state, resolvedAt);
    }

    @Test
    void resolvedSinceByResolutionTimeNotLastSeen() {
        ListStore store = new ListStore();
        store.saveAlert(alert("recent", NOW.minusSeconds(100), AlertState.RESOLVED, NOW.minusSeconds(70)));
        // last seen before `since`, resolved after it: listed
        store.saveAlert(alert("straddles", SINCE.minusSeconds(10), AlertState.RESOLVED, SINCE.plusSeconds(20)));
        store.saveAlert(alert("old", SINCE.minusSeconds(100), AlertState.RESOLVED, SINCE.minusSeconds(70)));
        store.saveAlert(alert("open", NOW.minusSeconds(5), AlertState.ACTIVE, null));
        store.saveAlert(alert("acked", NOW.minusSeconds(5), AlertState.ACKNOWLEDGED, null));

        assertThat(AlertsServlet.resolved(store, SINCE, NOW, 100)).extracting(Alert::id).containsExactly("recent", "straddles");
        assertThat(AlertsServlet.resolved(store, SINCE, NOW, 1)).extracting(Alert::id).containsExactly("recent");
        assertThat(AlertsServlet.resolved(store, NOW, NOW, 100)).isEmpty();
    }
}
