package carbine.driver.replay.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;
import carbine.api.store.AlertStore;
import carbine.api.store.History;
import carbine.api.store.StoreHealth;
import carbine.api.store.TelemetryStore;
import carbine.api.telemetry.TelemetrySample;

class EvaluationTest {
    private static final Evaluation.Timing FAST = new Evaluation.Timing(Duration.ofMillis(5), Duration.ofMillis(300),
            Duration.ofSeconds(5), 3);

    @TempDir
    Path dir;

    /** The telemetry store as far as the evaluation uses it: the latest sample of each printer. */
    static final class FakeTelemetry implements TelemetryStore {
        final AtomicReference<TelemetrySample> latest = new AtomicReference<>();

        @Override public CompletionStage<Void> store(TelemetrySample sample) {
            latest.set(sample);
            return CompletableFuture.completedFuture(null);
        }
        @Override public List<TelemetrySample> samples(String printerId, Instant from, Instant to) { return List.of(); }
        @Override public long count(String printerId, Instant from, Instant to) { return 0; }
        @Override public Optional<TelemetrySample> latest(String printerId) {
            return Optional.ofNullable(latest.get()).filter(s -> s.printerId().equals(printerId));
        }
        @Override public List<String> printerIds() { return List.of(); }
        @Override public History history(String printerId, Instant from, Instant to, int maxPoints) {
            return new History(printerId, from, to, History.Resolution.RAW, Duration.ZERO, List.of());
        }
        @Override public StoreHealth health() { return StoreHealth.writing(Instant.EPOCH, 0); }
    }

    /** Alerts in memory; {@code pending} are saved one per read, as if the alert service were still writing. */
    static final class FakeAlerts implements AlertStore {
        final List<Alert> saved = new CopyOnWriteArrayList<>();
        final List<Alert> pending = new CopyOnWriteArrayList<>();
        final AtomicInteger reads = new AtomicInteger();

        @Override public CompletionStage<Void> saveAlert(Alert alert) {
            saved.add(alert);
            return CompletableFuture.completedFuture(null);
        }
        @Override public List<Alert> alerts(Instant from, Instant to, int limit) {
            reads.incrementAndGet();
            if (!pending.isEmpty()) {
                saved.add(pending.remove(0));
            }
            return saved.stream().filter(a -> !a.lastSeen().isBefore(from) && a.lastSeen().isBefore(to))
                    .sorted((a, b) -> b.lastSeen().compareTo(a.lastSeen())).limit(limit).toList();
        }
        @Override public List<Alert> openAlerts() { return List.of(); }
    }

    static final class RecordingLog implements Evaluation.Log {
        final List<String> infos = new CopyOnWriteArrayList<>();
        final List<String> errors = new CopyOnWriteArrayList<>();

        @Override public void info(String format, Object... arguments) { infos.add(format(format, arguments)); }
        @Override public void error(String format, Object... arguments) { errors.add(format(format, arguments)); }

        private static String format(String format, Object... arguments) {
            String text = format;
            for (Object argument : arguments) {
                text = text.replaceFirst("\\{}", java.util.regex.Matcher.quoteReplacement(String.valueOf(argument)));
            }
            return text;
        }
    }

    private final FakeTelemetry telemetry = new FakeTelemetry();
    private final FakeAlerts alerts = new FakeAlerts();
    private final RecordingLog log = new RecordingLog();

    private ReplayPrinterDriver replay(String csv) throws IOException {
        Path file = Files.writeString(dir.resolve("nab.csv"), csv);
        ReplaySettings settings = ReplaySettings.from(Map.of("file", file.toString(), "printerId", "nab"), dir)
                .settings();
        return new ReplayPrinterDriver(settings, ReplayFile.load(file, settings.field(), ZoneId.of("UTC")),
                System::nanoTime, () -> {});
    }

    private Evaluation evaluation(ReplayProgress replay, Path output) {
        return new Evaluation("nab", output, () -> Optional.ofNullable(replay), telemetry, alerts, log, FAST,
                System::nanoTime);
    }

    /** What the poller would do: every sample to the store. */
    private void replayAll(ReplayPrinterDriver replay) {
        while (!replay.printerIds().isEmpty()) {
            telemetry.store(replay.sample("nab"));
        }
    }

    private static Alert alert(String id, String printer, String detector, String firstSeen, double score) {
        Instant first = Instant.parse(firstSeen);
        return new Alert(id, printer, detector, "ANOMALY", Severity.WARNING, "odd \"value\"", first,
                first.plusSeconds(600), 3, score, AlertState.ACTIVE, null);
    }

