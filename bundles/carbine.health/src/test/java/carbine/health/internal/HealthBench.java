package carbine.health.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import carbine.api.detector.Finding;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;
import carbine.simulator.internal.SimulatedPrinter;

/**
 * Benchmark, not a test (its name ends in Bench, so Surefire does not run it): how early and how exactly component
 * health forecasts wear on simulated printers, how often it warns on healthy ones, and what it costs per sample.
 * Each printer is the simulator's physical model (0.1 s steps) sampled every {@code bench.sampleSeconds} (60) of
 * simulated time, fed to a {@link HealthEngine} with default settings and its own directory.
 *
 * <pre>
 * java -Dbench.seeds=20 -cp target/test-classes:target/classes:../carbine.api/target/classes:../carbine.simulator/target/classes \
 *     carbine.health.internal.HealthBench
 * </pre>
 */
public final class HealthBench {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    record Run(String scenario, long seed, double limitDay, double warnDay, double predictedDay, int warnings,
            double days, long samples, long judgeNanos, long dayCloses, long dayCloseNanos) {}

    public static void main(String[] args) throws Exception {
        int seeds = Integer.getInteger("bench.seeds", 20);
        double sampleSeconds = Double.parseDouble(System.getProperty("bench.sampleSeconds", "60"));
        int healthyDays = Integer.getInteger("bench.healthyDays", 365);
        int threads = Integer.getInteger("bench.threads", 2);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Run>> futures = new ArrayList<>();
        Path dir = Files.createTempDirectory("health-bench");
        // days to simulate: past the point where each scenario's indicator reaches its limit with wearDays 50
        String[][] scenarios = {{"heater_aging", "56"}, {"fan_wear", "46"}, {"thermistor_loose", "30"}};
        List<String> only = List.of(System.getProperty("bench.scenarios", "heater_aging fan_wear thermistor_loose normal")
                .trim().split("[,\\s]+"));
        for (String[] s : scenarios) {
            if (!only.contains(s[0])) {
                continue;
            }
            for (long seed = 1; seed <= seeds; seed++) {
                long sd = seed;
                futures.add(pool.submit(() -> run(s[0], sd, Double.parseDouble(s[1]), sampleSeconds, dir)));
            }
        }
        for (long seed = 1; only.contains("normal") && seed <= Math.max(1, seeds / 4); seed++) {
            long sd = seed;
            futures.add(pool.submit(() -> run("normal", sd, healthyDays, sampleSeconds, dir)));
        }
        List<Run> runs = new ArrayList<>();
        for (Future<Run> f : futures) {
            runs.add(f.get());
        }
        pool.shutdown();
        report(runs, sampleSeconds);
    }

    static Run run(String scenario, long seed, double days, double sampleSeconds, Path dir) throws Exception {
        String id = scenario + "-" + seed;
        HealthEngine engine = new HealthEngine(Settings.DEFAULTS, new HealthFiles(dir.resolve(id), w -> {}),
                Runnable::run, w -> System.err.println(w));
        SimulatedPrinter printer = new SimulatedPrinter(scenario, seed * 7919, 50, id, START);
        double warnDay = Double.NaN;
        double predicted = Double.NaN;
        double limitDay = Double.NaN;
        int warnings = 0;
        boolean warning = false;
        boolean held = false;
        long samples = 0;
        long nanos = 0;
        long closes = 0;
        long closeNanos = 0;
        long previousDay = -1;
        for (double t = sampleSeconds; t <= days * 86_400; t += sampleSeconds) {
            TelemetrySample s = printer.sampleAt(t);
            long epochDay = s.time().getEpochSecond() / 86_400;
            long t0 = System.nanoTime();
            List<Finding> findings = engine.judge(s);
            long took = System.nanoTime() - t0;
            if (epochDay != previousDay && previousDay >= 0) {
                // this sample closed a day: aggregates appended and forced to disk, every indicator re-judged
                closes++;
                closeNanos += took;
            } else {
                nanos += took;
                samples++;
            }
            previousDay = epochDay;
            double day = t / 86_400;
            if (!findings.isEmpty() && !warning) {
                warnings++;
                if (Double.isNaN(warnDay)) {
                    warnDay = day;
                    predicted = day + findings.getFirst().score();
                }
            }
            warning = !findings.isEmpty();
            if (Double.isNaN(limitDay)) {
                limitDay = limitReached(scenario, s, day, engine, held);
                held |= s.state() == PrinterState.PRINTING && Math.abs(s.nozzleActual() - 210) <= 2;
            }
        }
        return new Run(scenario, seed, limitDay, warnDay, predicted, warnings, days, samples, nanos, closes,
                closeNanos);
    }

