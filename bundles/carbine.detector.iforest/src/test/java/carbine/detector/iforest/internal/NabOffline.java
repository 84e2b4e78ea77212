package carbine.detector.iforest.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import carbine.api.detector.Finding;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * A development aid, not a test and not the measurement: the engine alone over NAB files (value as
 * {@code nozzleActual}), alerts at each rising edge of its finding, written as JSON lines for
 * {@code cnf/tools/nab_table.py}. The figures in BENCHMARKS.md come from {@code run/carbine evaluate}, which runs
 * the real pipeline. Arguments: output directory, then NAB CSV files; configuration as -Diforest.NAME=VALUE.
 */
public final class NabOffline {
    private static final DateTimeFormatter NAB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public static void main(String[] args) throws IOException {
        Settings settings = DevSettings.fromSystemProperties(p -> System.out.println("config: " + p));
        System.out.println(settings);
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        for (int a = 1; a < args.length; a++) {
            Path csv = Path.of(args[a]);
            String name = csv.getFileName().toString().replace(".csv", "");
            CollectingLog log = new CollectingLog();
            IforestEngine engine = new IforestEngine(settings, new ModelStore(Files.createTempDirectory("nab"), log),
                    Runnable::run, IforestEngine.CriticalConditions.NONE, log);
            List<String> lines = Files.readAllLines(csv);
            int alerts = 0;
            boolean active = false;
            Instant last = Instant.MIN;
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve(name + ".jsonl")))) {
                for (int row = 0; row < lines.size() - 1; row++) {
                    String[] c = lines.get(row + 1).split(",");
                    Instant t = LocalDateTime.parse(c[0].substring(0, 19), NAB).toInstant(ZoneOffset.UTC);
                    if (!t.isAfter(last)) {
                        t = last.plusMillis(1);
                    }
                    last = t;
                    TelemetrySample s = TelemetrySample.builder(name, t, PrinterState.PRINTING)
                            .nozzle(Double.valueOf(c[1]), null).build();
                    List<Finding> f = engine.judge(s);
                    if (!f.isEmpty() && !active) {
                        w.printf("{\"ts\": \"%s\", \"row\": %d, \"detector\": \"iforest\", \"severity\": \"WARNING\", "
                                + "\"score\": %.4f, \"printer_id\": \"%s\"}%n", t, row, f.get(0).score(), name);
                        alerts++;
                    }
                    active = !f.isEmpty();
                }
            }
            System.out.printf("%s: %d rows, %d alerts, trainings %d%n", name, lines.size() - 1, alerts,
                    log.lines.stream().filter(l -> l.contains("trained")).count());
        }
    }
}
