package carbine.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

class SampleJsonTest {
    private static final Instant TIME = Instant.parse("2026-11-24T10:15:30.250Z");

    @Test
    void rendersEveryFieldInSnakeCase() {
        TelemetrySample sample = TelemetrySample.builder("printer-1", TIME, PrinterState.ERROR)
                .nozzle(215.5, 210.0).bed(60.1, 60.0).heaterPower(0.42).fan(1.0, 5980.0)
                .filamentDetected(true).filamentMoving(false).progress(37.5).error("MAXTEMP: \"hot\" <end>")
                .build();

        JsonObject json = JsonParser.parseString(SampleJson.render(sample)).getAsJsonObject();

        assertThat(json.keySet()).containsExactly("printer_id", "time", "state", "nozzle_actual", "nozzle_target",
                "bed_actual", "bed_target", "heater_power", "fan_speed", "fan_rpm", "filament_detected",
                "filament_moving", "progress", "error");
        assertThat(json.get("printer_id").getAsString()).isEqualTo("printer-1");
        assertThat(json.get("time").getAsString()).isEqualTo("2026-11-24T10:15:30.250Z");
        assertThat(json.get("state").getAsString()).isEqualTo("ERROR");
        assertThat(json.get("nozzle_actual").getAsDouble()).isEqualTo(215.5);
        assertThat(json.get("nozzle_target").getAsDouble()).isEqualTo(210.0);
        assertThat(json.get("heater_power").getAsDouble()).isEqualTo(0.42);
        assertThat(json.get("fan_rpm").getAsDouble()).isEqualTo(5980.0);
        assertThat(json.get("filament_detected").getAsBoolean()).isTrue();
        assertThat(json.get("filament_moving").getAsBoolean()).isFalse();
        assertThat(json.get("progress").getAsDouble()).isEqualTo(37.5);
        assertThat(json.get("error").getAsString()).isEqualTo("MAXTEMP: \"hot\" <end>");
    }

    @Test
    void rendersTheFieldsOfApi11() {
        TelemetrySample sample = TelemetrySample.builder("printer-1", TIME, PrinterState.ERROR)
                .chamber(38.25, 0.0).bedPower(0.31).sensor("mcu", 52.5).sensor("tmc2209 stepper_x", 61.0)
                .printDuration(754.5).filamentUsed(1520.0).layer(12, 250).errorCode("OVERHEAT")
                .build();

        JsonObject json = JsonParser.parseString(SampleJson.render(sample)).getAsJsonObject();

        assertThat(json.keySet()).containsExactly("printer_id", "time", "state", "error_code", "chamber_actual",
                "chamber_target", "bed_power", "sensors", "print_duration", "filament_used", "layer", "total_layers");
        assertThat(json.get("error_code").getAsString()).isEqualTo("OVERHEAT");
        assertThat(json.get("chamber_actual").getAsDouble()).isEqualTo(38.25);
        assertThat(json.get("chamber_target").getAsDouble()).isEqualTo(0.0);
        assertThat(json.get("bed_power").getAsDouble()).isEqualTo(0.31);
        assertThat(json.getAsJsonObject("sensors").get("mcu").getAsDouble()).isEqualTo(52.5);
        assertThat(json.getAsJsonObject("sensors").get("tmc2209 stepper_x").getAsDouble()).isEqualTo(61.0);
        assertThat(json.get("print_duration").getAsDouble()).isEqualTo(754.5);
        assertThat(json.get("filament_used").getAsDouble()).isEqualTo(1520.0);
        assertThat(json.get("layer").getAsInt()).isEqualTo(12);
        assertThat(json.get("total_layers").getAsInt()).isEqualTo(250);
    }

    @Test
    void leavesAbsentFieldsOutAndKeepsZeros() {
        TelemetrySample sample = TelemetrySample.builder("p", TIME, PrinterState.IDLE).nozzle(24.9, 0.0).build();

        String rendered = SampleJson.render(sample);

        assertThat(rendered).isEqualTo("{\"printer_id\":\"p\",\"time\":\"2026-11-24T10:15:30.250Z\","
                + "\"state\":\"IDLE\",\"nozzle_actual\":24.9,\"nozzle_target\":0.0}");
    }

    @Test
    void rendersIdsAndErrors() {
        assertThat(SampleJson.renderPrinterIds(java.util.List.of("a", "b"))).isEqualTo("{\"printers\":[\"a\",\"b\"]}");
        assertThat(SampleJson.renderError(404, "unknown printer: x"))
                .isEqualTo("{\"status\":404,\"message\":\"unknown printer: x\"}");
    }
}
