package carbine.poller.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import carbine.api.alert.Severity;
import carbine.api.detector.Detector;
import carbine.api.detector.Finding;
import carbine.api.driver.PrinterDriver;
import carbine.api.event.CarbineTopics;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * How many printers one poller keeps up with: the plain {@link Poller} with a cheap fake driver, a detector doing
 * a few comparisons and a store that accepts everything. Not a test; run it with
 * {@code ./mvnw -B -o -q -pl bundles/carbine.poller test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=carbine.poller.internal.PollerBench}. System properties: {@code bench.sizes}
 * (default 1000,5000,10000,20000,50000), {@code bench.cycles} (4), {@code bench.interval} (5000 ms).
 */
public final class PollerBench {
    public static void main(String[] args) {
        String sizes = System.getProperty("bench.sizes", "1000,5000,10000,20000,50000");
        int cycles = Integer.getInteger("bench.cycles", 4);
        long interval = Long.getLong("bench.interval", 5000L);
        System.out.printf("Poller bench: interval %d ms, %d cycles per size, %d CPUs, Java %s, max heap %d MB%n",
                interval, cycles, Runtime.getRuntime().availableProcessors(), Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20);
        run(2000, 5, 200, false); // warm-up: JIT and virtual-thread scheduler
        System.out.printf("%8s %7s %10s %8s %9s %9s %10s %9s%n", "printers", "cycles", "median ms", "max ms",
                "overruns", "failures", "samples/s", "keeps up");
        for (String size : sizes.split(",")) {
            run(Integer.parseInt(size.trim()), cycles, interval, true);
        }
    }

    private static void run(int printers, int cycles, long interval, boolean print) {
        List<Long> durations = new CopyOnWriteArrayList<>();
        LongAdder failures = new LongAdder();
        LongAdder stored = new LongAdder();
        LongAdder reports = new LongAdder();
        AtomicInteger warnings = new AtomicInteger();
        PollerLog log = (level, format, args) -> {
            if (level.compareTo(PollerLog.Level.WARN) >= 0 && warnings.incrementAndGet() <= 5) {
                System.err.println(level + " " + PollerLog.format(format, args));
            }
        };
        Poller poller = new Poller(PollerSettings.DEFAULTS.withIntervalMillis(interval), log, Clock.systemUTC());
        poller.setStore(new AcceptingStore(stored));
        poller.setAlerts(new CountingAlerts(reports));
        poller.setEvents((topic, properties) -> {
            if (topic.equals(CarbineTopics.POLL_CYCLE)) {
                durations.add((Long) properties.get(CarbineTopics.DURATION_MS));
                failures.add((Integer) properties.get(CarbineTopics.FAILURES));
            }
        });
        poller.addDriver("bench", new ManyPrinters(printers));
        poller.addDetector("bench", new FewComparisons());
        poller.start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(cycles * interval + 60_000);
        while (durations.size() < cycles && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        poller.stop();

        List<Long> sorted = new ArrayList<>(durations);
        sorted.sort(null);
        long median = sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
        long max = sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1);
        boolean keepsUp = sorted.size() >= cycles && poller.overruns() == 0 && max < interval;
        System.gc();
        if (!print) {
            return;
        }
        System.out.printf("%8d %7d %10d %8d %9d %9d %10s %9s%n", printers, sorted.size(), median, max,
                poller.overruns(), failures.sum(), median > 0 ? String.valueOf(printers * 1000L / median) : "-",
                keepsUp ? "yes" : "NO");
    }

    /** Serves N printers with plausible, cheaply varied readings. */
    private static final class ManyPrinters implements PrinterDriver {
        private final Set<String> ids;

        ManyPrinters(int n) {
            Set<String> set = new HashSet<>();
            for (int i = 0; i < n; i++) {
                set.add(String.format("printer-%05d", i));
            }
            ids = Set.copyOf(set);
        }

        @Override
        public Set<String> printerIds() {
            return ids;
        }

        @Override
        public TelemetrySample sample(String printerId) {
            Instant now = Instant.now();
            double wobble = ((printerId.hashCode() ^ now.getNano()) & 0xff) / 255.0;
            return TelemetrySample.builder(printerId, now, PrinterState.PRINTING)
                    .nozzle(209 + wobble * 2, 210.0)
                    .bed(59.5 + wobble, 60.0)
                    .heaterPower(0.35 + wobble * 0.2)
                    .fan(1.0, 6500 + wobble * 600)
                    .filamentDetected(true)
                    .filamentMoving(true)
                    .progress(wobble * 100)
                    .build();
        }
    }

    /** Like a rule set: a handful of threshold checks against the sample and the previous one. */
    private static final class FewComparisons implements Detector {
        @Override
        public List<Finding> judge(TelemetrySample s, carbine.api.detector.SampleHistory history) {
            TelemetrySample previous = history.previous();
            if (s.heaterPower() != null && s.heaterPower() > 0.95 && s.nozzleActual() != null
                    && s.nozzleTarget() != null && s.nozzleActual() < s.nozzleTarget() - 15) {
                return List.of(Finding.of("HEATER", Severity.CRITICAL, "heater at full power, nozzle falling"));
            }
            if (s.fanSpeed() != null && s.fanSpeed() > 0.5 && s.fanRpm() != null && s.fanRpm() < 100) {
                return List.of(Finding.of("FAN", Severity.WARNING, "fan commanded but not turning"));
            }
            if (previous != null && Boolean.TRUE.equals(previous.filamentDetected())
                    && Boolean.FALSE.equals(s.filamentDetected())) {
                return List.of(Finding.of("RUNOUT", Severity.WARNING, "filament ran out"));
            }
            return List.of();
        }
    }

    private static final class AcceptingStore extends RecordingStore {
        private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
        private final LongAdder count;

        AcceptingStore(LongAdder count) {
            this.count = count;
        }

        @Override
        public CompletionStage<Void> store(TelemetrySample sample) {
            count.increment();
            return DONE;
        }
    }

    private static final class CountingAlerts extends RecordingAlerts {
        private final LongAdder count;

        CountingAlerts(LongAdder count) {
            this.count = count;
        }

        @Override
        public void report(String detector, TelemetrySample sample, List<Finding> findings) {
            count.increment();
        }
    }

    private PollerBench() {}

}
