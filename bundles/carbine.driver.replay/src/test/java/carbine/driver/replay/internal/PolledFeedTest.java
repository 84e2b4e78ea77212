package carbine.driver.replay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertService;
import carbine.api.alert.Severity;
import carbine.api.detector.Detector;
import carbine.api.detector.Finding;
import carbine.api.telemetry.TelemetrySample;
import carbine.poller.internal.PollerLog;
import carbine.poller.internal.PollerSettings;

/**
 * The evaluation's feed: every row, in order, through the poller's own pipeline (validation, store, every detector
 * with its history, the alert service), the poller ticked once per row with the replay's event clock.
 */
class PolledFeedTest {
    @TempDir
    Path dir;

    /** What reached the alert service: "detector@value" per report, "!" when it had findings. */
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final List<String> findings = new CopyOnWriteArrayList<>();
    private final AlertService alerts = new AlertService() {
        @Override public void report(String detector, TelemetrySample sample, List<Finding> found) {
            reports.add(detector + "@" + sample.nozzleActual() + (found.isEmpty() ? "" : "!"));
            found.forEach(f -> findings.add(detector + " " + f.kind() + " " + f.message()));
        }
        @Override public List<Alert> open() { return List.of(); }
        @Override public Optional<Alert> acknowledge(String alertId, String actor) { return Optional.empty(); }
    };
    private final List<String> pollerErrors = new CopyOnWriteArrayList<>();
    private final PollerLog pollerLog = (level, format, args) -> {
        if (level == PollerLog.Level.ERROR) {
            pollerErrors.add(PollerLog.format(format, args));
        }
    };

    private ReplayPrinterDriver replay(String csv) throws Exception {
        Path file = Files.writeString(dir.resolve("series.csv"), csv);
        ReplaySettings settings = ReplaySettings.from(Map.of("file", file.toString(), "printerId", "s"), dir)
                .settings();
        return new ReplayPrinterDriver(settings, ReplayFile.load(file, settings.field(), ZoneId.of("UTC")),
                System::nanoTime, () -> {});
    }

    @Test
    void everyRowReachesEveryDetectorInOrderWithItsHistoryAndAFailingDetectorOnlyLosesItsOwnReport()
            throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 200; i++) {
            csv.append(String.format("2014-03-09 %02d:%02d:00,%d%n", i / 60, i % 60, i));
        }
        ReplayPrinterDriver replay = replay(csv.toString());
        List<Integer> historySizes = new ArrayList<>();
        Map<String, Detector> detectors = new TreeMap<>();
        detectors.put("b", (sample, history) -> {
            if (sample.nozzleActual() == 7) {
                throw new IllegalStateException("bug");
            }
            return List.of();
        });
        detectors.put("a", (sample, history) -> {
            historySizes.add(history.samples().size());
            if (!history.samples().isEmpty()) {
                // the history is the previous rows, oldest first
                assertThat(history.previous().nozzleActual()).isEqualTo(sample.nozzleActual() - 1);
            }
            return sample.nozzleActual() == 150 ? List.of(Finding.of("HIGH", Severity.WARNING,
                    "150")) : List.of();
        });
        EvaluationTest.FakeTelemetry store = new EvaluationTest.FakeTelemetry();
        EvaluationTest.RecordingLog log = new EvaluationTest.RecordingLog();

        long ticks = new PolledFeed(replay, "test", replay, detectors, store, alerts, pollerLog, log).run();

        assertThat(replay.finished()).isTrue();
        assertThat(ticks).isEqualTo(200);
        assertThat(reports).hasSize(200 + 199).startsWith("a@0.0", "b@0.0", "a@1.0", "b@1.0")
                .contains("a@150.0!").doesNotContain("b@7.0").endsWith("a@199.0", "b@199.0");
        assertThat(historySizes).startsWith(0, 1, 2).endsWith(PollerSettings.DEFAULTS.historySize(),
                PollerSettings.DEFAULTS.historySize());
        assertThat(store.latest("s")).hasValueSatisfying(s -> assertThat(s.nozzleActual()).isEqualTo(199));
        assertThat(pollerErrors).singleElement().asString()
                .startsWith("detector b failed on printer s, sample skipped").contains("bug");
        assertThat(log.errors).isEmpty();
    }

    /** The poller's validation is part of the evaluation: an impossible value is dropped and reported. */
    @Test
    void anImpossibleValueIsDroppedAndReportedByThePollerAsLive() throws Exception {
        ReplayPrinterDriver replay = replay("timestamp,value\n2014-03-09 00:00:00,200\n2014-03-09 00:05:00,5000\n"
                + "2014-03-09 00:10:00,210\n");
        List<Double> judged = new ArrayList<>();
        Detector detector = (sample, history) -> {
            judged.add(sample.nozzleActual());
            return List.of();
        };
        EvaluationTest.FakeTelemetry store = new EvaluationTest.FakeTelemetry();

        new PolledFeed(replay, "test", replay, Map.of("a", detector), store, alerts, pollerLog,
                new EvaluationTest.RecordingLog()).run();

        assertThat(judged).containsExactly(200.0, null, 210.0);
        assertThat(reports).containsExactly("a@200.0", "poller@null!", "a@null", "poller@210.0", "a@210.0");
        assertThat(findings).singleElement().asString().startsWith("poller BAD_TELEMETRY impossible values dropped: "
                + "nozzle_actual=5000.0");
    }

    @Test
    void theEventClockIsTheTimeOfTheRowServedNext() throws Exception {
        ReplayPrinterDriver replay = replay("timestamp,value\n2014-03-09 00:00:00,1\n2014-03-09 00:05:00,2\n");
        var clock = PolledFeed.eventClock(replay);

        assertThat(clock.instant()).isEqualTo(Instant.parse("2014-03-09T00:00:00Z"));
        replay.sample("s");
        assertThat(clock.instant()).isEqualTo(Instant.parse("2014-03-09T00:05:00Z"));
        replay.sample("s");
        assertThat(clock.instant()).as("after the last row: the last row's time")
                .isEqualTo(Instant.parse("2014-03-09T00:05:00Z"));
    }
}
