package carbine.api.alert;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import carbine.api.detector.Finding;
import carbine.api.telemetry.TelemetrySample;

/**
 * Turns findings into alerts: deduplicates them, resolves them when their condition has cleared, records
 * every change (store, Event Admin, {@code alerts.log}). Implemented by Carbine; fed by the poller.
 */
@ProviderType
public interface AlertService {
    /**
     * Reports what one detector found in one sample. An empty list means the detector found nothing: its
     * open alerts on that printer count as clear from this sample's time on.
     *
     * @param detector the detector id
     * @param sample   the judged sample (its printer and event time are used)
     * @param findings the findings, possibly empty
     */
    void report(String detector, TelemetrySample sample, List<Finding> findings);

    /** Open alerts (ACTIVE and ACKNOWLEDGED), newest first. */
    List<Alert> open();

    /**
     * Marks an open alert as seen by a person. Returns the updated alert, empty if no open alert has this id.
     *
     * @param alertId the alert's id
     * @param actor   who acknowledged it, for {@code alerts.log} and the event, e.g. {@code "admin from
     *                192.168.1.20 (dashboard)"} or {@code "shell"}
     */
    Optional<Alert> acknowledge(String alertId, String actor);
}
