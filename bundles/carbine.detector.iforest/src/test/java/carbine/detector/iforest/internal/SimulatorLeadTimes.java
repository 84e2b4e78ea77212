package carbine.detector.iforest.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import carbine.api.detector.Finding;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * A measurement, not a test: runs the detector's engine (training in line, so the result does not depend on the
 * machine's speed) over simulator recordings made by {@code carbine.simulator.internal.RecordCsv} and prints,
 * per file, the lead time of the first warning before each failure (the first sample in state ERROR or PAUSED
 * with an error text) and the warnings outside the last phase before a failure ("false alerts"), per printer-hour
 * of the time the detector had a model. Run from the repository root after recording:
 *
 * <pre>
 * JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw -B -o -q -pl bundles/carbine.detector.iforest test-compile exec:java \
 *     -Dexec.classpathScope=test -Dexec.mainClass=carbine.detector.iforest.internal.SimulatorLeadTimes \
 *     -Dexec.args="60 target/sim-overheat.csv target/sim-normal.csv"
 * </pre>
 *
 * The first argument is the simulator's phase length in seconds (the anomaly phase before each failure).
 */
public final class SimulatorLeadTimes {

    public static void main(String[] args) throws IOException {
        double phaseSeconds = Double.parseDouble(args[0]);
        Settings settings = DevSettings.fromSystemProperties(p -> System.out.println("config: " + p));
        System.out.println(settings);
        for (int i = 1; i < args.length; i++) {
            run(Path.of(args[i]), phaseSeconds, settings);
        }
    }

    static void run(Path csv, double phaseSeconds, Settings settings) throws IOException {
        List<TelemetrySample> samples = read(csv);
        Path dir = Files.createTempDirectory("sim-lead");
        CollectingLog log = new CollectingLog();
        IforestEngine engine = new IforestEngine(settings, new ModelStore(dir, log), Runnable::run,
                IforestEngine.CriticalConditions.NONE, log);
        List<Instant> failures = new ArrayList<>();
        List<Instant> warnings = new ArrayList<>(); // first sample of each episode of findings
        Instant firstModel = null;
        boolean active = false;
        boolean failed = false;
        double maxScore = 0;
        for (TelemetrySample s : samples) {
            List<Finding> findings = engine.judge(s);
            if (firstModel == null && engine.model(s.printerId()).isPresent()) {
                firstModel = s.time();
            }
            if (!findings.isEmpty() && !active) {
                warnings.add(s.time());
            }
            active = !findings.isEmpty();
            boolean failing = s.error() != null;
            if (failing && !failed) {
                failures.add(s.time());
            }
            failed = failing;
        }
        // per failure after the first model: the lead time of the first warning in the phase before it
        List<Double> leads = new ArrayList<>();
        int missed = 0;
        int falseAlerts = 0;
        for (Instant w : warnings) {
            boolean before = failures.stream().anyMatch(f -> !w.isAfter(f)
                    && !w.isBefore(f.minusMillis(Math.round(phaseSeconds * 1000))));
            if (!before) {
                falseAlerts++;
            }
        }
        for (Instant f : failures) {
            if (firstModel == null || f.isBefore(firstModel.plusMillis(Math.round(phaseSeconds * 1000)))) {
                continue;
            }
            Instant from = f.minusMillis(Math.round(phaseSeconds * 1000));
            Instant first = warnings.stream().filter(w -> !w.isBefore(from) && w.isBefore(f)).findFirst().orElse(null);
            if (first == null) {
                missed++;
            } else {
                leads.add(Duration.between(first, f).toMillis() / 1000.0);
            }
        }
        double hours = firstModel == null ? 0
                : Duration.between(firstModel, samples.getLast().time()).toSeconds() / 3600.0;
        double[] sorted = leads.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT,
                "%s: %d samples, first model at %s; failures judged %d: warned %d, missed %d; lead s median %s "
                        + "min %s max %s; false alerts %d in %.2f h with a model (%.2f per printer-hour)%n",
                csv.getFileName(), samples.size(), firstModel, leads.size() + missed, leads.size(), missed,
                sorted.length == 0 ? "-" : sorted[sorted.length / 2], sorted.length == 0 ? "-" : sorted[0],
                sorted.length == 0 ? "-" : sorted[sorted.length - 1], falseAlerts, hours,
                hours == 0 ? 0 : falseAlerts / hours);
        engine.model("sim").ifPresent(m -> System.out.println("  last model: " + m));
        if (Boolean.getBoolean("verbose")) {
            log.lines.forEach(l -> System.out.println("  " + l));
            System.out.println("  warnings: " + warnings);
        }
    }

    /** The recorder's CSV: its own writer, so a plain split is enough here. */
    static List<TelemetrySample> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        List<TelemetrySample> out = new ArrayList<>(lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            TelemetrySample.Builder b = TelemetrySample.builder("sim", Instant.parse(c[0]),
                    PrinterState.valueOf(c[header.indexOf("state")]));
            b.nozzle(num(c, header, "nozzleActual"), num(c, header, "nozzleTarget"));
            b.bed(num(c, header, "bedActual"), num(c, header, "bedTarget"));
            b.heaterPower(num(c, header, "heaterPower"));
            b.fan(num(c, header, "fanSpeed"), num(c, header, "fanRpm"));
            b.progress(num(c, header, "progress"));
            String error = c[header.indexOf("error")];
            b.error(error.isEmpty() ? null : error);
            out.add(b.build());
        }
        return out;
    }

    private static Double num(String[] c, List<String> header, String name) {
        String v = c[header.indexOf(name)];
        return v.isEmpty() ? null : Double.valueOf(v);
    }
}