    /** Alerts raised on one sample keep one order, run after run, whatever their random ids. */
    @Test
    void alertsOfOneSampleAreOrderedByDetectorAndKindNotByTheirRandomIds() {
        String t = "2014-03-09T03:00:00Z";
        for (String[] ids : new String[][] {{"aaaaaaaaaaaa", "ffffffffffff"}, {"ffffffffffff", "aaaaaaaaaaaa"}}) {
            List<Alert> sorted = AlertLines.ofPrinter(List.of(alert(ids[0], "nab", "rules", t, 0.1),
                    alert(ids[1], "nab", "likelihood", t, 0.2), alert("000000000000", "nab", "rules",
                            "2014-03-09T02:00:00Z", 0.3)), "nab");
            assertThat(sorted).extracting(Alert::detector).containsExactly("rules", "likelihood", "rules");
            assertThat(sorted.get(0).firstSeen()).isBefore(sorted.get(1).firstSeen());
        }
    }

    private static final String CSV = """
            timestamp,value
            2014-03-09 03:00:00,1
            2014-03-09 03:00:00,2
            2014-03-09 03:05:00,3
            """;

    @Test
    void writesThePrintersAlertsOldestFirstAsJsonLines() throws Exception {
        ReplayPrinterDriver replay = replay(CSV);
        replayAll(replay);
        alerts.saved.add(alert("000000000003", "nab", "isolation-forest", "2014-03-09T03:05:00Z", Double.NaN));
        alerts.saved.add(alert("000000000001", "nab", "rules", "2014-03-09T03:00:00.001Z", 0.75));
        alerts.saved.add(alert("000000000002", "other", "rules", "2014-03-09T03:00:00Z", 1));
        alerts.saved.add(alert("000000000004", "nab", "poller", "2026-11-25T01:00:00Z", Double.NaN));
        Path output = dir.resolve("out/alerts.jsonl");

        Evaluation.Result result = evaluation(replay, output).run();

        assertThat(Files.readAllLines(output)).containsExactly(
                "{\"ts\":\"2014-03-09T03:00:00.001Z\",\"row\":1,\"detector\":\"rules\",\"severity\":\"WARNING\","
                        + "\"score\":0.75,\"printer_id\":\"nab\",\"kind\":\"ANOMALY\",\"message\":\"odd \\\"value\\\"\"}",
                "{\"ts\":\"2014-03-09T03:05:00Z\",\"row\":2,\"detector\":\"isolation-forest\",\"severity\":\"WARNING\","
                        + "\"score\":null,\"printer_id\":\"nab\",\"kind\":\"ANOMALY\",\"message\":\"odd \\\"value\\\"\"}",
                "{\"ts\":\"2026-11-25T01:00:00Z\",\"detector\":\"poller\",\"severity\":\"WARNING\","
                        + "\"score\":null,\"printer_id\":\"nab\",\"kind\":\"ANOMALY\",\"message\":\"odd \\\"value\\\"\"}");
        assertThat(result).isEqualTo(new Evaluation.Result(3, 1, 0, 3, result.wallMillis()));
        assertThat(log.errors).isEmpty();
        assertThat(log.infos).last().asString().contains("3 rows replayed (1 timestamps moved, 0 rows skipped), "
                + "3 alerts written to " + output);
        try (var files = Files.list(output.getParent())) {
            assertThat(files).containsExactly(output); // no temporary file left behind
        }
    }

    @Test
    void writesWhenKlipperShutDownAndTheFirstAlertOfEachDetectorBeforeIt() throws Exception {
        Path file = Files.writeString(dir.resolve("printer.log"), String.join("\n",
                "Start printer at Mon Mar  4 10:00:00 2024 (1709546400.0 1000.0)",
                "Stats 1001.0: extruder: target=210 temp=209.0 pwm=0.500",
                "Stats 1031.0: extruder: target=210 temp=190.0 pwm=1.000",
                "Transition to shutdown state: Heater extruder not heating at expected rate",
                "Start printer at Mon Mar  4 10:05:00 2024 (1709546700.0 1300.0)",
                "Stats 1301.0: extruder: target=0 temp=150.0 pwm=0.000",
                "Transition to shutdown state: Lost communication with MCU 'mcu'") + "\n");
        ReplaySettings settings = ReplaySettings.from(Map.of("file", file.toString(), "printerId", "nab"), dir)
                .settings();
        ReplayPrinterDriver replay = new ReplayPrinterDriver(settings, ReplayFile.load(file, settings.field(),
                ZoneId.of("UTC")), System::nanoTime, () -> {});
        replayAll(replay);
        // seen once each, so neither is still open at the second shutdown
        for (String[] a : new String[][] {{"000000000001", "2024-03-04T10:00:01Z"}, {"000000000002",
                "2024-03-04T10:00:31Z"}}) {
            Instant seen = Instant.parse(a[1]);
            alerts.saved.add(new Alert(a[0], "nab", "isolation-forest", "ANOMALY", Severity.WARNING, "odd", seen, seen,
                    1, 0.7, AlertState.ACTIVE, null));
        }
        Instant shutdown = Instant.parse("2024-03-04T10:00:31.001Z");
        alerts.saved.add(new Alert("000000000003", "nab", "rules", "HARD_FAILURE", Severity.CRITICAL,
                "printer reports ERROR: Heater extruder not heating at expected rate", shutdown, shutdown, 1,
                Double.NaN, AlertState.ACTIVE, null));
        Path output = dir.resolve("alerts.jsonl");

        evaluation(replay, output).run();

        List<String> expected = List.of(
                "ERROR 1 at 2024-03-04T10:00:31.001Z (row 3): Heater extruder not heating at expected rate | first "
                        + "alert before it (since the start): isolation-forest 30.0 s earlier at 2024-03-04T10:00:01Z "
                        + "(WARNING ANOMALY) | at it: rules CRITICAL HARD_FAILURE \"printer reports ERROR: Heater "
                        + "extruder not heating at expected rate\"",
                "ERROR 2 at 2024-03-04T10:05:01.001Z (row 6): Lost communication with MCU 'mcu' | first alert before "
                        + "it (since ERROR 1): none | at it: none");
        assertThat(Files.readAllLines(Evaluation.leadTimesFile(output))).isEqualTo(expected);
        assertThat(Evaluation.leadTimesFile(output).getFileName().toString()).isEqualTo("alerts.jsonl.shutdowns.txt");
        assertThat(log.infos).contains("evaluation of printer nab: " + expected.get(1));
    }

