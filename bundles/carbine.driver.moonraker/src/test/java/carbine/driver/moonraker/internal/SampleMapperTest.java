package carbine.driver.moonraker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * Klipper's printer objects to a sample. Field names: Klipper3d/klipper {@code docs/Status_Reference.md}, sections
 * "heater" (temperature, target, power 0..1), "fan" (speed 0..1, rpm), "filament_switch_sensor" /
 * "filament_motion_sensor" (filament_detected, enabled), "print_stats" (state, message), "virtual_sdcard" (progress
 * 0..1), "webhooks" (state, state_message). Klippy states: Moonraker {@code docs/external_api/server.md}
 * "Query Server Info" (ready, startup, shutdown, error, disconnected).
 */
class SampleMapperTest {
    private static final URI WS = URI.create("ws://voron.local:7125/websocket");
    private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");

    private static Map<String, JsonObject> objects(String json) {
        Map<String, JsonObject> map = new LinkedHashMap<>();
        JsonParser.parseString(json).getAsJsonObject().entrySet()
                .forEach(e -> map.put(e.getKey(), e.getValue().getAsJsonObject()));
        return map;
    }

    private static Snapshot ready(String json) {
        return new Snapshot(Snapshot.Link.CONNECTED, null, "ready", null, objects(json));
    }

    private static TelemetrySample map(Snapshot snapshot) throws PrinterUnavailableException {
        return SampleMapper.toSample(snapshot, "voron", NOW, WS);
    }

    @Test
    void everyFieldOfAPrintingPrinter() throws Exception {
        TelemetrySample sample = map(ready("""
                {"webhooks": {"state": "ready", "state_message": "Printer is ready"},
                 "extruder": {"temperature": 209.6, "target": 210.0, "power": 0.43},
                 "heater_bed": {"temperature": 59.9, "target": 60.0, "power": 0.21},
                 "fan": {"speed": 0.8, "rpm": 6120.0},
                 "print_stats": {"state": "printing", "message": "", "filename": "benchy.gcode"},
                 "virtual_sdcard": {"progress": 0.4213, "is_active": true},
                 "filament_switch_sensor runout": {"filament_detected": true, "enabled": true},
                 "filament_motion_sensor encoder": {"filament_detected": true, "enabled": true}}"""));

        assertThat(sample).isEqualTo(TelemetrySample.builder("voron", NOW, PrinterState.PRINTING)
                .nozzle(209.6, 210.0).heaterPower(0.43).bed(59.9, 60.0).bedPower(0.21).fan(0.8, 6120.0)
                .filamentDetected(true).filamentMoving(true).progress(42.13).build());
    }

    /**
     * Status_Reference.md: "print_stats" (print_duration and filament_used in seconds and mm; info.current_layer and
     * info.total_layer, null unless SET_PRINT_STATS_INFO set them), "heater_generic" (temperature, target, power),
     * "temperature_sensor" (temperature, measured_min_temp, measured_max_temp), "temperature_fan" (temperature,
     * target), "tmc drivers" (temperature only on drivers with a temperature register, tmc2240).
     */
    @Test
    void chamberSensorsDurationFilamentAndLayer() throws Exception {
        TelemetrySample sample = map(ready("""
                {"webhooks": {"state": "ready"},
                 "extruder": {"temperature": 250.1, "target": 250.0, "power": 0.52},
                 "heater_bed": {"temperature": 110.2, "target": 110.0, "power": 0.64},
                 "print_stats": {"state": "printing", "message": "", "print_duration": 3605.21,
                                 "filament_used": 4123.7, "info": {"total_layer": 240, "current_layer": 37}},
                 "heater_generic chamber": {"temperature": 47.9, "target": 50.0, "power": 0.9},
                 "temperature_sensor mcu": {"temperature": 43.1, "measured_min_temp": 20.0, "measured_max_temp": 51.0},
                 "temperature_sensor raspberry_pi": {"temperature": 52.6},
                 "temperature_fan electronics": {"temperature": 38.0, "target": 40.0},
                 "tmc2240 stepper_x": {"temperature": 61.5},
                 "tmc2209 stepper_y": {"drv_status": null}}"""));

        assertThat(sample.chamberActual()).isEqualTo(47.9);
        assertThat(sample.chamberTarget()).isEqualTo(50.0);
        assertThat(sample.bedPower()).isEqualTo(0.64);
        assertThat(sample.sensors()).containsOnly(Map.entry("mcu", 43.1), Map.entry("raspberry_pi", 52.6),
                Map.entry("electronics", 38.0), Map.entry("tmc2240 stepper_x", 61.5));
        assertThat(sample.printDuration()).isEqualTo(3605.21);
        assertThat(sample.filamentUsed()).isEqualTo(4123.7);
        assertThat(sample.layer()).isEqualTo(37);
        assertThat(sample.totalLayers()).isEqualTo(240);
        assertThat(sample.errorCode()).isNull();
    }

