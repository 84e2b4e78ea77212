package carbine.detector.iforest.internal;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Matcher;

import carbine.api.alert.Severity;
import carbine.api.detector.Finding;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * Learns what normal holding temperature looks like, per printer or for the fleet, and reports samples that
 * stop looking like it. Everything runs in event time.
 *
 * <p>Per sample: extract features; if the nozzle has settled at its target while printing or idle, score it
 * with the current model; a run of {@code persistSamples} scores above the threshold gives a
 * {@value #PREDICTIVE_ANOMALY} warning. Samples that look normal (below the threshold, no printer error, no
 * critical condition) join the training window. Training, after the warm-up and then every
 * {@code retrainMinutes}, runs on the given executor; the new model replaces the old one atomically and is saved.
 * Safe to call for different printers at the same time.
 */
public final class IforestEngine {
    public static final String PREDICTIVE_ANOMALY = "PREDICTIVE_ANOMALY";
    /** The key of the one model in fleet scope (printer ids are used as keys in printer scope). */
    public static final String FLEET_KEY = "_fleet";
    /** Keys of the models shared by the printers of one printer model (scope {@code model}). */
    public static final String MODEL_KEY_PREFIX = "_model_";
    /** How many deviating features a finding names. */
    static final int EXPLAINED_FEATURES = 3;

    /** Tells whether a printer has a critical condition open (its samples are then not learnt as normal). */
    @FunctionalInterface
    public interface CriticalConditions {
        CriticalConditions NONE = printerId -> false;

        boolean activeFor(String printerId);
    }

    private final ModelStore store;
    private final Executor trainer;
    private final CriticalConditions critical;
    private final Log log;
    private final ConcurrentHashMap<String, PrinterWatch> printers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TrainingWindow> windows = new ConcurrentHashMap<>();
    private volatile Settings settings;

    IforestEngine(Settings settings, ModelStore store, Executor trainer, CriticalConditions critical, Log log) {
        this.settings = Objects.requireNonNull(settings);
        this.store = store;
        this.trainer = trainer;
        this.critical = critical;
        this.log = log;
    }

    /**
     * New settings apply from the next sample. A new scope starts from the models stored for it; a new rolling
     * window or settling time restarts feature extraction. Otherwise models and windows are kept.
     */
    void setSettings(Settings next) {
        Settings previous = settings;
        settings = Objects.requireNonNull(next);
        if (previous.scope() != next.scope() || previous.signalField() != next.signalField()
                || !previous.modelPattern().pattern().equals(next.modelPattern().pattern())) {
            windows.clear();
        }
        if (previous.rollingSamples() != next.rollingSamples()
                || previous.settleSeconds() != next.settleSeconds() || previous.signalField() != next.signalField()) {
            printers.clear();
        }
    }

    Settings settings() {
        return settings;
    }

    String keyOf(String printerId) {
        Settings s = settings;
        return switch (s.scope()) {
            case PRINTER -> printerId;
            case FLEET -> FLEET_KEY;
            case MODEL -> {
                // the first group of the pattern names the printer's model; an id it does not fit keeps its own
                Matcher m = s.modelPattern().matcher(printerId);
                yield m.find() && m.group(1) != null ? MODEL_KEY_PREFIX + m.group(1) : printerId;
            }
        };
    }

    /** The model now used for a printer, if any. */
    Optional<TrainedModel> model(String printerId) {
        TrainingWindow w = windows.get(keyOf(printerId));
        return Optional.ofNullable(w == null ? null : w.model());
    }

    /** Normal samples collected for a printer's model. */
    int windowSize(String printerId) {
        TrainingWindow w = windows.get(keyOf(printerId));
        return w == null ? 0 : w.size();
    }

    public List<Finding> judge(TelemetrySample sample) {
        return judge(sample, List.of());
    }

