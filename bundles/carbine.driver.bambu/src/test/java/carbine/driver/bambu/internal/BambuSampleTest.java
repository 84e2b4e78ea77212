package carbine.driver.bambu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;
import carbine.driver.bambu.peer.BambuPeer;

/**
 * The mapping of the merged {@code print} object. Shapes from Doridian/OpenBambuAPI {@code mqtt.md} (push_status) and
 * greghesp/ha-bambulab {@code pybambu/models.py} (packed temperatures, print_error and HMS codes).
 */
class BambuSampleTest {
    static final Instant T = Instant.parse("2026-12-05T12:00:00Z");

    static TelemetrySample map(String print) {
        return BambuSample.toSample(JsonParser.parseString(print).getAsJsonObject(), "p1", T);
    }

    static JsonObject print(String report) {
        return JsonParser.parseString(report).getAsJsonObject().getAsJsonObject("print");
    }

    @Test
    void theFullReportOfAnIdlePrinter() {
        TelemetrySample s = BambuSample.toSample(print(BambuPeer.fullReport()), "p1", T);
        assertThat(s.printerId()).isEqualTo("p1");
        assertThat(s.time()).isEqualTo(T);
        assertThat(s.state()).isEqualTo(PrinterState.IDLE);
        assertThat(s.nozzleActual()).isEqualTo(24.5);
        assertThat(s.nozzleTarget()).isEqualTo(0.0);
        assertThat(s.bedActual()).isEqualTo(23.0);
        assertThat(s.bedTarget()).isEqualTo(0.0);
        assertThat(s.fanSpeed()).isEqualTo(0.0);
        assertThat(s.progress()).isEqualTo(0.0);
        assertThat(s.error()).isNull();
        // what Bambu printers do not report stays absent
        assertThat(s.heaterPower()).isNull();
        assertThat(s.fanRpm()).isNull();
        assertThat(s.filamentDetected()).isNull();
        assertThat(s.filamentMoving()).isNull();
        // mqtt.md's push_status: chamber_temper 24.0; layer_num and total_layer_num 0 (no job), so absent
        assertThat(s.chamberActual()).isEqualTo(24.0);
        assertThat(s.chamberTarget()).isNull();
        assertThat(s.layer()).isNull();
        assertThat(s.totalLayers()).isNull();
        assertThat(s.errorCode()).isNull();
        assertThat(s.bedPower()).isNull();
        assertThat(s.sensors()).isEmpty();
        assertThat(s.printDuration()).isNull();
        assertThat(s.filamentUsed()).isNull();
    }

    @Test
    void layersOfARunningJob() {
        TelemetrySample s = map("{\"gcode_state\":\"RUNNING\",\"layer_num\":37,\"total_layer_num\":212}");
        assertThat(s.layer()).isEqualTo(37);
        assertThat(s.totalLayers()).isEqualTo(212);
        assertThat(map("{\"layer_num\":\"many\",\"total_layer_num\":1.5}").layer()).isNull();
        assertThat(map("{\"layer_num\":\"many\",\"total_layer_num\":1.5}").totalLayers()).isNull();
    }

    @Test
    void absentFieldsStayAbsentNeverZero() {
        TelemetrySample s = map("{\"gcode_state\":\"RUNNING\"}");
        assertThat(s.state()).isEqualTo(PrinterState.PRINTING);
        assertThat(s.nozzleActual()).isNull();
        assertThat(s.nozzleTarget()).isNull();
        assertThat(s.bedActual()).isNull();
        assertThat(s.bedTarget()).isNull();
        assertThat(s.fanSpeed()).isNull();
        assertThat(s.progress()).isNull();
        assertThat(map("{}").state()).isEqualTo(PrinterState.IDLE);
    }

    @Test
    void wrongTypesAndImpossibleValuesAreAbsent() {
        TelemetrySample s = map("{\"nozzle_temper\":\"hot\",\"bed_temper\":[1],\"cooling_fan_speed\":\"16\","
                + "\"mc_percent\":140,\"nozzle_target_temper\":null}");
        assertThat(s.nozzleActual()).isNull();
        assertThat(s.nozzleTarget()).isNull();
        assertThat(s.bedActual()).isNull();
        assertThat(s.fanSpeed()).isNull();
        assertThat(s.progress()).isNull();
    }

    @Test
    void fanStepsAreAFractionOfFifteen() {
        assertThat(map("{\"cooling_fan_speed\":\"15\"}").fanSpeed()).isEqualTo(1.0);
        assertThat(map("{\"cooling_fan_speed\":\"6\"}").fanSpeed()).isEqualTo(0.4);
        assertThat(map("{\"cooling_fan_speed\":3}").fanSpeed()).isEqualTo(0.2);
    }

    @Test
    void packedTemperaturesCarryTargetInTheHighAndCurrentInTheLowSixteenBits() {
        // ha-bambulab's examples: bed 6553700 = 100 << 16 | 100; nozzle 14418140 = 220 << 16 | 220
        int bed = (60 << 16) | 58;
        int nozzle0 = (220 << 16) | 215;
        int nozzle1 = (0 << 16) | 38;
        TelemetrySample s = map("{\"bed_temper\":20.0,\"nozzle_temper\":21.0,\"device\":{\"bed\":{\"info\":{\"temp\":"
                + bed + "},\"state\":2},\"extruder\":{\"info\":[{\"id\":0,\"temp\":" + nozzle0 + "},{\"id\":1,"
                + "\"temp\":" + nozzle1 + "}],\"state\":2},\"ctc\":{\"info\":{\"temp\":43}}}}");
        assertThat(s.chamberActual()).isEqualTo(43.0); // ctc: the chamber, packed, target 0
        assertThat(s.chamberTarget()).isEqualTo(0.0);
        assertThat(s.bedActual()).isEqualTo(58.0);
        assertThat(s.bedTarget()).isEqualTo(60.0);
        assertThat(s.nozzleActual()).isEqualTo(215.0); // extruder.state bits 4..7 = 0: the first nozzle is active
        assertThat(s.nozzleTarget()).isEqualTo(220.0);
        assertThat(map("{\"device\":{\"bed\":{\"info\":{\"temp\":6553700}}}}").bedActual()).isEqualTo(100.0);
    }

