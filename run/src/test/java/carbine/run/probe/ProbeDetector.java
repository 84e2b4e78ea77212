package carbine.run.probe;

import java.util.List;

import carbine.api.alert.Severity;
import carbine.api.detector.Detector;
import carbine.api.detector.Finding;
import carbine.api.detector.SampleHistory;
import carbine.api.telemetry.TelemetrySample;

/**
 * The detector of a plug-in bundle that the tests build at run time and install through the Web Console: it
 * finds "PROBE" in every sample of printers whose id starts with {@code it-swap-}, naming its bundle version.
 */
public final class ProbeDetector implements Detector {
    private final String version;

    ProbeDetector(String version) {
        this.version = version;
    }

    @Override
    public List<Finding> judge(TelemetrySample sample, SampleHistory history) {
        if (!sample.printerId().startsWith("it-swap-")) {
            return List.of();
        }
        return List.of(Finding.of("PROBE", Severity.INFO, "probe detector " + version));
    }
}
