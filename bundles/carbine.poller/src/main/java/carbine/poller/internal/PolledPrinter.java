package carbine.poller.internal;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import carbine.api.detector.SampleHistory;
import carbine.api.fleet.PrinterStatus;
import carbine.api.telemetry.TelemetrySample;

/**
 * Everything the poller keeps about one printer. The pipeline works on it only while holding {@link #lock},
 * which is what keeps calls for one printer from overlapping.
 */
final class PolledPrinter {
    private final String id;
    private final DriverEntry driver;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger failureRecordings = new AtomicInteger();
    private volatile Poll running;
    private volatile boolean retired;
    private volatile PrinterStatus status;
    /** What the pipeline is doing right now, for the log when it hangs. */
    volatile String phase = "idle";

    // guarded by lock
    private final SampleRing history;
    private TelemetrySample latest;
    private int consecutiveFailures;
    private boolean offline;
    private String lastError;
    private Instant lastPoll;
    /** The poller reported a BAD_TELEMETRY or OFFLINE finding that a clean sample must clear. */
    boolean pollerFindingsOpen;

    PolledPrinter(String id, DriverEntry driver, int historySize) {
        this.id = id;
        this.driver = driver;
        this.history = new SampleRing(historySize);
        publish();
    }

    String id() { return id; }
    DriverEntry driver() { return driver; }
    PrinterStatus status() { return status; }
    boolean isRetired() { return retired; }

    void retire() { retired = true; }

    void lock() { lock.lock(); }
    void unlock() { lock.unlock(); }

    // --- which threads work for this printer (the tick must not start a second poll) ---

    Poll running() { return running; }
    void started(Poll poll) { running = poll; }
    void ended(Poll poll) {
        if (running == poll) {
            running = null;
        }
    }
    boolean isRecordingFailure() { return failureRecordings.get() > 0; }
    void failureRecordingStarted() { failureRecordings.incrementAndGet(); }
    void failureRecordingEnded() { failureRecordings.decrementAndGet(); }

    // --- state changes, under lock ---

    /** True if the sample comes after the latest good one (drivers must deliver in event-time order). */
    boolean isAfterLatest(Instant time) {
        return latest == null || time.isAfter(latest.time());
    }

    Instant latestTime() {
        return latest == null ? null : latest.time();
    }

    /** Records a good sample; returns true if the printer was offline until now. */
    boolean recordGood(TelemetrySample sample, Instant polledAt) {
        boolean wasOffline = offline;
        latest = sample;
        consecutiveFailures = 0;
        lastError = null;
        offline = false;
        lastPoll = polledAt;
        publish();
        return wasOffline;
    }

    /** Records a failed poll; returns how many failed in a row. */
    int recordFailure(String reason, Instant polledAt) {
        consecutiveFailures++;
        lastError = reason;
        lastPoll = polledAt;
        publish();
        return consecutiveFailures;
    }

    void recordPollTime(Instant polledAt) {
        lastPoll = polledAt;
        publish();
    }

    boolean isOffline() { return offline; }

    void markOffline() {
        offline = true;
        publish();
    }

    SampleHistory historyView() { return history.view(); }

    void appendHistory(TelemetrySample sample, int capacity) {
        if (history.capacity() != capacity) {
            history.resize(capacity);
        }
        history.add(sample);
    }

    private void publish() {
        status = new PrinterStatus(id, driver.name(), driver.bundle(), !offline, latest, consecutiveFailures, lastError,
                lastPoll);
    }
}