    /**
     * When the component has truly reached its limit: the heater, when the holding nozzle first falls 5 °C short;
     * the fan and the thermistor, when a closed day's value is beyond the limit the engine uses.
     */
    private static double limitReached(String scenario, TelemetrySample s, double day, HealthEngine engine,
            boolean held) {
        switch (scenario) {
            case "heater_aging":
                return held && s.state() == PrinterState.PRINTING && 210 - s.nozzleActual() > 5 ? day : Double.NaN;
            case "fan_wear", "thermistor_loose": {
                Indicator indicator = scenario.equals("fan_wear") ? Indicator.FAN_RPM : Indicator.TEMP_NOISE;
                var report = engine.report(s.printerId()).orElse(null);
                if (report == null) {
                    return Double.NaN;
                }
                for (Assessment a : report.assessments()) {
                    if (a.indicator() == indicator && !Double.isNaN(a.limit()) && !report.days().get(indicator).isEmpty()) {
                        DayAggregate last = report.days().get(indicator).getLast();
                        boolean beyond = indicator.risesWhenWorse() ? last.value() >= a.limit() : last.value() <= a.limit();
                        if (beyond) {
                            return last.epochDay() + 1 - START.getEpochSecond() / 86_400.0;
                        }
                    }
                }
                return Double.NaN;
            }
            default:
                return Double.NaN;
        }
    }

    private static void report(List<Run> runs, double sampleSeconds) {
        System.out.printf(Locale.ROOT, "HealthBench: sample every %.0f s of simulated time, default settings "
                + "(horizon 14 d, window 14 d), wearDays 50%n", sampleSeconds);
        System.out.println("| scenario | printers | warned | warned before the limit | lead time, days: median (min–max) "
                + "| predicted date − actual, days: median (min–max) | limit reached, day: median |");
        System.out.println("|---|---:|---:|---:|---|---|---:|");
        for (String scenario : List.of("heater_aging", "fan_wear", "thermistor_loose")) {
            List<Run> r = runs.stream().filter(x -> x.scenario().equals(scenario)).toList();
            List<Double> leads = r.stream().filter(x -> !Double.isNaN(x.warnDay()) && !Double.isNaN(x.limitDay()))
                    .map(x -> x.limitDay() - x.warnDay()).sorted().toList();
            List<Double> errors = r.stream().filter(x -> !Double.isNaN(x.warnDay()) && !Double.isNaN(x.limitDay()))
                    .map(x -> x.predictedDay() - x.limitDay()).sorted().toList();
            List<Double> limits = r.stream().filter(x -> !Double.isNaN(x.limitDay())).map(Run::limitDay).sorted()
                    .toList();
            long warned = r.stream().filter(x -> !Double.isNaN(x.warnDay())).count();
            long before = leads.stream().filter(l -> l > 0).count();
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %s | %s | %s |%n", scenario, r.size(), warned,
                    before, summary(leads), summary(errors), limits.isEmpty() ? "—"
                            : String.format(Locale.ROOT, "%.1f", limits.get(limits.size() / 2)));
        }
        List<Run> healthy = runs.stream().filter(x -> x.scenario().equals("normal")).toList();
        if (healthy.isEmpty()) {
            healthy = List.of(new Run("normal", 0, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, 0, 0, 0));
        }
        double years = healthy.stream().mapToDouble(Run::days).sum() / 365;
        int falseWarnings = healthy.stream().mapToInt(Run::warnings).sum();
        System.out.printf(Locale.ROOT, "healthy (normal): %d printers × %.0f days = %.1f printer-years; "
                + "COMPONENT_WEAR raised %d times = %.2f false forecasts per printer-year%n", healthy.size(),
                healthy.getFirst().days(), years, falseWarnings, falseWarnings / years);
        long samples = runs.stream().mapToLong(Run::samples).sum();
        long nanos = runs.stream().mapToLong(Run::judgeNanos).sum();
        long closes = runs.stream().mapToLong(Run::dayCloses).sum();
        long closeNanos = runs.stream().mapToLong(Run::dayCloseNanos).sum();
        System.out.printf(Locale.ROOT, "cost: %d samples judged in %.2f s: %.0f ns per sample; %d day closes "
                + "(append + fsync here on the caller's thread, on a writer thread in Carbine; 4 Theil–Sen fits): "
                + "%.2f ms each%n", samples, nanos / 1e9, (double) nanos / samples, closes, closeNanos / 1e6 / closes);
    }

    private static String summary(List<Double> sorted) {
        if (sorted.isEmpty()) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.1f (%.1f–%.1f)", sorted.get(sorted.size() / 2), sorted.getFirst(),
                sorted.getLast());
    }

}
