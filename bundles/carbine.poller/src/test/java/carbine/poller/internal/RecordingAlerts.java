package carbine.poller.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertService;
import carbine.api.detector.Finding;
import carbine.api.telemetry.TelemetrySample;

/** Remembers every report. */
class RecordingAlerts implements AlertService {
    record Report(String detector, TelemetrySample sample, List<Finding> findings) {
        String printer() { return sample.printerId(); }
        boolean has(String kind) { return findings.stream().anyMatch(f -> f.kind().equals(kind)); }
    }

    final List<Report> reports = new CopyOnWriteArrayList<>();

    @Override
    public void report(String detector, TelemetrySample sample, List<Finding> findings) {
        reports.add(new Report(detector, sample, List.copyOf(findings)));
    }

    List<Report> by(String detector) {
        return reports.stream().filter(r -> r.detector().equals(detector)).toList();
    }

    List<Report> by(String detector, String printer) {
        return reports.stream().filter(r -> r.detector().equals(detector) && r.printer().equals(printer)).toList();
    }

    @Override
    public List<Alert> open() {
        return List.of();
    }

    @Override
    public Optional<Alert> acknowledge(String alertId, String actor) {
        return Optional.empty();
    }
}
