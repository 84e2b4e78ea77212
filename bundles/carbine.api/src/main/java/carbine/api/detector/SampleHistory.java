package carbine.api.detector;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import carbine.api.telemetry.TelemetrySample;

/** The recent samples of one printer, kept in memory by the poller (a bounded window). */
@ProviderType
public interface SampleHistory {
    /** Samples before the current one, oldest first; at most the configured history size. */
    List<TelemetrySample> samples();

    /** The sample just before the current one, or null if there is none. */
    default TelemetrySample previous() {
        List<TelemetrySample> s = samples();
        return s.isEmpty() ? null : s.get(s.size() - 1);
    }
}