    @Test
    void theActiveNozzleOfATwoNozzlePrinter() {
        int left = (0 << 16) | 40;
        int right = (250 << 16) | 249;
        TelemetrySample s = map("{\"device\":{\"extruder\":{\"info\":[{\"id\":0,\"temp\":" + left + "},{\"id\":1,"
                + "\"temp\":" + right + "}],\"state\":" + ((1 << 4) | 2) + "}}}");
        assertThat(s.nozzleActual()).isEqualTo(249.0);
        assertThat(s.nozzleTarget()).isEqualTo(250.0);
    }

    @Test
    void gcodeStates() {
        assertThat(BambuSample.state("IDLE")).isEqualTo(PrinterState.IDLE);
        assertThat(BambuSample.state("INIT")).isEqualTo(PrinterState.IDLE);
        assertThat(BambuSample.state("PREPARE")).isEqualTo(PrinterState.PRINTING);
        assertThat(BambuSample.state("RUNNING")).isEqualTo(PrinterState.PRINTING);
        assertThat(BambuSample.state("SLICING")).isEqualTo(PrinterState.PRINTING);
        assertThat(BambuSample.state("PAUSE")).isEqualTo(PrinterState.PAUSED);
        assertThat(BambuSample.state("FINISH")).isEqualTo(PrinterState.IDLE);
        assertThat(BambuSample.state("FAILED")).isEqualTo(PrinterState.IDLE);
        assertThat(BambuSample.state("something new")).isEqualTo(PrinterState.IDLE);
        assertThat(BambuSample.state(null)).isEqualTo(PrinterState.IDLE);
    }

    @Test
    void aPrintErrorIsAnErrorWithItsCodeAndText() {
        // ha-bambulab models.py: 117473286 is 0700_8006
        TelemetrySample s = map("{\"gcode_state\":\"PAUSE\",\"print_error\":117473286,\"nozzle_temper\":220.0}");
        assertThat(s.state()).isEqualTo(PrinterState.ERROR);
        assertThat(s.error()).isEqualTo("Bambu Lab print error 0700_8006: filament cannot be fed into the extruder "
                + "(tangled filament, stuck spool or AMS tube)");
        assertThat(s.nozzleActual()).isEqualTo(220.0);
        assertThat(map("{\"print_error\":" + 0x05004099 + "}").error())
                .isEqualTo("Bambu Lab print error 0500_4099");
    }

    @Test
    void aCancelOrAPauseByTheUserIsNoError() {
        // ha-bambulab models.py: a cancelled print sends print_error 50348044 (0300_400C), then 0
        assertThat(map("{\"gcode_state\":\"FAILED\",\"print_error\":50348044}").state()).isEqualTo(PrinterState.IDLE);
        assertThat(map("{\"gcode_state\":\"PAUSE\",\"print_error\":" + 0x03008001 + "}").state())
                .isEqualTo(PrinterState.PAUSED);
        assertThat(map("{\"gcode_state\":\"RUNNING\",\"print_error\":0}").error()).isNull();
        assertThat(map("{\"gcode_state\":\"RUNNING\",\"print_error\":0}").errorCode()).isNull();
        assertThat(map("{\"gcode_state\":\"FAILED\",\"print_error\":50348044}").errorCode()).isNull(); // cancelled
    }

    @Test
    void aFatalHmsMessageIsAnErrorOthersAreListedWithOne() {
        // ha-bambulab models.py: attr 50331904, code 65543 is HMS_0300_0100_0001_0007 (severity 1: fatal)
        TelemetrySample fatal = map("{\"gcode_state\":\"RUNNING\",\"hms\":[{\"attr\":50331904,\"code\":65543}]}");
        assertThat(fatal.state()).isEqualTo(PrinterState.ERROR);
        assertThat(fatal.error()).isEqualTo("Bambu Lab HMS_0300_0100_0001_0007 (fatal)");
        assertThat(fatal.errorCode()).isEqualTo("HMS_0300_0100_0001_0007");

        int common = (3 << 16) | 0x0002;
        TelemetrySample notFatal = map("{\"gcode_state\":\"RUNNING\",\"hms\":[{\"attr\":50331904,\"code\":" + common
                + "}]}");
        assertThat(notFatal.state()).isEqualTo(PrinterState.PRINTING);
        assertThat(notFatal.error()).isNull();
        assertThat(notFatal.errorCode()).isNull();

        TelemetrySample both = map("{\"print_error\":" + 0x03004006 + ",\"hms\":[{\"attr\":50331904,\"code\":"
                + common + "},\"garbage\",{\"attr\":0,\"code\":0}]}");
        assertThat(both.error()).isEqualTo("Bambu Lab print error 0300_4006: the nozzle is clogged; "
                + "HMS_0300_0100_0003_0002 (common)");
        assertThat(both.errorCode()).isEqualTo("0300_4006");
    }

    @Test
    void codesAreShownAsBambuShowsThem() {
        assertThat(BambuSample.printErrorCode(117473286)).isEqualTo("0700_8006");
        assertThat(BambuSample.hmsCode(50331904, 65543)).isEqualTo("0300_0100_0001_0007");
    }
}
