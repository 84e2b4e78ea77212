package carbine.simulator.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

import carbine.api.telemetry.TelemetrySample;

/**
 * A tool, not a test: writes a simulated printer's telemetry as a multi-column CSV that the replay driver
 * ({@code carbine.driver.replay}) and {@code run/carbine evaluate} read, so a detector can be measured on many
 * simulated fault cycles in seconds instead of hours. Run from the repository root, e.g. 90 default cycles
 * (60 s phases) of the overheat scenario, a sample every 5 s:
 *
 * <pre>
 * JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw -B -o -q -pl bundles/carbine.simulator test-compile exec:java \
 *     -Dexec.classpathScope=test -Dexec.mainClass=carbine.simulator.internal.RecordCsv \
 *     -Dexec.args="overheat 60 5 16200 42 target/sim-overheat.csv"
 * </pre>
 *
 * Arguments: scenario, phase seconds, sample interval seconds, duration seconds, seed, output file. Event times
 * start at 2026-01-01T00:00:00Z.
 */
public final class RecordCsv {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            System.err.println("usage: RecordCsv SCENARIO PHASE_SECONDS SAMPLE_SECONDS DURATION_SECONDS SEED OUT.csv");
            System.exit(2);
        }
        Scenario scenario = Scenario.parse(args[0])
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario " + args[0]));
        double phase = Double.parseDouble(args[1]);
        double every = Double.parseDouble(args[2]);
        double duration = Double.parseDouble(args[3]);
        long seed = Long.parseLong(args[4]);
        Path out = Path.of(args[5]);
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        PrinterModel model = new PrinterModel(scenario, phase, 210, 60, seed);
        int rows = 0;
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            w.println("timestamp,state,nozzleActual,nozzleTarget,bedActual,bedTarget,heaterPower,fanSpeed,fanRpm,"
                    + "filamentDetected,filamentMoving,progress,error");
            for (double t = every; t <= duration; t += every) {
                model.advanceTo(t);
                TelemetrySample s = model.sample("sim", START.plusMillis(Math.round(t * 1000)));
                w.println(String.join(",", s.time().toString(), s.state().name(), str(s.nozzleActual()),
                        str(s.nozzleTarget()), str(s.bedActual()), str(s.bedTarget()), str(s.heaterPower()),
                        str(s.fanSpeed()), str(s.fanRpm()), str(s.filamentDetected()), str(s.filamentMoving()),
                        str(s.progress()), s.error() == null ? "" : s.error()));
                rows++;
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d rows of scenario %s, %s s phases, a sample every %s s%n", out, rows,
                scenario.configName(), args[1], args[2]);
    }

    private static String str(Object v) {
        return v == null ? "" : v.toString();
    }
}