    @Test
    void aChamberThatIsOnlyASensorHasNoTarget_andLayersNotSetAreAbsent() throws Exception {
        TelemetrySample sample = map(ready("""
                {"print_stats": {"state": "standby", "print_duration": 0.0, "filament_used": 0.0,
                                 "info": {"total_layer": null, "current_layer": null}},
                 "temperature_sensor chamber": {"temperature": 31.5}}"""));

        assertThat(sample.chamberActual()).isEqualTo(31.5);
        assertThat(sample.chamberTarget()).isNull();
        assertThat(sample.sensors()).isEmpty();
        assertThat(sample.layer()).isNull();
        assertThat(sample.totalLayers()).isNull();
        assertThat(sample.printDuration()).isEqualTo(0.0); // reported by Klipper: a value, not absence
        assertThat(sample.bedPower()).isNull(); // no heater_bed
    }

    @Test
    void whatKlipperDoesNotReportStaysAbsent() throws Exception {
        // no tachometer: rpm is null; no filament sensors; no virtual_sdcard, so no print_stats either
        TelemetrySample sample = map(ready("""
                {"webhooks": {"state": "ready"},
                 "extruder": {"temperature": 24.8, "target": 0.0, "power": 0.0},
                 "fan": {"speed": 0.0, "rpm": null}}"""));

        assertThat(sample.state()).isEqualTo(PrinterState.IDLE);
        assertThat(sample.fanSpeed()).isEqualTo(0.0);
        assertThat(sample.fanRpm()).isNull();
        assertThat(sample.bedActual()).isNull();
        assertThat(sample.filamentDetected()).isNull();
        assertThat(sample.filamentMoving()).isNull();
        assertThat(sample.progress()).isNull();
        assertThat(sample.error()).isNull();
    }

    @Test
    void aValueOfTheWrongTypeIsAbsentNotZero() throws Exception {
        TelemetrySample sample = map(ready("{\"extruder\": {\"temperature\": \"hot\", \"target\": 210.0}}"));

        assertThat(sample.nozzleActual()).isNull();
        assertThat(sample.nozzleTarget()).isEqualTo(210.0);
    }

    @ParameterizedTest
    @CsvSource({"standby, IDLE", "printing, PRINTING", "paused, PAUSED", "complete, IDLE", "cancelled, IDLE",
            "error, ERROR", "something_new, IDLE"})
    void printStatsStates(String jobState, PrinterState expected) {
        assertThat(SampleMapper.printerState(jobState)).isEqualTo(expected);
    }

    @Test
    void aFailedJobIsAnErrorWithKlippersMessage() throws Exception {
        TelemetrySample sample = map(ready("""
                {"print_stats": {"state": "error", "message": "Move out of range: 250.000 10.000 0.300 [12.120]"}}"""));

        assertThat(sample.state()).isEqualTo(PrinterState.ERROR);
        assertThat(sample.error()).isEqualTo("Move out of range: 250.000 10.000 0.300 [12.120]");
        assertThat(sample.errorCode()).isEqualTo("print_stats error");
    }

    @Test
    void shutdownIsAnErrorWithTheFirstLineOfKlippersMessageAndNoStaleReadings() throws Exception {
        String message = "Heater extruder not heating at expected rate\nSee the 'verify_heater' section in "
                + "docs/Config_Reference.md\nfor the parameters that control this check.\n\nOnce the underlying "
                + "issue is corrected, use the\n\"FIRMWARE_RESTART\" command to reset the firmware, reload the\n"
                + "config, and restart the host software.\nPrinter is shutdown\n";
        TelemetrySample sample = map(new Snapshot(Snapshot.Link.CONNECTED, null, "shutdown", message,
                objects("{\"extruder\": {\"temperature\": 180.0}}")));

        assertThat(sample.state()).isEqualTo(PrinterState.ERROR);
        assertThat(sample.error()).isEqualTo("Heater extruder not heating at expected rate");
        assertThat(sample.errorCode()).isEqualTo("shutdown");
        assertThat(sample.nozzleActual()).isNull();
    }

