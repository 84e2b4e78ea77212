package carbine.alerts.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which detectors are installed, and which of the detectors that have open alerts have been gone for longer
 * than a grace period. The grace lets a detector be updated or swapped (it leaves and comes back within
 * moments) without resolving its alerts and raising them again; alerts restored at start for a detector that
 * never comes back resolve once the grace has passed.
 */
final class GoneDetectors {
    /** Alerts of the poller (OFFLINE, BAD_TELEMETRY) belong to no detector service. */
    static final String POLLER = "poller";

    private volatile Duration grace;
    private final Map<String, Instant> missingSince = new HashMap<>();

    GoneDetectors(Duration grace) {
        this.grace = grace;
    }

    void setGrace(Duration grace) {
        this.grace = grace;
    }

    Duration grace() {
        return grace;
    }

    /**
     * @param withOpenAlerts the detectors that have open alerts now
     * @param installed      the ids of the detector services registered now
     * @return those gone for at least the grace period; each is returned once per absence
     */
    synchronized List<String> goneFor(Set<String> withOpenAlerts, Set<String> installed, Instant now) {
        missingSince.keySet().retainAll(withOpenAlerts);
        for (String id : withOpenAlerts) {
            if (id.equals(POLLER) || installed.contains(id)) {
                missingSince.remove(id);
            } else {
                missingSince.putIfAbsent(id, now);
            }
        }
        List<String> gone = missingSince.entrySet().stream()
                .filter(e -> Duration.between(e.getValue(), now).compareTo(grace) >= 0).map(Map.Entry::getKey).sorted()
                .toList();
        gone.forEach(missingSince::remove);
        return gone;
    }
}
