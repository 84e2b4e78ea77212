package carbine.detector.iforest.internal;

import java.time.Instant;
import java.util.List;

/**
 * What one model (a printer's, or the fleet's) learns from and when: the sliding window of normal observations,
 * the current model, and the event-time schedule of (re)training. Guarded by its own monitor, except
 * {@link #model}, which is swapped atomically when a training finishes and read without locking by judging. The
 * window is kept as columns of primitives ({@link ObservationRing}); a training reads it without a copy.
 */
final class TrainingWindow {
    final String key;
    private final ObservationRing window = new ObservationRing();
    private volatile TrainedModel model;
    /** Event time from which the next training is counted: first normal sample, or the last training. */
    private Instant scheduleFrom;
    private boolean training;

    TrainingWindow(String key) {
        this.key = key;
    }

    TrainedModel model() {
        return model;
    }

    synchronized void install(TrainedModel trained) {
        model = trained;
    }

    /** Installs a model read from disk unless one was trained meanwhile; true when installed. */
    synchronized boolean installLoaded(TrainedModel stored) {
        if (model != null) {
            return false;
        }
        model = stored;
        return true;
    }

    synchronized void add(Observation o, int capacity) {
        if (scheduleFrom == null) {
            scheduleFrom = o.time();
        }
        window.addLast(o);
        while (window.size() > capacity) {
            window.dropFirst();
        }
    }

    synchronized int size() {
        return window.size();
    }

    /**
     * If a training is due at event time {@code now}, marks it started and returns the window to train on, as it
     * is now (later samples do not change it); otherwise null. Due: none running, enough samples, and the warm-up
     * (before the first model) or the retrain interval has passed since {@code scheduleFrom}.
     */
    synchronized List<Observation> startTrainingIfDue(Instant now, Settings s) {
        if (training || scheduleFrom == null || window.size() < s.minSamples()) {
            return null;
        }
        double minutes = model == null ? s.warmupMinutes() : s.retrainMinutes();
        if (now.isBefore(scheduleFrom.plusMillis(Math.round(minutes * 60_000)))) {
            return null;
        }
        training = true;
        scheduleFrom = now;
        return window.snapshot();
    }

    synchronized void trainingFinished() {
        training = false;
    }

    synchronized boolean isTraining() {
        return training;
    }
}