    @Test
    void klippyErrorWithoutAMessageSaysSo() throws Exception {
        TelemetrySample sample = map(new Snapshot(Snapshot.Link.CONNECTED, null, "error", null, Map.of()));

        assertThat(sample.state()).isEqualTo(PrinterState.ERROR);
        assertThat(sample.error()).isEqualTo("Klipper reports 'error' (no message)");
        assertThat(sample.errorCode()).isEqualTo("error");
    }

    @Test
    void aShutdownSeenInWebhooksBeforeItsNotificationIsAnErrorAlready() throws Exception {
        TelemetrySample sample = map(ready("""
                {"webhooks": {"state": "shutdown", "state_message": "Lost communication with MCU 'mcu'\\nOnce the underlying issue is corrected"},
                 "extruder": {"temperature": 200.0}}"""));

        assertThat(sample.state()).isEqualTo(PrinterState.ERROR);
        assertThat(sample.error()).isEqualTo("Lost communication with MCU 'mcu'");
    }

    @Test
    void startupAndDisconnectedAreOfflineWithTheReason() {
        assertThatThrownBy(() -> map(new Snapshot(Snapshot.Link.CONNECTED, null, "startup", null, Map.of())))
                .isInstanceOf(PrinterUnavailableException.class)
                .hasMessage("Moonraker at ws://voron.local:7125/websocket answers, but Klipper is starting up "
                        + "(klippy_state 'startup')");
        assertThatThrownBy(() -> map(new Snapshot(Snapshot.Link.CONNECTED, null, "disconnected", null, Map.of())))
                .isInstanceOf(PrinterUnavailableException.class)
                .hasMessageContaining("Klipper is not connected to it (klippy_state 'disconnected')");
    }

    @Test
    void noConnectionIsOfflineWithTheConnectionsReason() {
        assertThatThrownBy(() -> map(new Snapshot(Snapshot.Link.LOST,
                "connection to Moonraker at ws://voron.local:7125/websocket failed: EOF", null, null, Map.of())))
                .isInstanceOf(PrinterUnavailableException.class)
                .hasMessage("connection to Moonraker at ws://voron.local:7125/websocket failed: EOF");
        assertThatThrownBy(() -> map(new Snapshot(Snapshot.Link.CONNECTED, null, null, null, Map.of())))
                .hasMessageContaining("waiting for its answer to server.info");
        assertThatThrownBy(() -> map(new Snapshot(Snapshot.Link.CONNECTED, null, "ready", null, Map.of())))
                .hasMessageContaining("waiting for the printer objects");
    }

    @Test
    void filamentSensorsOfOneKindTogether() {
        assertThat(SampleMapper.sensors(objects("""
                {"filament_switch_sensor a": {"filament_detected": true, "enabled": true},
                 "filament_switch_sensor b": {"filament_detected": false, "enabled": true}}"""),
                SampleMapper.SWITCH_SENSOR_PREFIX)).isFalse();
        assertThat(SampleMapper.sensors(objects("""
                {"filament_switch_sensor a": {"filament_detected": true, "enabled": true},
                 "filament_switch_sensor b": {"filament_detected": false, "enabled": false}}"""),
                SampleMapper.SWITCH_SENSOR_PREFIX)).as("a disabled sensor is left out").isTrue();
        assertThat(SampleMapper.sensors(objects("""
                {"filament_motion_sensor m": {"filament_detected": false, "enabled": true}}"""),
                SampleMapper.SWITCH_SENSOR_PREFIX)).as("a motion sensor is not a switch sensor").isNull();
        assertThat(SampleMapper.sensors(objects("""
                {"filament_motion_sensor m": {"filament_detected": false, "enabled": true}}"""),
                SampleMapper.MOTION_SENSOR_PREFIX)).isFalse();
    }

    @Test
    void aJamShowsAsFilamentPresentButNotMoving() throws Exception {
        // the switch sensor still sees filament, the encoder of the motion sensor stopped turning
        TelemetrySample sample = map(ready("""
                {"print_stats": {"state": "printing"},
                 "filament_switch_sensor runout": {"filament_detected": true, "enabled": true},
                 "filament_motion_sensor encoder": {"filament_detected": false, "enabled": true}}"""));

        assertThat(sample.filamentDetected()).isTrue();
        assertThat(sample.filamentMoving()).isFalse();
    }
}
