package carbine.driver.replay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import carbine.api.telemetry.PrinterState;

class ReplaySettingsTest {
    private static final Path HOME = Path.of("/opt/carbine");

    private static Map<String, Object> minimal() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("file", "data/nab/x.csv");
        properties.put("printerId", "nab-1");
        return properties;
    }

    @Test
    void defaultsAndARelativeFileFromTheHome() {
        ReplaySettings.Validation validation = ReplaySettings.from(minimal(), HOME);
        assertThat(validation.errors()).isEmpty();
        ReplaySettings settings = validation.settings();
        assertThat(settings.file()).isEqualTo(Path.of("/opt/carbine/data/nab/x.csv"));
        assertThat(settings.printerId()).isEqualTo("nab-1");
        assertThat(settings.field()).isEqualTo(TelemetryField.NOZZLE_ACTUAL);
        assertThat(settings.speed()).isZero();
        assertThat(settings.loop()).isFalse();
        assertThat(settings.state()).isEqualTo(PrinterState.PRINTING);
        assertThat(settings.timeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(settings.driverName()).isEqualTo("replay nab-1");
    }

    @Test
    void readsStringsAsFromACfgFileAndTypedValues() {
        Map<String, Object> properties = minimal();
        properties.put("file", "/data/x.csv");
        properties.put("field", "bed_actual");
        properties.put("speed", "60");
        properties.put("loop", "true");
        properties.put("state", "idle");
        properties.put("timeZone", "Europe/Berlin");
        ReplaySettings settings = ReplaySettings.from(properties, HOME).settings();
        assertThat(settings.file()).isEqualTo(Path.of("/data/x.csv"));
        assertThat(settings.field()).isEqualTo(TelemetryField.BED_ACTUAL);
        assertThat(settings.speed()).isEqualTo(60.0);
        assertThat(settings.loop()).isTrue();
        assertThat(settings.state()).isEqualTo(PrinterState.IDLE);
        assertThat(settings.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));

        properties.put("speed", 2.5);
        properties.put("loop", Boolean.FALSE);
        settings = ReplaySettings.from(properties, HOME).settings();
        assertThat(settings.speed()).isEqualTo(2.5);
        assertThat(settings.loop()).isFalse();
    }

    @Test
    void everyBadValueIsAnErrorNamingTheProperty() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("field", "state");
        properties.put("speed", "-1");
        properties.put("loop", "sometimes");
        properties.put("state", "OFFLINE");
        properties.put("timeZone", "Mars/Olympus");
        ReplaySettings.Validation validation = ReplaySettings.from(properties, HOME);
        assertThat(validation.isValid()).isFalse();
        assertThat(validation.errors()).hasSize(7);
        assertThat(String.join("\n", validation.errors())).contains("property file is missing",
                "property printerId is missing", "property field = 'state' is invalid", "heaterPower (heater_power)",
                "property speed = '-1' is invalid", "property loop = 'sometimes' is invalid",
                "property state = 'OFFLINE' is not a printer state", "property timeZone = 'Mars/Olympus' is invalid");
        assertThat(validation.errors().get(2)).doesNotContain("error (error)");

        properties = minimal();
        properties.put("speed", "fast");
        assertThat(ReplaySettings.from(properties, HOME).errors()).containsExactly(
                "property speed = 'fast' is invalid; it must be 0 (one row per poll) or a number > 0 (a multiple of "
                        + "the data's own time)");
    }
}
