package carbine.driver.replay.internal;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import carbine.api.alert.AlertService;
import carbine.api.detector.Detector;
import carbine.api.detector.Finding;
import carbine.api.detector.SampleHistory;
import carbine.api.driver.PrinterDriver;
import carbine.api.store.TelemetryStore;
import carbine.api.telemetry.TelemetrySample;

/**
 * Feeds a replay through the detectors as fast as they judge, for an evaluation: per row, the sample is stored,
 * judged by every detector with the printer's recent samples as history, and each detector's findings are
 * reported to the alert service, the way the poller's pipeline does after a poll, but without its clock (the
 * poller's shortest interval is 50 ms, which makes a 20,000-row file last 17 minutes). Run with no poller in the
 * framework, so that nothing else drains the replay.
 */
final class DirectFeed {
    /** Samples kept as history, as the poller's default {@code historySize}. */
    static final int HISTORY = 120;

    private final PrinterDriver driver;
    private final ReplayProgress progress;
    private final Supplier<Map<String, Detector>> detectors;
    private final TelemetryStore store;
    private final AlertService alerts;
    private final Evaluation.Log log;

    DirectFeed(PrinterDriver driver, ReplayProgress progress, Supplier<Map<String, Detector>> detectors,
            TelemetryStore store, AlertService alerts, Evaluation.Log log) {
        this.driver = driver;
        this.progress = progress;
        this.detectors = detectors;
        this.store = store;
        this.alerts = alerts;
        this.log = log;
    }

    /** Feeds every row; returns the number of detector failures (each logged once per detector). */
    long run() throws InterruptedException {
        ArrayDeque<TelemetrySample> recent = new ArrayDeque<>(HISTORY + 1);
        SampleHistory history = () -> List.copyOf(recent);
        long failures = 0;
        Set<String> reported = new HashSet<>();
        String printerId = progress.printerId();
        while (!progress.finished()) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            TelemetrySample sample;
            try {
                sample = driver.sample(printerId);
            } catch (Exception e) {
                log.error("evaluation: the replay of {} failed: {}", printerId, e.toString());
                return failures;
            }
            store.store(sample);
            for (Map.Entry<String, Detector> d : detectors.get().entrySet()) {
                List<Finding> findings;
                try {
                    findings = d.getValue().judge(sample, history);
                } catch (Throwable t) {
                    failures++;
                    if (reported.add(d.getKey())) {
                        log.error("evaluation: detector {} failed on {} (further failures are only counted): {}",
                                d.getKey(), sample, t.toString());
                    }
                    continue;
                }
                if (findings != null) {
                    alerts.report(d.getKey(), sample, findings);
                }
            }
            recent.addLast(sample);
            if (recent.size() > HISTORY) {
                recent.removeFirst();
            }
        }
        return failures;
    }
}
