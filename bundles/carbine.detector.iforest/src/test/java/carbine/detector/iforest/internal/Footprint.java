package carbine.detector.iforest.internal;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * What the detector keeps per printer with the default settings, measured on the heap: a trained model, a full
 * training window, the observations waiting out the failure horizon, and the model file. Each is made
 * {@code copies} times from different simulated printers and kept; the heap after a full collection, before and
 * after, divided by the copies. A measurement tool for {@link MemoryBudgetTest} and a program, run in a JVM of its
 * own (command in BENCHMARKS.md, iforest, "Memory").
 */
final class Footprint {
    /** Observations waiting out the default failure horizon of 600 s, one sample per second. */
    static final int PENDING = 600;

    /** Bytes per printer: model and window in memory, pending observations, model file. */
    record Bytes(long model, long window, long pending, long file) {
        long memory() {
            return model + window + pending;
        }

        @Override
        public String toString() {
            return String.format("model %,d B, window %,d B, pending %,d B (together %,d B), model file %,d B", model,
                    window, pending, memory(), file);
        }
    }

    private Footprint() {}

    /** Arguments: copies (default 20), then "core" for printers without power, bed and fan (4 features). */
    public static void main(String[] args) throws Exception {
        int copies = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        boolean core = args.length > 1 && args[1].equals("core");
        Settings s = Settings.DEFAULTS;
        System.out.printf("defaults: %d trees of %d rows, window %d, %d pending, %s; %d copies each%n", s.trees(),
                s.sampleSize(), s.windowSamples(), PENDING, core ? "4 core features" : "7 features", copies);
        System.out.println(measure(copies, core));
    }

    static Bytes measure(int copies) throws Exception {
        return measure(copies, false);
    }

    static Bytes measure(int copies, boolean core) throws Exception {
        Settings s = Settings.DEFAULTS;
        List<List<Observation>> windows = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            windows.add(settled(s, 1000 + i, s.windowSamples(), core));
        }
        // the observations themselves are measured with the windows, the models after them; a first training
        // before measuring, as what it sets up once (Smile's generators, classes) is not per printer
        TrainedModel.train(windows.get(0), s, Instant.EPOCH);
        long model = perCopy(copies, i -> TrainedModel.train(windows.get(i), s, Instant.EPOCH));
        long window = perCopy(copies, i -> {
            TrainingWindow w = new TrainingWindow("p" + i);
            for (Observation o : settled(s, 2000 + i, s.windowSamples(), core)) {
                w.add(o, s.windowSamples());
            }
            return w;
        });
        long pending = perCopy(copies, i -> {
            PrinterWatch watch = new PrinterWatch(s);
            for (Observation o : settled(s, 3000 + i, PENDING, core)) {
                watch.pending.addLast(o);
            }
            return watch;
        });
        Path dir = Files.createTempDirectory("iforest-footprint");
        ModelStore store = new ModelStore(dir, new CollectingLog());
        store.save("p1", TrainedModel.train(windows.get(0), s, Instant.EPOCH));
        long file = Files.size(store.file("p1"));
        Files.delete(store.file("p1"));
        Files.delete(dir);
        return new Bytes(model, window, pending, file);
    }

    /** Heap retained per object made: {@code copies} of them kept at once. */
    static long perCopy(int copies, IntFunction<Object> make) {
        Object[] kept = new Object[copies];
        long before = usedAfterGc();
        for (int i = 0; i < copies; i++) {
            kept[i] = make.apply(i);
        }
        long after = usedAfterGc();
        Reference.reachabilityFence(kept);
        return (after - before) / copies;
    }

    private static long usedAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /**
     * Settled observations of a simulated printer holding 210 °C with power, bed and fan (7 features), or
     * without them ({@code core}: 4 features).
     */
    static List<Observation> settled(Settings s, long seed, int count, boolean core) {
        FeatureExtractor features = new FeatureExtractor(s.rollingSamples(), s.settleSeconds());
        SyntheticPrinter printer = SyntheticPrinter.holding("p" + seed, seed, 210);
        printer.withPower = !core;
        printer.withBed = !core;
        printer.withFan = !core;
        List<Observation> out = new ArrayList<>(count);
        while (out.size() < count) {
            Observation o = features.next(printer.next());
            if (o.settled()) {
                out.add(o);
            }
        }
        return out;
    }
}
