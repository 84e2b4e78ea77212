package carbine.driver.replay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * Hand-written klippy.log files, in the line formats of Klipper's sources (see {@link KlippyLog}); the numbers are
 * made up. The file is named {@code .csv} on purpose: a klippy.log is recognised by its content, not its name.
 */
class KlippyLogTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    // 2024-03-04T10:00:00Z is epoch 1709546400; the monotonic clock reads 1000.0 then
    private static final String START = "Start printer at Mon Mar  4 10:00:00 2024 (1709546400.0 1000.0)";

    @TempDir
    Path dir;

    /** The lines as UTF-8; a line {@value #BINARY} becomes bytes that are not UTF-8 at all. */
    private Path log(String... lines) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (String line : lines) {
            bytes.writeBytes(line.equals(BINARY) ? new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3}
                    : line.getBytes(StandardCharsets.UTF_8));
            bytes.write('\n');
        }
        return Files.write(dir.resolve("printer.csv"), bytes.toByteArray());
    }

    private static final String BINARY = "<binary>";

    private static TelemetrySample row(ReplayFile.Load load, int i) {
        return load.data().sample(i, "p", 0, PrinterState.PRINTING);
    }

    private static List<TelemetrySample> rows(ReplayFile.Load load) {
        List<TelemetrySample> rows = new ArrayList<>();
        for (int i = 0; i < load.data().size(); i++) {
            rows.add(row(load, i));
        }
        return rows;
    }

    private static String stats(double eventtime, String parts) {
        return "Stats " + eventtime + ": gcodein=0  mcu: mcu_awake=0.002 bytes_write=100 freq=16000000  " + parts
                + " sysload=0.40 cputime=12.345 memavail=900000 print_time=10.000 buffer_time=0.000 print_stall=0";
    }

    @Test
    void readsStatsLinesOfTwoSessionsWithAPrintAShutdownAndGarbage() throws IOException {
        Path file = log(
                "Starting Klippy...",
                "Args: ['klippy.py', 'printer.cfg', '-l', 'klippy.log']",
                START,
                "===== Config file =====",
                "[extruder]",
                stats(1001.0, "heater_bed: target=60 temp=58.2 pwm=0.412 extruder: target=0 temp=25.0 pwm=0.000"),
                "Starting SD card print (position 0)",
                stats(1002.0, "heater_bed: target=60 temp=59.0 pwm=0.300 extruder: target=210 temp=150.0 pwm=1.000 "
                        + "sd_pos=100"),
                // a Stats line without a bed
                stats(1003.0, "extruder: target=210 temp=160.0 pwm=1.000 sd_pos=500"),
                "Finished SD card print",
                "Exiting SD card print (position 1000)",
                "Stats soon: extruder: target=1 temp=2 pwm=0.1",
                BINARY,
                stats(1004.0, "extruder: target=210 temp=abc pwm=1.000"),
                "Transition to shutdown state: Heater extruder not heating at expected rate",
                "Dumping gcode input 0 blocks",
                stats(1005.0, "extruder: target=0 temp=150.0 pwm=0.000"),
                "Restarting printer",
                // the second session, half an hour later
                "Start printer at Mon Mar  4 10:30:00 2024 (1709548200.0 2800.0)",
                stats(2801.5, "heater_bed: target=0 temp=40.0 pwm=0.000 extruder: target=0 temp=60.0 pwm=0.000"));

        ReplayFile.Load load = ReplayFile.load(file, TelemetryField.NOZZLE_ACTUAL, UTC);

        assertThat(load.error()).isNull();
        assertThat(load.data().size()).isEqualTo(6);
        assertThat(load.dataRows()).isEqualTo(8); // 7 Stats lines and 1 shutdown
        assertThat(load.skipped()).isEqualTo(2);
        assertThat(load.skipReasons()).containsExactly(
                "line 12: the eventtime of the Stats line 'soon' is not a number of seconds",
                "line 14: extruder temp 'abc' is not a number");
        List<TelemetrySample> rows = rows(load);

        TelemetrySample idle = rows.get(0);
        assertThat(idle.time()).isEqualTo(Instant.parse("2024-03-04T10:00:01Z"));
        assertThat(idle.state()).isEqualTo(PrinterState.IDLE);
        assertThat(idle.nozzleActual()).isEqualTo(25.0);
        assertThat(idle.nozzleTarget()).isEqualTo(0.0);
        assertThat(idle.heaterPower()).isEqualTo(0.0);
        assertThat(idle.bedActual()).isEqualTo(58.2);
        assertThat(idle.bedTarget()).isEqualTo(60.0);
        assertThat(idle.fanSpeed()).isNull();
        assertThat(idle.progress()).isNull();
        assertThat(idle.error()).isNull();

        TelemetrySample printing = rows.get(1);
        assertThat(printing.time()).isEqualTo(Instant.parse("2024-03-04T10:00:02Z"));
        assertThat(printing.state()).isEqualTo(PrinterState.PRINTING);
        assertThat(printing.heaterPower()).isEqualTo(1.0);
        assertThat(printing.progress()).isEqualTo(10.0); // sd_pos 100 of a file that ended at 1000

        TelemetrySample noBed = rows.get(2);
        assertThat(noBed.bedActual()).isNull();
        assertThat(noBed.bedTarget()).isNull();
        assertThat(noBed.nozzleActual()).isEqualTo(160.0);
        assertThat(noBed.progress()).isEqualTo(50.0);

        // the shutdown has no time of its own: the newest time logged before it (1003.0; 1004.0 was unreadable),
        // moved 1 ms after the row of that time
        TelemetrySample shutdown = rows.get(3);
        assertThat(shutdown.time()).isEqualTo(Instant.parse("2024-03-04T10:00:03.001Z"));
        assertThat(shutdown.state()).isEqualTo(PrinterState.ERROR);
        assertThat(shutdown.error()).isEqualTo("Heater extruder not heating at expected rate");
        assertThat(shutdown.nozzleActual()).isNull();
        assertThat(load.data().fileRow(3)).isEqualTo(14); // 0-based line index
        assertThat(load.repeated()).isEqualTo(1);

        // until the restart the printer stays shut down
        assertThat(rows.get(4).state()).isEqualTo(PrinterState.ERROR);
        assertThat(rows.get(4).error()).isEqualTo("Heater extruder not heating at expected rate");
        assertThat(rows.get(4).nozzleActual()).isEqualTo(150.0);

        TelemetrySample second = rows.get(5);
        assertThat(second.time()).isEqualTo(Instant.parse("2024-03-04T10:30:01.500Z"));
        assertThat(second.state()).isEqualTo(PrinterState.IDLE);
        assertThat(second.error()).isNull();
    }

    @Test
    void aPrintThatDoesNotReachTheEndOfItsFileHasNoProgress() throws IOException {
        Path file = log(START,
                "Starting SD card print (position 0)",
                stats(1001.0, "extruder: target=200 temp=200.0 pwm=0.500 sd_pos=4000"),
                "Exiting SD card print (position 4100)",
                stats(1002.0, "extruder: target=200 temp=200.0 pwm=0.500"));

        ReplayFile.Load load = ReplayFile.load(file, TelemetryField.NOZZLE_ACTUAL, UTC);

        assertThat(rows(load)).extracting(TelemetrySample::progress).containsExactly(null, null);
        // paused (no sd_pos) with the heater on is IDLE: only an active SD print with a hot target is PRINTING
        assertThat(rows(load)).extracting(TelemetrySample::state).containsExactly(PrinterState.PRINTING,
                PrinterState.IDLE);
    }

    @Test
    void aRolledOverLogTakesItsTimeFromTheRolloverHeaderInTheConfiguredZone() throws IOException {
        Path file = log("Git version: 'v0.12.0'",
                "=============== Log rollover at Tue Mar  5 00:00:02 2024 ===============",
                stats(5000.0, "extruder: target=200 temp=199.5 pwm=0.321"),
                stats(5001.0, "extruder: target=200 temp=199.9 pwm=0.300"));

        ReplayFile.Load utc = ReplayFile.load(file, TelemetryField.NOZZLE_ACTUAL, UTC);
        ReplayFile.Load berlin = ReplayFile.load(file, TelemetryField.NOZZLE_ACTUAL, ZoneId.of("Europe/Berlin"));

        assertThat(rows(utc)).extracting(TelemetrySample::time).containsExactly(
                Instant.parse("2024-03-05T00:00:02Z"), Instant.parse("2024-03-05T00:00:03Z"));
        assertThat(rows(berlin)).extracting(TelemetrySample::time).containsExactly(
                Instant.parse("2024-03-04T23:00:02Z"), Instant.parse("2024-03-04T23:00:03Z"));
    }

    @Test
    void aRolledOverLogLearnsThePrintersLocalTimeFromALaterStartLine() throws IOException {
        // the printer's clock is at UTC-6: its Start line says 18:10 local for epoch 1709597400 (00:10 UTC)
        Path file = log("=============== Log rollover at Mon Mar  4 18:00:02 2024 ===============",
                stats(5000.0, "extruder: target=200 temp=199.5 pwm=0.321"),
                "Start printer at Mon Mar  4 18:10:00 2024 (1709597400.0 5598.0)",
                stats(5599.0, "extruder: target=0 temp=180.0 pwm=0.000"));

        ReplayFile.Load load = ReplayFile.load(file, TelemetryField.NOZZLE_ACTUAL, ZoneId.of("Europe/Berlin"));

        assertThat(KlippyLog.localOffset(file)).isEqualTo(java.time.ZoneOffset.ofHours(-6));
        assertThat(rows(load)).extracting(TelemetrySample::time).containsExactly(
                Instant.parse("2024-03-05T00:00:02Z"), Instant.parse("2024-03-05T00:10:01Z"));
    }

    @Test
    void timeNeverGoesBackwards() throws IOException {
        Path file = log(START,
                stats(1010.0, "extruder: target=0 temp=60.0 pwm=0.000"),
                stats(1009.0, "extruder: target=0 temp=59.0 pwm=0.000"), // an eventtime that goes backwards
                stats(1010.0, "extruder: target=0 temp=58.0 pwm=0.000"),
                // a printer without a real-time clock that restarts before its clock is set: 10 minutes back
                "Start printer at Mon Mar  4 09:50:00 2024 (1709545800.0 20.0)",
                stats(21.0, "extruder: target=0 temp=57.0 pwm=0.000"),
                stats(1000.0, "extruder: target=0 temp=56.0 pwm=0.000"));

        ReplayFile.Load load = ReplayFile.load(file, TelemetryField.NOZZLE_ACTUAL, UTC);

        assertThat(rows(load)).extracting(TelemetrySample::time).containsExactly(
                Instant.parse("2024-03-04T10:00:10Z"),
                Instant.parse("2024-03-04T10:00:10.001Z"),
                Instant.parse("2024-03-04T10:00:10.002Z"),
                Instant.parse("2024-03-04T10:00:10.003Z"),
                Instant.parse("2024-03-04T10:06:20Z"));
        assertThat(rows(load)).extracting(TelemetrySample::nozzleActual).containsExactly(60.0, 59.0, 58.0, 57.0,
                56.0);
        assertThat(load.backward()).isEqualTo(2);
        assertThat(load.crowded()).isEqualTo(1);
        assertThat(load.moved()).isEqualTo(3);
    }

    @Test
    void linesBeforeAnyStartOrRolloverHaveNoTimeAndAreSkipped() throws IOException {
        Path file = log(stats(10.0, "extruder: target=0 temp=60.0 pwm=0.000"),
                "Transition to shutdown state: Lost communication with MCU 'mcu'",
                START,
                "Timeout with MCU 'mcu' (eventtime=1234.567891)",
                "Transition to shutdown state: Lost communication with MCU 'mcu'");

        ReplayFile.Load load = ReplayFile.load(file, TelemetryField.NOZZLE_ACTUAL, UTC);

        assertThat(load.skipped()).isEqualTo(2);
        assertThat(load.skipReasons()).containsExactly(
                "line 1: before any 'Start printer at' or 'Log rollover' line, so its wall-clock time is unknown",
                "line 2: a shutdown before any time is logged, so its time is unknown");
        // the lost MCU's own eventtime dates the shutdown
        assertThat(rows(load)).singleElement().satisfies(s -> {
            assertThat(s.time()).isEqualTo(Instant.parse("2024-03-04T10:03:54.568Z"));
            assertThat(s.error()).isEqualTo("Lost communication with MCU 'mcu'");
        });
    }

    @Test
    void aKlippyLogWithoutStatsLinesIsNoPrinter() throws IOException {
        Path file = log("Starting Klippy...", START, "Config error", "Restarting printer");

        ReplayFile.Load load = ReplayFile.load(file, TelemetryField.NOZZLE_ACTUAL, UTC);

        assertThat(load.usable()).isFalse();
        assertThat(load.error()).contains("has no usable rows").contains("no Stats lines");
    }

    @Test
    void recognisesByContentNotByName() throws IOException {
        Path klippy = log("Starting Klippy...", START);
        Path csv = Files.writeString(dir.resolve("klippy.log"), "timestamp,value\n"
                + "2024-03-04 10:00:00,1.0\n" + START + "\n", StandardCharsets.UTF_8);

        assertThat(KlippyLog.recognise(klippy)).isTrue();
        assertThat(KlippyLog.recognise(csv)).isFalse();
        assertThat(ReplayFile.load(csv, TelemetryField.NOZZLE_ACTUAL, UTC).skipped()).isEqualTo(1);
    }

    @Test
    void errorOnsetsAreTheFirstErrorRowOfEachShutdown() throws IOException {
        Path file = log(START,
                stats(1001.0, "extruder: target=0 temp=60.0 pwm=0.000"),
                "Transition to shutdown state: MCU 'mcu' shutdown: Timer too close",
                stats(1002.0, "extruder: target=0 temp=59.0 pwm=0.000"),
                "Start printer at Mon Mar  4 10:01:00 2024 (1709546460.0 1060.0)",
                stats(1061.0, "extruder: target=0 temp=58.0 pwm=0.000"),
                "Transition to shutdown state: ADC out of range");
        ReplayFile.Load load = ReplayFile.load(file, TelemetryField.NOZZLE_ACTUAL, UTC);
        ReplaySettings settings = ReplaySettings.from(java.util.Map.of("file", file.toString(), "printerId", "p"),
                dir).settings();

        List<ReplayProgress.ErrorOnset> onsets = new ReplayPrinterDriver(settings, load, System::nanoTime, () -> {})
                .errorOnsets();

        assertThat(onsets).containsExactly(
                new ReplayProgress.ErrorOnset(Instant.parse("2024-03-04T10:00:01.001Z"), 2,
                        "MCU 'mcu' shutdown: Timer too close"),
                new ReplayProgress.ErrorOnset(Instant.parse("2024-03-04T10:01:01.001Z"), 6, "ADC out of range"));
    }
}
