package carbine.api.store;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

import carbine.api.alert.Alert;

/** The alert history: every alert with its latest state, kept after it resolves. */
@ProviderType
public interface AlertStore {
    /** Inserts or updates the alert with this id; completes when committed. */
    CompletionStage<Void> saveAlert(Alert alert);

    /** Alerts whose last-seen time is in {@code [from, to)}, newest first, at most {@code limit}. */
    List<Alert> alerts(Instant from, Instant to, int limit);

    /** Alerts that are not resolved, newest first. */
    List<Alert> openAlerts();
}
