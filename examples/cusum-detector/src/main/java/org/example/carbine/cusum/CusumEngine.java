package org.example.carbine.cusum;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import carbine.api.detector.Finding;
import carbine.api.telemetry.TelemetrySample;

/**
 * The detector without OSGi: one {@link PrinterCusum} per printer id. Thread-safe: the poller judges different
 * printers at the same time.
 */
final class CusumEngine {
    private final Map<String, PrinterCusum> printers = new ConcurrentHashMap<>();
    private volatile CusumParameters parameters;

    CusumEngine(CusumParameters parameters) {
        this.parameters = parameters;
    }

    List<Finding> judge(TelemetrySample sample) {
        return printers.computeIfAbsent(sample.printerId(), id -> new PrinterCusum(parameters)).judge(sample);
    }

    /** New parameters apply from the next sample; every printer learns its baseline again. */
    void setParameters(CusumParameters newParameters) {
        parameters = newParameters;
        printers.clear();
    }

    CusumParameters parameters() {
        return parameters;
    }

    /** The printer's learned baseline, or null while it is still learning (for tests and diagnostics). */
    RobustBaseline baseline(String printerId) {
        PrinterCusum printer = printers.get(printerId);
        return printer == null ? null : printer.baseline();
    }
}
