package carbine.detector.iforest.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import carbine.api.telemetry.TelemetrySample;

/**
 * Benchmark, not a test: judging latency and single-thread throughput with a model trained on a full window,
 * and the training time of one window. Run from the repository root:
 *
 * <pre>
 * JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw -B -o -q -pl bundles/carbine.detector.iforest test-compile exec:java \
 *     -Dexec.classpathScope=test -Dexec.mainClass=carbine.detector.iforest.internal.IforestBench
 * </pre>
 */
public final class IforestBench {
    private static final int WARM_UP_SAMPLES = 50_000;
    private static final int MEASURED_SAMPLES = 300_000;

    public static void main(String[] args) throws Exception {
        // the defaults, or other values as -Diforest.NAME=VALUE (e.g. -Diforest.trees=64)
        Settings settings = DevSettings.fromSystemProperties(problem -> {
            throw new IllegalArgumentException(problem);
        });
        List<Observation> window = normalWindow(settings);
        System.out.printf("window: %d settled observations, %d features, %d trees, sample size %d%n", window.size(),
                Feature.ALL.length, settings.trees(), settings.sampleSize());

        long[] trainNanos = new long[5];
        TrainedModel model = null;
        for (int i = 0; i < trainNanos.length; i++) {
            long start = System.nanoTime();
            model = TrainedModel.train(window, settings, Instant.EPOCH);
            trainNanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(trainNanos);
        System.out.printf("training one window: median %.1f ms (min %.1f, max %.1f) of 5, one thread%n",
                trainNanos[2] / 1e6, trainNanos[0] / 1e6, trainNanos[4] / 1e6);

        Path dir = Files.createTempDirectory("iforest-bench");
        CollectingLog log = new CollectingLog();
        ModelStore store = new ModelStore(dir, log);
        store.save("p1", model);
        System.out.printf("model file: %.1f MB%n", Files.size(store.file("p1")) / 1e6);
        long loadStart = System.nanoTime();
        store.load("p1").orElseThrow();
        System.out.printf("model load: %.1f ms%n", (System.nanoTime() - loadStart) / 1e6);

        // the engine's first task loads the stored model; training tasks are dropped: only judging is measured
        AtomicBoolean loaded = new AtomicBoolean();
        Executor loadThenDrop = task -> {
            if (loaded.compareAndSet(false, true)) {
                task.run();
            }
        };
        IforestEngine engine = new IforestEngine(settings, store, loadThenDrop, IforestEngine.CriticalConditions.NONE,
                log);
        SyntheticPrinter printer = SyntheticPrinter.holding("p1", 99, 210);
        TelemetrySample[] samples = new TelemetrySample[WARM_UP_SAMPLES + MEASURED_SAMPLES];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = printer.next();
        }
        int findings = 0;
        for (int i = 0; i < WARM_UP_SAMPLES; i++) {
            findings += engine.judge(samples[i]).size();
        }
        engine.model("p1").orElseThrow(() -> new IllegalStateException("the stored model was not loaded"));
        long[] nanos = new long[MEASURED_SAMPLES];
        long total = System.nanoTime();
        for (int i = 0; i < MEASURED_SAMPLES; i++) {
            long start = System.nanoTime();
            findings += engine.judge(samples[WARM_UP_SAMPLES + i]).size();
            nanos[i] = System.nanoTime() - start;
        }
        total = System.nanoTime() - total;
        Arrays.sort(nanos);
        System.out.printf("judge (features + score), one thread, %d samples: median %.2f µs, p99 %.2f µs, "
                + "max %.1f µs; throughput %,.0f samples/s; findings %d%n", MEASURED_SAMPLES, nanos[nanos.length / 2] / 1e3,
                nanos[(int) (nanos.length * 0.99)] / 1e3, nanos[nanos.length - 1] / 1e3,
                MEASURED_SAMPLES / (total / 1e9), findings);

        double[][] vectors = new double[MEASURED_SAMPLES][];
        FeatureExtractor features = new FeatureExtractor(settings.rollingSamples(), settings.settleSeconds());
        int n = 0;
        for (TelemetrySample s : samples) {
            double[] v = model.vector(features.next(s));
            if (v != null && n < vectors.length) {
                vectors[n++] = v;
            }
        }
        long scoreStart = System.nanoTime();
        double sink = 0;
        for (int i = 0; i < n; i++) {
            sink += model.score(vectors[i]);
        }
        long scoreNanos = System.nanoTime() - scoreStart;
        System.out.printf("score only, one thread: %,.0f samples/s (mean score %.3f)%n", n / (scoreNanos / 1e9),
                sink / n);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    /** A full training window of settled holding observations from the simulated printer. */
    private static List<Observation> normalWindow(Settings settings) {
        FeatureExtractor features = new FeatureExtractor(settings.rollingSamples(), settings.settleSeconds());
        SyntheticPrinter printer = SyntheticPrinter.holding("p1", 7, 210);
        List<Observation> window = new ArrayList<>(settings.windowSamples());
        while (window.size() < settings.windowSamples()) {
            Observation o = features.next(printer.next());
            if (o.settled()) {
                window.add(o);
            }
        }
        return window;
    }
}
