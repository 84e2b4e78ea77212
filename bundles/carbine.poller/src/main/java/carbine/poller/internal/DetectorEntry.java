package carbine.poller.internal;

import java.util.Comparator;

import carbine.api.detector.Detector;

/** One registered detector service and the id it reports under. */
public record DetectorEntry(long serviceId, int ranking, String id, Detector detector) {
    static final Comparator<DetectorEntry> PRIORITY = Comparator.comparingInt(DetectorEntry::ranking).reversed()
            .thenComparingLong(DetectorEntry::serviceId);
}
