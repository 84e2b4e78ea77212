package carbine.driver.replay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

class ReplayFileTest {
    private static final ZoneId UTC = ZoneId.of("UTC");

    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("replay.csv"), content);
    }

    private static TelemetrySample row(ReplayFile.Load load, int i) {
        return load.data().sample(i, "p", 0, PrinterState.PRINTING);
    }

    @Test
    void readsTheNabExcerptAndMovesItsRepeatedTimestamps() throws URISyntaxException {
        Path excerpt = Path.of(getClass().getResource("/ec2_request_latency_excerpt.csv").toURI());
        ReplayFile.Load load = ReplayFile.load(excerpt, TelemetryField.NOZZLE_ACTUAL, UTC);

        assertThat(load.error()).isNull();
        assertThat(load.dataRows()).isEqualTo(26);
        assertThat(load.data().size()).isEqualTo(26);
        assertThat(load.skipped()).isZero();
        assertThat(load.repeated()).isEqualTo(11);
        assertThat(load.backward()).isZero();
        assertThat(load.crowded()).isZero();
        TelemetrySample first = row(load, 0);
        assertThat(first.time()).isEqualTo(Instant.parse("2014-03-09T01:21:00Z"));
        assertThat(first.nozzleActual()).isEqualTo(44.46);
        assertThat(first.nozzleTarget()).isNull();
        assertThat(first.state()).isEqualTo(PrinterState.PRINTING);
        // rows 8..19 share 03:00:00; each keeps its value and moves to 1 ms after the previous one
        assertThat(row(load, 8).time()).isEqualTo(Instant.parse("2014-03-09T03:00:00Z"));
        assertThat(row(load, 9).time()).isEqualTo(Instant.parse("2014-03-09T03:00:00.001Z"));
        assertThat(row(load, 9).nozzleActual()).isEqualTo(43.578);
        assertThat(row(load, 19).time()).isEqualTo(Instant.parse("2014-03-09T03:00:00.011Z"));
        assertThat(row(load, 20).time()).isEqualTo(Instant.parse("2014-03-09T03:01:00Z"));
        for (int i = 1; i < load.data().size(); i++) {
            assertThat(load.data().eventMillis(i)).isGreaterThan(load.data().eventMillis(i - 1));
            assertThat(load.data().fileRow(i)).isEqualTo(i);
        }
    }

    @Test
    void theNabValueGoesToTheChosenField() throws IOException {
        ReplayFile.Load load = ReplayFile.load(file("timestamp,value\n2014-01-01 00:00:00,1200\n"),
                TelemetryField.FAN_RPM, UTC);
        TelemetrySample sample = row(load, 0);
        assertThat(sample.fanRpm()).isEqualTo(1200.0);
        assertThat(sample.nozzleActual()).isNull();
    }

    @Test
    void multiColumnFileWithEmptyCellsAndSnakeCaseNames() throws IOException {
        ReplayFile.Load load = ReplayFile.load(file("""
                timestamp,nozzle_actual,nozzleTarget,bed_actual,fan_rpm,filament_detected,filamentMoving,state,error
                2026-11-24T10:00:00Z,210.5,210,60,,true,0,printing,
                2026-11-24T10:00:01Z,,210,,5000,,yes,ERROR,"MAXTEMP, ""hot""\"
                """), TelemetryField.NOZZLE_ACTUAL, UTC);

        assertThat(load.error()).isNull();
        TelemetrySample first = row(load, 0);
        assertThat(first.nozzleActual()).isEqualTo(210.5);
        assertThat(first.nozzleTarget()).isEqualTo(210.0);
        assertThat(first.bedActual()).isEqualTo(60.0);
        assertThat(first.bedTarget()).isNull();
        assertThat(first.fanRpm()).isNull();
        assertThat(first.filamentDetected()).isTrue();
        assertThat(first.filamentMoving()).isFalse();
        assertThat(first.error()).isNull();
        TelemetrySample second = row(load, 1);
        assertThat(second.nozzleActual()).isNull();
        assertThat(second.bedActual()).isNull();
        assertThat(second.fanRpm()).isEqualTo(5000.0);
        assertThat(second.filamentDetected()).isNull();
        assertThat(second.filamentMoving()).isTrue();
        assertThat(second.state()).isEqualTo(PrinterState.ERROR);
        assertThat(second.error()).isEqualTo("MAXTEMP, \"hot\"");
    }

    @Test
    void theNumericFieldsOfApi11AreColumnsToo() throws IOException {
        ReplayFile.Load load = ReplayFile.load(file("""
                timestamp,chamber_actual,chamberTarget,bed_power,print_duration,filamentUsed,layer,total_layers
                2026-11-24T10:00:00Z,38.5,45,0.64,754.5,1520.25,12,240
                2026-11-24T10:00:01Z,,,,,,12.5,
                """), TelemetryField.NOZZLE_ACTUAL, UTC);

        assertThat(load.error()).isNull();
        TelemetrySample first = row(load, 0);
        assertThat(first.chamberActual()).isEqualTo(38.5);
        assertThat(first.chamberTarget()).isEqualTo(45.0);
        assertThat(first.bedPower()).isEqualTo(0.64);
        assertThat(first.printDuration()).isEqualTo(754.5);
        assertThat(first.filamentUsed()).isEqualTo(1520.25);
        assertThat(first.layer()).isEqualTo(12);
        assertThat(first.totalLayers()).isEqualTo(240);
        TelemetrySample second = row(load, 1);
        assertThat(second.chamberActual()).isNull();
        assertThat(second.bedPower()).isNull();
        assertThat(second.printDuration()).isNull();
        assertThat(second.layer()).as("not a whole number").isNull();
        assertThat(second.totalLayers()).isNull();
    }

    @Test
    void rowsWithoutStateGetTheConfiguredOne() throws IOException {
        ReplayFile.Load load = ReplayFile.load(file("timestamp,state,progress\n1,,5\n2,PAUSED,6\n"),
                TelemetryField.NOZZLE_ACTUAL, UTC);
        assertThat(load.data().sample(0, "p", 0, PrinterState.IDLE).state()).isEqualTo(PrinterState.IDLE);
        assertThat(load.data().sample(1, "p", 0, PrinterState.IDLE).state()).isEqualTo(PrinterState.PAUSED);
        assertThat(load.data().sample(1, "p", 0, PrinterState.IDLE).progress()).isEqualTo(6.0);
    }

    @Test
    void anUnknownColumnIsAnErrorNamingItAndTheAcceptedNames() throws IOException {
        ReplayFile.Load load = ReplayFile.load(file("timestamp,nozzle,bed_actual\n1,2,3\n"),
                TelemetryField.NOZZLE_ACTUAL, UTC);
        assertThat(load.usable()).isFalse();
        assertThat(load.error()).contains("line 1", "unknown column 'nozzle'", "nozzleActual (nozzle_actual)",
                "fanRpm (fan_rpm)", "state (state)");
    }

    @Test
    void aHeaderWithoutTimestampIsAnError() throws IOException {
        ReplayFile.Load load = ReplayFile.load(file("time,value\n1,2\n"), TelemetryField.NOZZLE_ACTUAL, UTC);
        assertThat(load.error()).contains("the header must be timestamp,value", "'time,value'");
    }

    @Test
    void unreadableRowsAreSkippedCountedAndNamedByLine() throws IOException {
        ReplayFile.Load load = ReplayFile.load(file("""
                timestamp,value
                2014-01-01 00:00:00,1
                2014-01-01 00:05:00,abc
                2014-01-01 00:10:00

                2014-01-01 00:15:00,4,5
                someday,5
                2014-01-01 00:25:00,NaN
                2014-01-01 00:30:00,7"""), TelemetryField.NOZZLE_ACTUAL, UTC);

        assertThat(load.dataRows()).isEqualTo(7);
        assertThat(load.data().size()).isEqualTo(2);
        assertThat(load.skipped()).isEqualTo(5);
        assertThat(load.skipReasons()).containsExactly(
                "line 3: column value: 'abc' is not a number",
                "line 4: 1 columns instead of 2",
                "line 6: 3 columns instead of 2",
                "line 7: 'someday' is not a timestamp (YYYY-MM-DD HH:MM:SS[.ffffff], ISO-8601 such as "
                        + "2013-12-10T06:25:00Z, or epoch seconds/milliseconds)",
                "line 8: column value: 'NaN' is not a finite number");
        assertThat(row(load, 1).nozzleActual()).isEqualTo(7.0);
        // the skipped rows still count as data rows of the file
        assertThat(load.data().fileRow(1)).isEqualTo(6);
    }

    @Test
    void backwardTimestampsMoveAfterThePreviousRowAndCountSeparately() throws IOException {
        ReplayFile.Load load = ReplayFile.load(file("""
                timestamp,value
                2014-01-01 00:10:00,1
                2014-01-01 00:10:00,2
                2014-01-01 00:05:00,3
                2014-01-01 00:10:00.001,4
                2014-01-01 00:15:00,5
                """), TelemetryField.NOZZLE_ACTUAL, UTC);

        assertThat(load.repeated()).isEqualTo(1);
        assertThat(load.backward()).isEqualTo(1);
        // 00:10:00.001 is after the previous timestamp (00:05) but not after that row's moved time (00:10:00.002)
        assertThat(load.crowded()).isEqualTo(1);
        assertThat(load.moved()).isEqualTo(3);
        assertThat(row(load, 1).time()).isEqualTo(Instant.parse("2014-01-01T00:10:00.001Z"));
        assertThat(row(load, 2).time()).isEqualTo(Instant.parse("2014-01-01T00:10:00.002Z"));
        assertThat(row(load, 2).nozzleActual()).isEqualTo(3.0);
        assertThat(row(load, 3).time()).isEqualTo(Instant.parse("2014-01-01T00:10:00.003Z"));
        assertThat(row(load, 4).time()).isEqualTo(Instant.parse("2014-01-01T00:15:00Z"));
    }

    @Test
    void epochAndIsoTimestampsMayBeMixed() throws IOException {
        ReplayFile.Load load = ReplayFile.load(file("""
                timestamp,value
                1386656700,1
                1386656760000,2
                2013-12-10T06:27:00Z,3
                """), TelemetryField.NOZZLE_ACTUAL, UTC);
        assertThat(row(load, 0).time()).isEqualTo(Instant.parse("2013-12-10T06:25:00Z"));
        assertThat(row(load, 1).time()).isEqualTo(Instant.parse("2013-12-10T06:26:00Z"));
        assertThat(row(load, 2).time()).isEqualTo(Instant.parse("2013-12-10T06:27:00Z"));
    }

    @Test
    void aMissingFileIsAnErrorNamingIt() {
        ReplayFile.Load load = ReplayFile.load(dir.resolve("nope.csv"), TelemetryField.NOZZLE_ACTUAL, UTC);
        assertThat(load.usable()).isFalse();
        assertThat(load.error()).isEqualTo("file " + dir.resolve("nope.csv") + " does not exist");
    }

    @Test
    void aFileWithoutUsableRowsIsAnErrorWithTheReasons() throws IOException {
        ReplayFile.Load load = ReplayFile.load(file("timestamp,value\nx,1\n2014-01-01 00:00:00,y\n"),
                TelemetryField.NOZZLE_ACTUAL, UTC);
        assertThat(load.usable()).isFalse();
        assertThat(load.error()).contains("has no usable rows", "none of its 2 data rows can be read",
                "line 2: 'x' is not a timestamp", "line 3: column value: 'y' is not a number");
        assertThat(ReplayFile.load(file("timestamp,value\n"), TelemetryField.NOZZLE_ACTUAL, UTC).error())
                .contains("it has no data rows");
        assertThat(ReplayFile.load(file(""), TelemetryField.NOZZLE_ACTUAL, UTC).error()).contains("is empty");
    }

    @Test
    void malformedCsvIsAnErrorNamingTheFile() throws IOException {
        Path file = file("timestamp,value\n2014-01-01 00:00:00,\"1\n");
        ReplayFile.Load load = ReplayFile.load(file, TelemetryField.NOZZLE_ACTUAL, UTC);
        assertThat(load.usable()).isFalse();
        assertThat(load.error()).startsWith("cannot read " + file + ": ");
    }
}
