package carbine.driver.replay.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * The two real klippy.log files of {@code ../shared/data/klipper} (GPL-3.0, read where they are, never copied into
 * this repository). The expected numbers were counted with grep/awk on the files, independently of this reader.
 * Skipped when the directory is absent; {@code -Dcarbine.klipperLogs=DIR} points elsewhere.
 */
class KlippyLogRealTest {
    private static final ZoneId UTC = ZoneId.of("UTC");

    private static Path logs() {
        String property = System.getProperty("carbine.klipperLogs");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent(); // from the module directory up to the repository root
        }
        return dir == null ? Path.of("../shared/data/klipper") : dir.resolve("../shared/data/klipper").normalize();
    }

    private static Path log(String name) {
        Path file = logs().resolve(name);
        assumeTrue(Files.isRegularFile(file), "the real Klipper log " + file + " is absent (set -Dcarbine.klipperLogs "
                + "to the directory holding the shared klippy.log files); skipped");
        return file;
    }

    private static ReplayPrinterDriver driver(Path file, ReplayFile.Load load) {
        ReplaySettings settings = ReplaySettings.from(Map.of("file", file.toString(), "printerId", "p"),
                file.getParent()).settings();
        return new ReplayPrinterDriver(settings, load, System::nanoTime, () -> {});
    }

    @Test
    void peterhindesANormalPrintThenSixShutdowns() throws java.io.IOException {
        Path file = log("peterhindes-2024-04-19.klippy.log");

        ReplayFile.Load load = ReplayFile.load(file, TelemetryField.NOZZLE_ACTUAL, UTC);

        assertThat(load.error()).isNull();
        assertThat(load.skipped()).isZero();
        assertThat(load.dataRows()).isEqualTo(5252 + 6); // Stats lines and shutdown lines
        assertThat(load.data().size()).isEqualTo(5258);
        ReplayData data = load.data();
        TelemetrySample first = data.sample(0, "p", 0, PrinterState.PRINTING);
        // "Start printer at ... (1713568739.9 855567.6)" and "Stats 855569.9"
        assertThat(first.time()).isEqualTo(Instant.parse("2024-04-19T23:19:02.200Z"));
        assertThat(first.nozzleActual()).isEqualTo(16.3);
        assertThat(first.bedActual()).isEqualTo(16.9);
        // the last line of interest: the second lost MCU, dated by its "(eventtime=879625.205131)"
        TelemetrySample last = data.sample(data.size() - 1, "p", 0, PrinterState.PRINTING);
        assertThat(last.time()).isEqualTo(Instant.parse("2024-04-20T05:59:57.605Z"));
        assertThat(last.state()).isEqualTo(PrinterState.ERROR);

        long printing = 0;
        long withProgress = 0;
        double maxProgress = 0;
        for (int i = 0; i < data.size(); i++) {
            TelemetrySample s = data.sample(i, "p", 0, PrinterState.PRINTING);
            printing += s.state() == PrinterState.PRINTING ? 1 : 0;
            if (s.progress() != null) {
                withProgress++;
                maxProgress = Math.max(maxProgress, s.progress());
            }
        }
        assertThat(printing).isEqualTo(4287); // sd_pos present and an extruder target above 0
        assertThat(withProgress).isEqualTo(4312); // every sd_pos of the one print that finished (1104942 bytes)
        assertThat(maxProgress).isBetween(99.0, 100.0);

        List<ReplayProgress.ErrorOnset> onsets = driver(file, load).errorOnsets();
        assertThat(onsets).extracting(ReplayProgress.ErrorOnset::error).containsExactly(
                "Lost communication with MCU 'mcu'",
                "Unable to read tmc uart 'stepper_z' register IFCNT",
                "Unable to read tmc uart 'stepper_z' register IFCNT",
                "Unable to read tmc uart 'stepper_z' register IFCNT",
                "Unable to read tmc uart 'stepper_x' register IFCNT",
                "Lost communication with MCU 'mcu'");
        assertThat(onsets).extracting(ReplayProgress.ErrorOnset::row).containsExactly(6536, 9401, 10555, 12576,
                13748, 17058);
        // the first lost MCU, four hours after the last Stats line: "(eventtime=875317.996016)"
        assertThat(onsets.get(0).time()).isEqualTo(Instant.parse("2024-04-20T04:48:10.296Z"));
        // "Start printer at Fri Apr 19 17:18:59 2024 (1713568739.9 ...)": the printer's clock is at UTC-6
        assertThat(KlippyLog.localOffset(file)).isEqualTo(java.time.ZoneOffset.ofHours(-6));
    }

    @Test
    void edreyerShortHeatingSessionsWithoutAShutdown() throws java.io.IOException {
        Path file = log("edreyer-2023-09-08.klippy.log");

        ReplayFile.Load load = ReplayFile.load(file, TelemetryField.NOZZLE_ACTUAL, UTC);

        assertThat(load.error()).isNull();
        assertThat(load.skipped()).isZero();
        assertThat(load.moved()).isZero();
        assertThat(load.data().size()).isEqualTo(5042);
        ReplayData data = load.data();
        // "Start printer at Fri Sep  8 08:38:50 2023 (1694162330.8 153330.0)", the first Stats 14.5 s later
        assertThat(data.sample(0, "p", 0, PrinterState.PRINTING).time())
                .isEqualTo(Instant.parse("2023-09-08T08:39:05.300Z"));
        assertThat(data.sample(data.size() - 1, "p", 0, PrinterState.PRINTING).time())
                .isEqualTo(Instant.parse("2023-09-08T10:06:00.500Z"));
        for (int i = 0; i < data.size(); i++) {
            assertThat(data.sample(i, "p", 0, PrinterState.PRINTING).state()).isEqualTo(PrinterState.IDLE);
        }
        assertThat(driver(file, load).errorOnsets()).isEmpty();
        assertThat(KlippyLog.localOffset(file)).isEqualTo(java.time.ZoneOffset.UTC);
    }
}
