package carbine.driver.replay.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import carbine.api.alert.Alert;
import carbine.api.store.AlertStore;
import carbine.api.store.TelemetryStore;
import carbine.api.telemetry.TelemetrySample;

/**
 * One evaluation run: wait for the replay of a printer to finish, for its last row to be stored and for the alert
 * store to settle, then write the printer's alerts. Every wait polls with a deadline.
 */
final class Evaluation {
    /** Where the run reports; the component passes its OSGi logger. */
    interface Log {
        void info(String format, Object... arguments);

        void error(String format, Object... arguments);
    }

    /**
     * @param poll         time between two looks
     * @param storeDeadline how long to wait for the last row to be stored
     * @param settleDeadline how long to wait for the alert count to stop changing
     * @param stableReads  how many equal alert counts in a row mean "settled"
     */
    record Timing(Duration poll, Duration storeDeadline, Duration settleDeadline, int stableReads) {
        static final Timing DEFAULT = new Timing(Duration.ofMillis(200), Duration.ofSeconds(60),
                Duration.ofSeconds(30), 3);
    }

    /** What a run did; {@code alerts} is -1 if nothing was written. */
    record Result(long rowsReplayed, int moved, int skipped, int alerts, long wallMillis) {}

    private static final int ALERT_LIMIT = 10_000_000;

    private final String printerId;
    private final Path output;
    private final Supplier<Optional<ReplayProgress>> progress;
    private final TelemetryStore telemetry;
    private final AlertStore alerts;
    private final Log log;
    private final Timing timing;
    private final LongSupplier nanoTime;

    Evaluation(String printerId, Path output, Supplier<Optional<ReplayProgress>> progress, TelemetryStore telemetry,
            AlertStore alerts, Log log, Timing timing, LongSupplier nanoTime) {
        this.printerId = printerId;
        this.output = output;
        this.progress = progress;
        this.telemetry = telemetry;
        this.alerts = alerts;
        this.log = log;
        this.timing = timing;
        this.nanoTime = nanoTime;
    }

    /** Runs to the end; returns the result, or throws InterruptedException when stopped on the way. */
    Result run() throws InterruptedException {
        long started = nanoTime.getAsLong();
        log.info("evaluation: waiting for the replay of printer {} to finish; the alerts go to {}", printerId, output);
        ReplayProgress replay = awaitFinishedReplay();
        if (replay.failure().isPresent()) {
            log.error("evaluation: the replay of printer {} failed ({}); {} is not written", printerId,
                    replay.failure().get(), output);
            return new Result(0, 0, 0, -1, millisSince(started));
        }
        awaitLastRowStored(replay);
        awaitSettledAlerts();
        List<Alert> ofPrinter = AlertLines.ofPrinter(alerts.alerts(Instant.MIN, Instant.MAX, ALERT_LIMIT), printerId);
        try {
            AlertLines.write(output, ofPrinter, alert -> replay.row(alert.firstSeen()));
        } catch (IOException e) {
            log.error("evaluation: cannot write {}: {}", output, e.toString());
            return new Result(replay.replayed(), replay.moved(), replay.skipped(), -1, millisSince(started));
        }
        Result result = new Result(replay.replayed(), replay.moved(), replay.skipped(), ofPrinter.size(),
                millisSince(started));
        log.info("evaluation of printer {}: {} rows replayed ({} timestamps moved, {} rows skipped), {} alerts "
                + "written to {} in {} ms", printerId, result.rowsReplayed(), result.moved(), result.skipped(),
                result.alerts(), output, result.wallMillis());
        writeLeadTimes(replay, ofPrinter);
        return result;
    }

    /** The file next to the output for a file with ERROR rows (a klippy.log with shutdowns): see {@link LeadTimes}. */
    static Path leadTimesFile(Path output) {
        return output.resolveSibling(output.getFileName() + ".shutdowns.txt");
    }

    private void writeLeadTimes(ReplayProgress replay, List<Alert> ofPrinter) {
        List<ReplayProgress.ErrorOnset> onsets = replay.errorOnsets();
        if (onsets.isEmpty()) {
            return;
        }
        List<String> lines = LeadTimes.lines(onsets, ofPrinter);
        for (String line : lines) {
            log.info("evaluation of printer {}: {}", printerId, line);
        }
        Path file = leadTimesFile(output);
        try {
            java.nio.file.Files.write(file, lines, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.error("evaluation: cannot write {}: {}", file, e.toString());
        }
    }

    private ReplayProgress awaitFinishedReplay() throws InterruptedException {
        // no deadline: a replay at a chosen speed may rightly take hours
        while (true) {
            Optional<ReplayProgress> replay = progress.get();
            if (replay.isPresent() && replay.get().finished()) {
                return replay.get();
            }
            pause();
        }
    }

    private void awaitLastRowStored(ReplayProgress replay) throws InterruptedException {
        Instant last = replay.lastEventTime().orElseThrow();
        long deadline = nanoTime.getAsLong() + timing.storeDeadline().toNanos();
        Optional<Instant> stored = Optional.empty();
        while (nanoTime.getAsLong() - deadline < 0) {
            stored = telemetry.latest(printerId).map(TelemetrySample::time);
            if (stored.isPresent() && !stored.get().isBefore(last)) {
                return;
            }
            pause();
        }
        log.error("evaluation: the last row of printer {} (event time {}) was not stored within {} ms (latest stored: "
                + "{}); writing the alerts there are", printerId, last, timing.storeDeadline().toMillis(),
                stored.map(Instant::toString).orElse("none"));
    }

    /** Alerts are saved asynchronously after the poller's report: wait until their number stops changing. */
    private void awaitSettledAlerts() throws InterruptedException {
        long deadline = nanoTime.getAsLong() + timing.settleDeadline().toNanos();
        int previous = -1;
        int equal = 0;
        while (nanoTime.getAsLong() - deadline < 0) {
            int count = alerts.alerts(Instant.MIN, Instant.MAX, ALERT_LIMIT).size();
            equal = count == previous ? equal + 1 : 1;
            if (equal >= timing.stableReads()) {
                return;
            }
            previous = count;
            pause();
        }
        log.error("evaluation: the number of alerts still changed after {} ms; writing the alerts there are",
                timing.settleDeadline().toMillis());
    }

    private void pause() throws InterruptedException {
        Thread.sleep(timing.poll());
    }

    private long millisSince(long startNanos) {
        return (nanoTime.getAsLong() - startNanos) / 1_000_000;
    }
}