    @Test
    void writesNoShutdownSummaryForAFileWithoutErrorRows() throws Exception {
        ReplayPrinterDriver replay = replay(CSV);
        replayAll(replay);
        Path output = dir.resolve("alerts.jsonl");

        evaluation(replay, output).run();

        assertThat(output).exists();
        assertThat(Evaluation.leadTimesFile(output)).doesNotExist();
    }

    @Test
    void waitsForTheReplayToFinishAndTheAlertsToSettle() throws Exception {
        ReplayPrinterDriver replay = replay(CSV);
        Path output = dir.resolve("alerts.jsonl");
        AtomicInteger looks = new AtomicInteger();
        Evaluation evaluation = new Evaluation("nab", output, () -> {
            looks.incrementAndGet();
            return Optional.of(replay);
        }, telemetry, alerts, log, FAST, System::nanoTime);
        CompletableFuture<Evaluation.Result> run = CompletableFuture.supplyAsync(() -> {
            try {
                return evaluation.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        telemetry.store(replay.sample("nab"));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (looks.get() < 5 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // until it has looked at the unfinished replay a few times (5 ms apart)
        }
        assertThat(looks.get()).isGreaterThanOrEqualTo(5);
        assertThat(run).isNotDone();
        assertThat(output).doesNotExist();
        assertThat(alerts.reads).hasValue(0); // nothing is read before the replay has finished

        // the alert service is still saving two alerts while the evaluation starts looking
        alerts.pending.add(alert("000000000001", "nab", "rules", "2014-03-09T03:00:00Z", 1));
        alerts.pending.add(alert("000000000002", "nab", "rules", "2014-03-09T03:05:00Z", 2));
        replayAll(replay);

        Evaluation.Result result = run.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(result.alerts()).isEqualTo(2);
        assertThat(Files.readAllLines(output)).hasSize(2);
        assertThat(alerts.reads.get()).isGreaterThanOrEqualTo(2 + 3);
    }

    @Test
    void whenTheLastRowIsNeverStoredItSaysSoAndWritesWhatThereIs() throws Exception {
        ReplayPrinterDriver replay = replay(CSV);
        replay.sample("nab");
        replay.sample("nab");
        replay.sample("nab"); // handed to the poller, never stored
        alerts.saved.add(alert("000000000001", "nab", "rules", "2014-03-09T03:00:00Z", 1));
        Path output = dir.resolve("alerts.jsonl");

        Evaluation.Result result = evaluation(replay, output).run();

        assertThat(result.alerts()).isEqualTo(1);
        assertThat(Files.readAllLines(output)).hasSize(1);
        assertThat(log.errors).containsExactly("evaluation: the last row of printer nab (event time "
                + "2014-03-09T03:05:00Z) was not stored within 300 ms (latest stored: none); writing the alerts there are");
    }

    @Test
    void aReplayThatCannotReadItsFileWritesNothing() throws Exception {
        ReplayPrinterDriver replay = replay("timestamp,value\n");
        Path output = dir.resolve("alerts.jsonl");

        Evaluation.Result result = evaluation(replay, output).run();

        assertThat(result.alerts()).isEqualTo(-1);
        assertThat(output).doesNotExist();
        assertThat(log.errors).singleElement().asString().contains("the replay of printer nab failed",
                "has no usable rows", "is not written");
    }

    @Test
    void stopsWhenInterrupted() throws Exception {
        ReplayPrinterDriver replay = replay(CSV);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> evaluation(replay, dir.resolve("alerts.jsonl")).run())
                .isInstanceOf(InterruptedException.class);
        assertThat(new ArrayList<>(log.errors)).isEmpty();
    }
}
