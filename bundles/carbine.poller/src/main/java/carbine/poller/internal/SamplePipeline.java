package carbine.poller.internal;

import static carbine.api.event.CarbineTopics.PRINTER;
import static carbine.api.event.CarbineTopics.REASON;
import static carbine.api.event.CarbineTopics.STATE;
import static carbine.api.event.CarbineTopics.TIME;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import carbine.api.alert.AlertService;
import carbine.api.alert.Severity;
import carbine.api.detector.Finding;
import carbine.api.detector.SampleHistory;
import carbine.api.event.CarbineTopics;
import carbine.api.store.TelemetryStore;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * What happens to the outcome of one poll, on the printer's own thread and under its lock:
 * validate → store → detectors → alerts → history → event; or, for a failed poll, the count towards offline.
 */
final class SamplePipeline {
    /** The detector id under which the poller reports its own findings. */
    static final String POLLER = "poller";
    static final String BAD_TELEMETRY = "BAD_TELEMETRY";
    static final String OFFLINE = "OFFLINE";

    enum Outcome { GOOD, FAILED, DROPPED }

    private final SampleValidator validator = new SampleValidator();
    private final PollerLog log;
    private final RateLimitedLog limited;
    private final Clock clock;
    private final Supplier<PollerSettings> settings;
    private final AtomicReference<TelemetryStore> store = new AtomicReference<>();
    private final AtomicReference<AlertService> alerts = new AtomicReference<>();
    private final AtomicReference<EventSink> events = new AtomicReference<>();
    private volatile List<DetectorEntry> detectors = List.of();

    SamplePipeline(PollerLog log, RateLimitedLog limited, Clock clock, Supplier<PollerSettings> settings) {
        this.log = log;
        this.limited = limited;
        this.clock = clock;
        this.settings = settings;
    }

    AtomicReference<TelemetryStore> store() { return store; }
    AtomicReference<AlertService> alerts() { return alerts; }
    AtomicReference<EventSink> events() { return events; }
    void detectors(List<DetectorEntry> active) { detectors = active; }
    List<DetectorEntry> detectors() { return detectors; }

    Outcome onSample(PolledPrinter printer, Instant polledAt, TelemetrySample raw) {
        printer.lock();
        try {
            if (printer.isRetired()) {
                return Outcome.DROPPED;
            }
            SampleValidator.Result result = validator.validate(printer.id(), raw, clock.instant());
            if (result instanceof SampleValidator.Rejected rejected) {
                return recordFailure(printer, polledAt, "rejected sample: " + rejected.reason());
            }
            SampleValidator.Accepted accepted = (SampleValidator.Accepted) result;
            TelemetrySample sample = accepted.sample();
            if (!printer.isAfterLatest(sample.time())) {
                limited.warn("order:" + printer.id(),
                        "printer {}: dropped a sample at {}, not after the previous one at {} (driver {})",
                        printer.id(), sample.time(), printer.latestTime(), printer.driver().name());
                printer.recordPollTime(polledAt);
                return Outcome.DROPPED;
            }
            boolean cameBack = printer.recordGood(sample, polledAt);
            store(printer, sample);
            reportPollerFindings(printer, sample, accepted.problems());
            if (cameBack) {
                log.info("printer {} answers again", printer.id());
                post(CarbineTopics.PRINTER_ONLINE, Map.of(PRINTER, printer.id()));
            }
            runDetectors(printer, sample);
            printer.phase = "history";
            printer.appendHistory(sample, settings.get().historySize());
            post(CarbineTopics.TELEMETRY_SAMPLE,
                    Map.of(PRINTER, printer.id(), TIME, sample.time().toString(), STATE, sample.state().name()));
            return Outcome.GOOD;
        } finally {
            printer.phase = "idle";
            printer.unlock();
        }
    }

    Outcome onFailure(PolledPrinter printer, Instant polledAt, String reason) {
        printer.lock();
        try {
            return printer.isRetired() ? Outcome.DROPPED : recordFailure(printer, polledAt, reason);
        } finally {
            printer.phase = "idle";
            printer.unlock();
        }
    }

    void post(String topic, Map<String, Object> properties) {
        EventSink sink = events.get();
        if (sink == null) {
            return;
        }
        try {
            sink.post(topic, properties);
        } catch (Throwable t) {
            limited.error("events", "posting event {} failed: {}", topic, t.toString());
        }
    }

