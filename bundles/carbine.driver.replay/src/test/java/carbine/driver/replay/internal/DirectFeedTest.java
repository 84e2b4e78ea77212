package carbine.driver.replay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertService;
import carbine.api.alert.Severity;
import carbine.api.detector.Detector;
import carbine.api.detector.Finding;
import carbine.api.telemetry.TelemetrySample;

/** The direct drive: every row, in order, through every detector with its history, and on to the alert service. */
class DirectFeedTest {
    @TempDir
    Path dir;

    /** What reached the alert service: "detector@value" per report. */
    private final List<String> reports = new ArrayList<>();
    private final AlertService alerts = new AlertService() {
        @Override public void report(String detector, TelemetrySample sample, List<Finding> findings) {
            reports.add(detector + "@" + sample.nozzleActual() + (findings.isEmpty() ? "" : "!"));
        }
        @Override public List<Alert> open() { return List.of(); }
        @Override public Optional<Alert> acknowledge(String alertId, String actor) { return Optional.empty(); }
    };

    @Test
    void everyRowReachesEveryDetectorInOrderWithItsHistoryAndAFailingDetectorOnlyLosesItsOwnReport()
            throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 200; i++) {
            csv.append(String.format("2014-03-09 %02d:%02d:00,%d%n", i / 60, i % 60, i));
        }
        Path file = Files.writeString(dir.resolve("series.csv"), csv);
        ReplaySettings settings = ReplaySettings.from(Map.of("file", file.toString(), "printerId", "s"), dir)
                .settings();
        ReplayPrinterDriver replay = new ReplayPrinterDriver(settings,
                ReplayFile.load(file, settings.field(), ZoneId.of("UTC")), System::nanoTime, () -> {});
        List<Integer> historySizes = new ArrayList<>();
        Map<String, Detector> detectors = new LinkedHashMap<>();
        detectors.put("a", (sample, history) -> {
            historySizes.add(history.samples().size());
            if (!history.samples().isEmpty()) {
                // the history is the previous rows, oldest first
                assertThat(history.previous().nozzleActual()).isEqualTo(sample.nozzleActual() - 1);
            }
            return sample.nozzleActual() == 150 ? List.of(Finding.of("HIGH", Severity.WARNING,
                    "150")) : List.of();
        });
        detectors.put("b", (sample, history) -> {
            if (sample.nozzleActual() == 7) {
                throw new IllegalStateException("bug");
            }
            return List.of();
        });
        EvaluationTest.FakeTelemetry store = new EvaluationTest.FakeTelemetry();
        EvaluationTest.RecordingLog log = new EvaluationTest.RecordingLog();

        long failures = new DirectFeed(replay, replay, () -> detectors, store, alerts, log).run();

        assertThat(replay.finished()).isTrue();
        assertThat(failures).isEqualTo(1);
        assertThat(reports).hasSize(200 + 199).startsWith("a@0.0", "b@0.0", "a@1.0", "b@1.0")
                .contains("a@150.0!").doesNotContain("b@7.0").endsWith("a@199.0", "b@199.0");
        assertThat(historySizes).startsWith(0, 1, 2).endsWith(DirectFeed.HISTORY, DirectFeed.HISTORY);
        assertThat(store.latest("s")).hasValueSatisfying(s -> assertThat(s.nozzleActual()).isEqualTo(199));
        assertThat(log.errors).singleElement().asString()
                .startsWith("evaluation: detector b failed on").contains("bug");
    }
}
