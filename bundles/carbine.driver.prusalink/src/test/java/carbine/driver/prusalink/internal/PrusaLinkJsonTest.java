package carbine.driver.prusalink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * {@code GET /api/v1/status} shapes as prusa3d/Prusa-Link-Web spec/openapi.yaml describes them (Status,
 * StatusPrinter, StatusJob; only {@code printer.state} is required) and as the Buddy firmware's
 * lib/WUI/nhttp/status_renderer.cpp sends them (fans in RPM, {@code axis_x}/{@code axis_y} only when not printing).
 */
class PrusaLinkJsonTest {
    private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");

    /** A printing MK4 as the spec's example and the firmware's renderer shape it. */
    static final String PRINTING = """
            {
              "job": {"id": 297, "progress": 91, "time_remaining": 1560, "time_printing": 1141},
              "storage": {"path": "/usb/", "name": "usb", "read_only": false},
              "printer": {
                "state": "PRINTING", "temp_nozzle": 214.9, "target_nozzle": 215, "temp_bed": 60.1,
                "target_bed": 60, "axis_z": 2.4, "flow": 100, "speed": 100, "fan_hotend": 6887, "fan_print": 4950
              }
            }""";

    private static TelemetrySample read(String body) throws PrusaLinkException {
        return PrusaLinkJson.sample("mk4", NOW, body);
    }

    private static String printer(String state, String extra) {
        return "{\"printer\":{\"state\":\"" + state + "\",\"temp_nozzle\":24.8,\"temp_bed\":23.1" + extra + "}}";
    }

    @Test
    void aPrintingPrinterHasTemperaturesTheFanRpmAndProgress() throws Exception {
        assertThat(read(PRINTING)).isEqualTo(TelemetrySample.builder("mk4", NOW, PrinterState.PRINTING)
                .nozzle(214.9, 215.0).bed(60.1, 60.0).fan(null, 4950.0).progress(91.0).printDuration(1141.0)
                .build());
    }

    @Test
    void whatTheStatusDoesNotCarryStaysAbsent() throws Exception {
        TelemetrySample sample = read(PRINTING);
        assertThat(sample.chamberActual()).isNull();
        assertThat(sample.bedPower()).isNull();
        assertThat(sample.sensors()).isEmpty();
        assertThat(sample.filamentUsed()).isNull();
        assertThat(sample.layer()).isNull();
        assertThat(sample.totalLayers()).isNull();
        assertThat(sample.errorCode()).isNull();
        assertThatThrownBy(() -> read("{\"printer\":{\"state\":\"IDLE\"},\"job\":{\"time_printing\":\"long\"}}"))
                .isInstanceOf(PrusaLinkException.class).hasMessageContaining("job.time_printing");
    }

    @Test
    void onlyTheStateIsRequired() throws Exception {
        assertThat(read("{\"printer\":{\"state\":\"IDLE\"}}"))
                .isEqualTo(TelemetrySample.builder("mk4", NOW, PrinterState.IDLE).build());
    }

    @Test
    void theNineStatesMapAsDocumented() throws Exception {
        assertThat(read(printer("IDLE", "")).state()).isEqualTo(PrinterState.IDLE);
        assertThat(read(printer("READY", "")).state()).isEqualTo(PrinterState.IDLE);
        assertThat(read(printer("FINISHED", "")).state()).isEqualTo(PrinterState.IDLE);
        assertThat(read(printer("STOPPED", "")).state()).isEqualTo(PrinterState.IDLE);
        // BUSY: homing, calibrating, loading filament -- no print, so IDLE
        assertThat(read(printer("BUSY", "")).state()).isEqualTo(PrinterState.IDLE);
        assertThat(read(printer("PRINTING", "")).state()).isEqualTo(PrinterState.PRINTING);
        assertThat(read(printer("PAUSED", "")).state()).isEqualTo(PrinterState.PAUSED);
        assertThat(read(printer("ERROR", "")).state()).isEqualTo(PrinterState.ERROR);
        assertThat(read(printer("ATTENTION", "")).state()).isEqualTo(PrinterState.PAUSED);
    }

    @Test
    void anErrorCarriesThePrintersMessage() throws Exception {
        TelemetrySample s = read(printer("ERROR",
                ",\"status_printer\":{\"ok\":false,\"message\":\"MINTEMP heater error\"}"));

        assertThat(s.state()).isEqualTo(PrinterState.ERROR);
        assertThat(s.error()).isEqualTo("MINTEMP heater error");
        assertThat(read(printer("ERROR", "")).error()).isEqualTo("PrusaLink reports ERROR");
    }

    @Test
    void attentionIsPausedWithAnAttentionTextNotAnError() throws Exception {
        TelemetrySample s = read("{\"job\":{\"id\":3,\"progress\":55},\"printer\":{\"state\":\"ATTENTION\","
                + "\"status_printer\":{\"ok\":true,\"message\":\"Filament runout\"}}}");

        assertThat(s.state()).isEqualTo(PrinterState.PAUSED);
        assertThat(s.error()).isEqualTo("attention: Filament runout");
        assertThat(s.progress()).isEqualTo(55.0);
        assertThat(read(printer("ATTENTION", "")).error())
                .isEqualTo("attention: the printer waits for an answer on its screen");
        // the spelling of the enum in some revisions of spec/openapi.yaml
        assertThat(read(printer("ATTTENTION", "")).state()).isEqualTo(PrinterState.PAUSED);
    }

    @Test
    void unknownFieldsAndTransferShapesAreIgnored() throws Exception {
        // the spec says transfer.data_transferred, the firmware sends transferred: neither is read
        String body = "{\"printer\":{\"state\":\"IDLE\",\"new_field\":[1,2]},\"transfer\":{\"id\":1,"
                + "\"transferred\":100},\"camera\":{\"id\":\"x\"}}";
        assertThat(read(body).state()).isEqualTo(PrinterState.IDLE);
    }

    @Test
    void malformedAnswersAreNamed() {
        assertThatThrownBy(() -> read("<html>Prusa</html>")).isInstanceOf(PrusaLinkException.class)
                .hasMessageStartingWith("body is not JSON").hasMessageContaining("<html>Prusa</html>");
        assertThatThrownBy(() -> read("[1]")).hasMessage("body is not a JSON object: '[1]'");
        assertThatThrownBy(() -> read("{\"job\":{}}")).hasMessage("field printer is missing: '{\"job\":{}}'");
        assertThatThrownBy(() -> read("{\"printer\":{}}")).hasMessage("field printer.state is missing");
        assertThatThrownBy(() -> read(printer("SLEEPING", ""))).hasMessageStartingWith(
                "field printer.state = 'SLEEPING' is not a PrusaLink state");
        assertThatThrownBy(() -> read("{\"printer\":{\"state\":\"IDLE\",\"temp_bed\":\"hot\"}}"))
                .hasMessage("field printer.temp_bed = \"hot\" is not a number");
        assertThatThrownBy(() -> read("{\"printer\":{\"state\":\"IDLE\"},\"job\":{\"progress\":150}}"))
                .hasMessage("field job.progress = 150.0 is not a percentage 0..100");
        assertThatThrownBy(() -> read("{\"printer\":{\"state\":\"IDLE\"}} trailing"))
                .hasMessageStartingWith("body is not JSON");
    }
}