    private Outcome recordFailure(PolledPrinter printer, Instant polledAt, String reason) {
        int failures = printer.recordFailure(reason, polledAt);
        limited.warn("failure:" + printer.id(), "printer {}: poll failed ({} in a row): {}", printer.id(), failures,
                reason);
        if (!printer.isOffline() && failures >= settings.get().offlineAfterFailures()) {
            goOffline(printer, reason, failures);
        }
        return Outcome.FAILED;
    }

    private void goOffline(PolledPrinter printer, String reason, int failures) {
        printer.markOffline();
        log.warn("printer {} is offline after {} failed polls in a row: {}", printer.id(), failures, reason);
        TelemetrySample offline = TelemetrySample.builder(printer.id(), offlineTime(printer), PrinterState.OFFLINE)
                .build();
        store(printer, offline);
        report(printer, POLLER, offline, List.of(Finding.of(OFFLINE, Severity.WARNING,
                "printer not answering: " + reason + " (" + failures + " failed polls)")));
        printer.pollerFindingsOpen = true;
        post(CarbineTopics.PRINTER_OFFLINE, Map.of(PRINTER, printer.id(), REASON, reason));
    }

    /** Now, but after the latest sample, so that the printer's event times keep increasing. */
    private Instant offlineTime(PolledPrinter printer) {
        Instant now = clock.instant();
        Instant latest = printer.latestTime();
        return latest != null && !now.isAfter(latest) ? latest.plusMillis(1) : now;
    }

    private void reportPollerFindings(PolledPrinter printer, TelemetrySample sample,
            List<SampleValidator.Problem> problems) {
        if (!problems.isEmpty()) {
            String dropped = problems.stream().map(SampleValidator.Problem::toString).collect(Collectors.joining(", "));
            limited.warn("bad:" + printer.id(), "printer {}: driver {} sent impossible values, dropped: {}",
                    printer.id(), printer.driver().name(), dropped);
            report(printer, POLLER, sample,
                    List.of(Finding.of(BAD_TELEMETRY, Severity.WARNING, "impossible values dropped: " + dropped)));
            printer.pollerFindingsOpen = true;
        } else if (printer.pollerFindingsOpen) {
            report(printer, POLLER, sample, List.of());
            printer.pollerFindingsOpen = false;
        }
    }

    private void runDetectors(PolledPrinter printer, TelemetrySample sample) {
        List<DetectorEntry> active = detectors;
        if (active.isEmpty()) {
            return;
        }
        SampleHistory history = printer.historyView();
        for (DetectorEntry detector : active) {
            printer.phase = detector.id();
            List<Finding> findings;
            try {
                findings = detector.detector().judge(sample, history);
            } catch (Throwable t) {
                // no report at all: an empty list would clear this detector's open alerts
                limited.error("detector:" + detector.id() + ":" + printer.id(),
                        "detector {} failed on printer {}, sample skipped: {}", detector.id(), printer.id(),
                        t.toString(), t);
                continue;
            }
            if (findings == null) {
                limited.error("detector:" + detector.id() + ":" + printer.id(),
                        "detector {} returned null instead of a list on printer {}, sample skipped", detector.id(),
                        printer.id());
                continue;
            }
            report(printer, detector.id(), sample, findings);
        }
    }

    private void store(PolledPrinter printer, TelemetrySample sample) {
        TelemetryStore target = store.get();
        if (target == null) {
            return;
        }
        printer.phase = "store";
        try {
            CompletionStage<Void> stored = target.store(sample);
            if (stored != null) {
                stored.whenComplete((ok, failure) -> {
                    if (failure != null) {
                        limited.error("store", "storing a sample of printer {} failed: {}", sample.printerId(),
                                failure.toString());
                    }
                });
            }
        } catch (Throwable t) {
            limited.error("store", "storing a sample of printer {} failed: {}", sample.printerId(), t.toString());
        }
    }

    private void report(PolledPrinter printer, String detector, TelemetrySample sample, List<Finding> findings) {
        AlertService target = alerts.get();
        if (target == null) {
            return;
        }
        printer.phase = "alerts";
        try {
            target.report(detector, sample, findings);
        } catch (Throwable t) {
            limited.error("alerts", "the alert service failed on a report of {} for printer {}: {}", detector,
                    printer.id(), t.toString());
        }
    }
}