    /**
     * Judges a sample. The first time a printer is seen (e.g. after this bundle was restarted), its earlier
     * samples, oldest first, only feed the feature extraction, so that a nozzle already holding its target is
     * known to be settled; they are neither judged nor learnt.
     */
    public List<Finding> judge(TelemetrySample sample, List<TelemetrySample> earlier) {
        Settings s = settings;
        PrinterWatch watch = printers.computeIfAbsent(sample.printerId(), id -> new PrinterWatch(s));
        TrainingWindow window = windows.computeIfAbsent(keyOf(sample.printerId()), this::open);
        synchronized (watch) {
            if (!watch.seen) {
                watch.seen = true;
                for (TelemetrySample old : earlier) {
                    if (old.time().isBefore(sample.time())) {
                        watch.features.next(old);
                    }
                }
            }
            Observation o = watch.features.next(sample);
            boolean judged = o.settled()
                    && (sample.state() == PrinterState.PRINTING || sample.state() == PrinterState.IDLE);
            TrainedModel model = window.model();
            double[] vector = judged && model != null ? model.vector(o) : null;
            // the exact score only when it is above the threshold (a normal sample is settled with fewer trees)
            double score = vector == null ? Double.NaN : model.scoreIfAbove(vector);
            boolean over = !Double.isNaN(score);
            watch.overThreshold = over ? watch.overThreshold + 1 : 0;
            learn(watch, window, sample, o, judged && !over, s);
            trainIfDue(window, sample.time(), s);
            if (watch.overThreshold < s.persistSamples()) {
                return List.of();
            }
            return List.of(new Finding(PREDICTIVE_ANOMALY, Severity.WARNING,
                    message(model, vector, score, watch.overThreshold, o), score));
        }
    }

    /**
     * Anything above the threshold (pending or reported) is never learnt as normal. The others wait out the
     * failure horizon: a failure (an error text, state ERROR, or a critical condition open on the printer)
     * discards those still waiting, so that a developing fault is not learnt as normal.
     */
    private void learn(PrinterWatch watch, TrainingWindow window, TelemetrySample sample, Observation o,
            boolean normal, Settings s) {
        boolean failing = sample.error() != null || sample.state() == PrinterState.ERROR
                || ((normal || !watch.pending.isEmpty()) && critical.activeFor(sample.printerId()));
        if (failing) {
            watch.pending.clear();
        } else if (normal) {
            watch.pending.addLast(o);
            while (watch.pending.size() > s.windowSamples()) {
                watch.pending.removeFirst();
            }
        }
        Instant ripe = sample.time().minusMillis(Math.round(s.failureHorizonSeconds() * 1000));
        while (!watch.pending.isEmpty() && !watch.pending.peekFirst().time().isAfter(ripe)) {
            window.add(watch.pending.removeFirst(), s.windowSamples());
        }
    }

    private static String message(TrainedModel model, double[] vector, double score, int samples, Observation o) {
        String holding = Double.isNaN(o.target()) ? "" : " while holding " + Fmt.fixed(o.target(), 1) + " °C";
        return "anomaly score " + Fmt.fixed(score, 3) + " above threshold " + Fmt.fixed(model.threshold(), 3)
                + " for " + samples + " samples" + holding + ": "
                + String.join("; ", model.explain(vector, EXPLAINED_FEATURES));
    }

    /** A new window; its stored model is read on the training thread (reading takes up to a few 100 ms). */
    private TrainingWindow open(String key) {
        TrainingWindow window = new TrainingWindow(key);
        if (!settings.backgroundTraining()) {
            load(window);
            return window;
        }
        try {
            trainer.execute(() -> load(window));
        } catch (RejectedExecutionException e) {
            log.warn("the stored model of {} was not loaded: {}", key, e.toString());
        }
        return window;
    }

    private void load(TrainingWindow window) {
        try {
            store.load(window.key).ifPresent(m -> {
                if (window.installLoaded(m)) {
                    log.info("model of {} loaded: {}", window.key, m);
                }
            });
        } catch (Throwable t) {
            log.error("loading the model of {} failed: {}", window.key, t.toString());
        }
    }

    private void trainIfDue(TrainingWindow window, Instant now, Settings s) {
        List<Observation> snapshot = window.startTrainingIfDue(now, s);
        if (snapshot == null) {
            return;
        }
        if (!s.backgroundTraining()) {
            train(window, snapshot, now, s);
            return;
        }
        try {
            trainer.execute(() -> train(window, snapshot, now, s));
        } catch (RejectedExecutionException e) {
            window.trainingFinished();
            log.warn("training of the model of {} was not started: {}", window.key, e.toString());
        }
    }

    private void train(TrainingWindow window, List<Observation> snapshot, Instant at, Settings s) {
        try {
            TrainedModel model = TrainedModel.train(snapshot, s, at);
            window.install(model);
            log.info("model of {} trained: {}", window.key, model);
            store.save(window.key, model);
        } catch (IllegalArgumentException e) {
            log.warn("model of {} not trained: {}", window.key, e.getMessage());
        } catch (Throwable t) {
            // e.g. a NoClassDefFoundError: must not kill the training thread silently
            log.error("training the model of {} failed: {}", window.key, t.toString());
        } finally {
            window.trainingFinished();
        }
    }
}
