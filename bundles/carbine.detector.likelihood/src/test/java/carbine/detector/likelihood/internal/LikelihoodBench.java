package carbine.detector.likelihood.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.Random;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * Benchmark, not a test: single-thread throughput of {@link SeriesModel#update} and of the whole
 * {@link LikelihoodEngine#judge} (field read, per-printer model, finding) with the default settings. Run from the
 * repository root:
 *
 * <pre>
 * ./mvnw -B -o -q install -pl bundles/carbine.detector.likelihood
 * T=bundles/carbine.detector.likelihood/target
 * java -cp $T/classes:$T/test-classes:$HOME/.m2/repository/org/carbine/carbine.api/0.1.0-SNAPSHOT/carbine.api-0.1.0-SNAPSHOT.jar \
 *     carbine.detector.likelihood.internal.LikelihoodBench
 * </pre>
 */
public final class LikelihoodBench {
    private static final int SAMPLES = 2_000_000;
    private static final int ROUNDS = 7;

    private LikelihoodBench() {}

    public static void main(String[] args) {
        Random random = new Random(1);
        double[] values = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            values[i] = 200 + 10 * Math.sin(i / 300.0) + random.nextGaussian();
        }
        TelemetrySample[] samples = new TelemetrySample[100_000];
        Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
        for (int i = 0; i < samples.length; i++) {
            samples[i] = TelemetrySample.builder("bench", t0.plusSeconds(i), PrinterState.PRINTING)
                    .nozzle(values[i], 210.0).build();
        }
        double[] model = new double[ROUNDS];
        double[] engine = new double[ROUNDS];
        double[] seasonal = new double[ROUNDS];
        long sink = 0;
        for (int r = 0; r < ROUNDS; r++) {
            SeriesModel m = new SeriesModel(Settings.DEFAULTS);
            long start = System.nanoTime();
            for (double v : values) {
                sink += m.update(v).anomaly() ? 1 : 0;
            }
            model[r] = SAMPLES / ((System.nanoTime() - start) / 1e9);
            // with a time 5 minutes apart: the value a day (288 samples) before is looked up too
            SeriesModel daily = new SeriesModel(Settings.DEFAULTS);
            start = System.nanoTime();
            for (int i = 0; i < SAMPLES; i++) {
                sink += daily.update(i * 300.0, values[i]).anomaly() ? 1 : 0;
            }
            seasonal[r] = SAMPLES / ((System.nanoTime() - start) / 1e9);
            LikelihoodEngine e = new LikelihoodEngine(Settings.DEFAULTS);
            start = System.nanoTime();
            for (int k = 0; k < SAMPLES / samples.length; k++) {
                for (TelemetrySample s : samples) {
                    sink += e.judge(s).size();
                }
            }
            engine[r] = SAMPLES / ((System.nanoTime() - start) / 1e9);
        }
        Arrays.sort(model);
        Arrays.sort(engine);
        Arrays.sort(seasonal);
        System.out.printf("SeriesModel.update: median %.0f samples/s (min %.0f, max %.0f) over %d rounds of %d%n",
                model[ROUNDS / 2], model[0], model[ROUNDS - 1], ROUNDS, SAMPLES);
        System.out.printf("SeriesModel.update with the day before: median %.0f samples/s (min %.0f, max %.0f)%n",
                seasonal[ROUNDS / 2], seasonal[0], seasonal[ROUNDS - 1]);
        System.out.printf("LikelihoodEngine.judge: median %.0f samples/s (min %.0f, max %.0f); %d anomalies%n",
                engine[ROUNDS / 2], engine[0], engine[ROUNDS - 1], sink);
    }
}
