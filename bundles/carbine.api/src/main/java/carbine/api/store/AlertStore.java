package carbine.api.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

import carbine.api.alert.Alert;

/** The alert history: every alert with its latest state, kept after it resolves. */
@ProviderType
public interface AlertStore {
    /** Inserts or updates the alert with this id; completes when committed. */
    CompletionStage<Void> saveAlert(Alert alert);

    /**
     * As {@link #saveAlert(Alert)}, and records who acknowledged it ({@code actor}, e.g. {@code "admin from 10.0.0.5
     * (dashboard)"}), kept with the alert from then on (later saves without an actor keep it). The default keeps no
     * actor, for stores that have no place for one.
     *
     * @since 0.4.0
     */
    default CompletionStage<Void> saveAlert(Alert alert, String actor) {
        return saveAlert(alert);
    }

    /**
     * Who acknowledged the alert with this id, as given to {@link #saveAlert(Alert, String)}; empty when nobody did,
     * the alert is unknown, or the store keeps no actor.
     *
     * @since 0.4.0
     */
    default Optional<String> acknowledgedBy(String alertId) {
        return Optional.empty();
    }

    /** Alerts whose last-seen time is in {@code [from, to)}, newest first, at most {@code limit}. */
    List<Alert> alerts(Instant from, Instant to, int limit);

    /** Alerts that are not resolved, newest first. */
    List<Alert> openAlerts();
}
