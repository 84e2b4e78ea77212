package carbine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/** The sample in status.json: the same names as the simulator's JSON (its SampleJsonTest). */
class SampleJsonTest {
    private static final Instant T = Instant.parse("2026-11-24T10:15:30.250Z");

    @Test
    void theFieldsOfApi11AreWrittenWhenPresent() {
        JsonObject json = SampleJson.of(TelemetrySample.builder("p", T, PrinterState.ERROR).chamber(38.25, 0.0)
                .bedPower(0.31).sensor("mcu", 52.5).sensor("nan", Double.NaN).printDuration(754.5)
                .filamentUsed(1520.0).layer(12, 250).errorCode("shutdown").build());

        assertThat(json.keySet()).containsExactly("printer_id", "time", "state", "error_code", "chamber_actual",
                "chamber_target", "bed_power", "sensors", "print_duration", "filament_used", "layer", "total_layers");
        assertThat(json.get("error_code").getAsString()).isEqualTo("shutdown");
        assertThat(json.get("chamber_actual").getAsDouble()).isEqualTo(38.25);
        assertThat(json.get("chamber_target").getAsDouble()).isZero();
        assertThat(json.get("bed_power").getAsDouble()).isEqualTo(0.31);
        assertThat(json.getAsJsonObject("sensors").keySet()).containsExactly("mcu"); // NaN: JSON cannot say it
        assertThat(json.getAsJsonObject("sensors").get("mcu").getAsDouble()).isEqualTo(52.5);
        assertThat(json.get("print_duration").getAsDouble()).isEqualTo(754.5);
        assertThat(json.get("filament_used").getAsDouble()).isEqualTo(1520.0);
        assertThat(json.get("layer").getAsInt()).isEqualTo(12);
        assertThat(json.get("total_layers").getAsInt()).isEqualTo(250);
    }

    @Test
    void absentFieldsOfApi11AreLeftOut() {
        JsonObject json = SampleJson.of(TelemetrySample.builder("p", T, PrinterState.IDLE).nozzle(24.9, 0.0).build());

        assertThat(json.keySet()).containsExactly("printer_id", "time", "state", "nozzle_actual", "nozzle_target");
    }
}
