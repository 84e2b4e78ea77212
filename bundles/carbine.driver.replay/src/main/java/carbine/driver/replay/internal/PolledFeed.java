package carbine.driver.replay.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import carbine.api.alert.AlertService;
import carbine.api.detector.Detector;
import carbine.api.driver.PrinterDriver;
import carbine.api.store.TelemetryStore;
import carbine.poller.internal.DetectorEntry;
import carbine.poller.internal.DriverEntry;
import carbine.poller.internal.Poller;
import carbine.poller.internal.PollerLog;
import carbine.poller.internal.PollerSettings;

/**
 * Feeds a replay through the poller for an evaluation, as fast as the detectors judge. The poller (package
 * {@code carbine.poller.internal}, OSGi-free, embedded in this bundle by bnd.bnd) is not started but ticked once
 * per row, with the replay's event clock as its clock: every row is listed, validated, stored, judged by every
 * detector with the printer's history and reported to the alert service by exactly the code of a live tick. A
 * started poller's shortest interval, 50 ms, would make a 20,000-row file last 17 minutes. Run with no poller in
 * the framework, so that nothing else drains the replay.
 */
final class PolledFeed {
    /** Ticks in a row without a row served after which the feed gives up (a replay that does not advance). */
    static final int IDLE_TICKS = 1_000;

    private final Poller poller;
    private final ReplayProgress progress;
    private final Evaluation.Log log;

    /**
     * @param detectors by id, in the order they judge each sample (sorted by id: the same order in every run,
     *                  whatever order their services came in)
     */
    PolledFeed(PrinterDriver driver, String driverBundle, ReplayProgress progress, Map<String, Detector> detectors,
            TelemetryStore store, AlertService alerts, PollerLog pollerLog, Evaluation.Log log) {
        this.progress = progress;
        this.log = log;
        this.poller = new Poller(PollerSettings.DEFAULTS, pollerLog, eventClock(progress));
        poller.setStore(store);
        poller.setAlerts(alerts);
        poller.addDriver(new DriverEntry(1, 0, "replay " + progress.printerId(), driverBundle, driver));
        long order = 0;
        for (Map.Entry<String, Detector> d : detectors.entrySet()) {
            poller.addDetector(new DetectorEntry(++order, 0, d.getKey(), d.getValue()));
        }
    }

    /** Ticks until the replay has served its last row; returns the number of ticks. */
    long run() throws InterruptedException {
        long ticks = 0;
        int idle = 0;
        while (!progress.finished()) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long before = progress.replayed();
            poller.pollNow();
            ticks++;
            idle = progress.replayed() == before ? idle + 1 : 0;
            if (idle >= IDLE_TICKS) {
                log.error("evaluation: the replay of {} served no row in {} ticks in a row (at row {} of {}); "
                        + "feeding stops", progress.printerId(), IDLE_TICKS, progress.replayed(), progress.rows());
                break;
            }
        }
        return ticks;
    }

    /**
     * The replay's event clock: the event time of the row it serves next (after the last row, the last row's).
     * The poller takes a poll's time from it and judges a sample "more than a day in the future" against it.
     */
    static Clock eventClock(ReplayProgress progress) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return progress.nextEventTime().or(progress::lastEventTime).orElse(Instant.EPOCH);
            }
        };
    }
}
