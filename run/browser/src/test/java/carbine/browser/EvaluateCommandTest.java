package carbine.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The README's "Evaluate a detector" command as written: {@code run/carbine evaluate IN.csv OUT.jsonl} on a NAB-format
 * series with one level shift, in a child process (the exported evaluate.jar: replay driver, real detectors and
 * alert service), and the JSON lines it writes for nab_scorer.py.
 */
class EvaluateCommandTest {
    private static final Path SCRIPT = Path.of(System.getProperty("carbine.script", "../carbine")).toAbsolutePath();
    private static final Path TARGET = Path.of(System.getProperty("browser.target", "target")).toAbsolutePath();
    private static final DateTimeFormatter NAB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static Process run(Path log, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(SCRIPT.toString(), "evaluate"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void aLevelShiftInANabSeriesBecomesAnAlertLineAtItsRow() throws Exception {
        Path dir = Files.createDirectories(TARGET.resolve("evaluate"));
        Path csv = dir.resolve("shift.csv");
        Path out = dir.resolve("shift.jsonl");
        Files.deleteIfExists(out);
        StringBuilder text = new StringBuilder("timestamp,value\n");
        Random noise = new Random(11);
        LocalDateTime t = LocalDateTime.of(2014, 3, 1, 0, 0);
        for (int row = 0; row < 1200; row++, t = t.plusMinutes(5)) {
            double value = 40 + 5 * Math.sin(row / 48.0) + noise.nextGaussian() + (row >= 1000 ? 30 : 0);
            text.append(t.format(NAB)).append(',').append(String.format(Locale.ROOT, "%.3f", value)).append('\n');
        }
        Files.writeString(csv, text);

        Process p = run(dir.resolve("shift.out"), csv.toString(), out.toString());
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the evaluation ends by itself").isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("shift.out"))).isZero();

        List<JsonObject> lines = Files.readAllLines(out).stream().map(l -> JsonParser.parseString(l).getAsJsonObject())
                .toList();
        List<JsonObject> ml = lines.stream().filter(l -> l.get("detector").getAsString().equals("iforest")).toList();
        assertThat(ml).as("alerts of the ML detector").isNotEmpty();
        JsonObject first = ml.get(0);
        assertThat(first.get("row").getAsInt()).as("the first ML alert comes at the shift").isBetween(1000, 1010);
        assertThat(Instant.parse(first.get("ts").getAsString())).isEqualTo(LocalDateTime.of(2014, 3, 1, 0, 0)
                .plusMinutes(5L * first.get("row").getAsInt()).toInstant(ZoneOffset.UTC));
        assertThat(first.get("severity").getAsString()).isEqualTo("WARNING");
        assertThat(first.get("score").getAsDouble()).isBetween(0.5, 1.0);
        assertThat(first.get("printer_id").getAsString()).isEqualTo("shift");
        assertThat(first.get("message").getAsString()).startsWith("anomaly score");
        assertThat(Files.readString(dir.resolve("shift.jsonl.log"))).contains("evaluation of printer shift: 1200 rows");
    }

    /**
     * The same input and configuration give byte-identical alert files, run after run (issue 13): the replay waits
     * until every configuration file of the run is in force (before, the ML detector sometimes judged the first rows
     * with its defaults, and one NAB file gave 9 alerts in one run and 5 in the next).
     */
    @Test
    void theSameInputGivesTheSameAlertsRunAfterRun() throws Exception {
        Path dir = Files.createDirectories(TARGET.resolve("evaluate"));
        Path csv = dir.resolve("repeat.csv");
        StringBuilder text = new StringBuilder("timestamp,value\n");
        Random noise = new Random(5);
        LocalDateTime t = LocalDateTime.of(2014, 3, 1, 0, 0);
        for (int row = 0; row < 1500; row++, t = t.plusMinutes(5)) {
            double value = 20 + 3 * Math.sin(row / 30.0) + noise.nextGaussian() + (row >= 900 && row < 960 ? 12 : 0);
            text.append(t.format(NAB)).append(',').append(String.format(Locale.ROOT, "%.3f", value)).append('\n');
        }
        Files.writeString(csv, text);
        List<String> outputs = new java.util.ArrayList<>();
        for (int run = 1; run <= 3; run++) {
            Path out = dir.resolve("repeat-" + run + ".jsonl");
            Files.deleteIfExists(out);
            Process p = run(dir.resolve("repeat-" + run + ".out"), csv.toString(), out.toString());
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("repeat-" + run + ".out"))).isZero();
            outputs.add(Files.readString(out));
        }
        assertThat(outputs.get(0)).as("alerts of the first run").isNotEmpty();
        assertThat(outputs.get(1)).isEqualTo(outputs.get(0));
        assertThat(outputs.get(2)).isEqualTo(outputs.get(0));
    }

    @Test
    void aMissingInputIsAClearErrorAndNoOutput() throws Exception {
        Path dir = Files.createDirectories(TARGET.resolve("evaluate"));
        Path out = dir.resolve("missing.jsonl");
        Process p = run(dir.resolve("missing.out"), dir.resolve("no-such.csv").toString(), out.toString());
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("missing.out"))).contains("no such input file");
        assertThat(out).doesNotExist();
    }
}
