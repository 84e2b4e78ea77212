package carbine.driver.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

class StatusJsonTest {
    private static final Instant RESPONSE_TIME = Instant.parse("2026-11-25T08:00:00Z");
    private static final Instant BODY_TIME = Instant.parse("2026-11-24T10:15:30.250Z");

    @Test
    void readsEveryFieldUnderTheLocalId() throws Exception {
        TelemetrySample sample = StatusJson.parse(Fixtures.ALL_FIELDS, "lab-1", RESPONSE_TIME);

        assertThat(sample).isEqualTo(TelemetrySample.builder("lab-1", BODY_TIME, PrinterState.ERROR)
                .nozzle(215.5, 210.0).bed(60.1, 60.0).heaterPower(0.42).fan(1.0, 5980.0)
                .filamentDetected(true).filamentMoving(false).progress(37.5).error("MAXTEMP: \"hot\" <end>")
                .build());
    }

    /** What the simulator's SampleJson renders for the fields of API 1.1 (its rendersTheFieldsOfApi11). */
    private static final String API_11_FIELDS = "{\"printer_id\":\"printer-1\",\"time\":\"2026-11-24T10:15:30.250Z\","
            + "\"state\":\"ERROR\",\"error_code\":\"OVERHEAT\",\"chamber_actual\":38.25,\"chamber_target\":0.0,"
            + "\"bed_power\":0.31,\"sensors\":{\"mcu\":52.5,\"tmc2209 stepper_x\":61.0},\"print_duration\":754.5,"
            + "\"filament_used\":1520.0,\"layer\":12,\"total_layers\":250}";

    @Test
    void readsTheFieldsOfApi11() throws Exception {
        TelemetrySample sample = StatusJson.parse(API_11_FIELDS, "lab-1", RESPONSE_TIME);

        assertThat(sample).isEqualTo(TelemetrySample.builder("lab-1", BODY_TIME, PrinterState.ERROR)
                .chamber(38.25, 0.0).bedPower(0.31).sensor("mcu", 52.5).sensor("tmc2209 stepper_x", 61.0)
                .printDuration(754.5).filamentUsed(1520.0).layer(12, 250).errorCode("OVERHEAT")
                .build());
    }

    @Test
    void theFieldsOfApi11AreAbsentWhenTheBodyHasNone() throws Exception {
        TelemetrySample sample = StatusJson.parse(Fixtures.SIMULATOR_IDLE_SAMPLE, "p", RESPONSE_TIME);

        assertThat(sample.chamberActual()).isNull();
        assertThat(sample.bedPower()).isNull();
        assertThat(sample.sensors()).isEmpty();
        assertThat(sample.printDuration()).isNull();
        assertThat(sample.filamentUsed()).isNull();
        assertThat(sample.layer()).isNull();
        assertThat(sample.totalLayers()).isNull();
        assertThat(sample.errorCode()).isNull();
    }

    @Test
    void theFieldsOfApi11OfTheWrongTypeAreErrors() {
        assertThatThrownBy(() -> StatusJson.parse("{\"state\":\"IDLE\",\"layer\":1.5}", "p", RESPONSE_TIME))
                .isInstanceOf(BadStatusException.class).hasMessageContaining("layer");
        assertThatThrownBy(() -> StatusJson.parse("{\"state\":\"IDLE\",\"sensors\":[1]}", "p", RESPONSE_TIME))
                .isInstanceOf(BadStatusException.class).hasMessageContaining("sensors");
        assertThatThrownBy(() -> StatusJson.parse("{\"state\":\"IDLE\",\"sensors\":{\"mcu\":\"hot\"}}", "p",
                RESPONSE_TIME)).isInstanceOf(BadStatusException.class).hasMessageContaining("mcu");
    }

    @Test
    void theSimulatorsReadmeExampleParsesToItsValues() throws Exception {
        TelemetrySample sample = StatusJson.parse(Fixtures.SIMULATOR_README_SAMPLE, "printer-1", RESPONSE_TIME);

        assertThat(sample).isEqualTo(TelemetrySample.builder("printer-1", BODY_TIME, PrinterState.PRINTING)
                .nozzle(231.47, 210.0).bed(59.88, 60.0).heaterPower(0.0).fan(1.0, 5987.0)
                .filamentDetected(true).filamentMoving(true).progress(41.3).build());
    }

    @Test
    void absentFieldsStayAbsentAndZerosStayZero() throws Exception {
        TelemetrySample sample = StatusJson.parse(Fixtures.SIMULATOR_IDLE_SAMPLE, "p", RESPONSE_TIME);

        assertThat(sample).isEqualTo(TelemetrySample.builder("p", BODY_TIME, PrinterState.IDLE)
                .nozzle(24.9, 0.0).build());
        assertThat(sample.bedActual()).isNull();
        assertThat(sample.heaterPower()).isNull();
        assertThat(sample.fanRpm()).isNull();
        assertThat(sample.filamentMoving()).isNull();
        assertThat(sample.progress()).isNull();
        assertThat(sample.error()).isNull();
    }

    @Test
    void jsonNullCountsAsAbsent() throws Exception {
        TelemetrySample sample = StatusJson.parse("{\"state\":\"IDLE\",\"fan_rpm\":null,\"error\":null}", "p",
                RESPONSE_TIME);

        assertThat(sample.fanRpm()).isNull();
        assertThat(sample.error()).isNull();
    }

    @Test
    void eventTimeComesFromTheBodyElseFromTheResponse() throws Exception {
        assertThat(StatusJson.parse("{\"state\":\"IDLE\",\"time\":\"2026-11-24T10:15:30.250Z\"}", "p",
                RESPONSE_TIME).time()).isEqualTo(BODY_TIME);
        assertThat(StatusJson.parse("{\"state\":\"IDLE\",\"time\":\"2026-11-24T11:15:30.250+01:00\"}", "p",
                RESPONSE_TIME).time()).isEqualTo(BODY_TIME);
        assertThat(StatusJson.parse("{\"state\":\"IDLE\"}", "p", RESPONSE_TIME).time()).isEqualTo(RESPONSE_TIME);
        assertThat(StatusJson.parse("{\"state\":\"IDLE\",\"time\":\"yesterday\"}", "p", RESPONSE_TIME).time())
                .isEqualTo(RESPONSE_TIME);
        assertThat(StatusJson.parse("{\"state\":\"IDLE\",\"time\":1764000000}", "p", RESPONSE_TIME).time())
                .isEqualTo(RESPONSE_TIME);
    }

    @Test
    void stateIsReadCaseInsensitively() throws Exception {
        assertThat(StatusJson.parse("{\"state\":\"printing\"}", "p", RESPONSE_TIME).state())
                .isEqualTo(PrinterState.PRINTING);
    }

    @Test
    void aMissingOrUnknownStateIsAnError() {
        assertThatThrownBy(() -> StatusJson.parse("{\"nozzle_actual\":20.0}", "p", RESPONSE_TIME))
                .isInstanceOf(BadStatusException.class).hasMessage("field state is missing");
        assertThatThrownBy(() -> StatusJson.parse("{\"state\":\"SLEEPING\"}", "p", RESPONSE_TIME))
                .isInstanceOf(BadStatusException.class)
                .hasMessage("field state = 'SLEEPING' is not one of IDLE, PRINTING, PAUSED, ERROR");
        assertThatThrownBy(() -> StatusJson.parse("{\"state\":\"OFFLINE\"}", "p", RESPONSE_TIME))
                .isInstanceOf(BadStatusException.class).hasMessageContaining("'OFFLINE'");
        assertThatThrownBy(() -> StatusJson.parse("{\"state\":3}", "p", RESPONSE_TIME))
                .isInstanceOf(BadStatusException.class).hasMessage("field state = 3 is not a string");
    }

    @Test
    void valuesOfTheWrongTypeAreErrors() {
        assertThatThrownBy(() -> StatusJson.parse("{\"state\":\"IDLE\",\"nozzle_actual\":\"hot\"}", "p",
                RESPONSE_TIME)).isInstanceOf(BadStatusException.class)
                .hasMessage("field nozzle_actual = \"hot\" is not a number");
        assertThatThrownBy(() -> StatusJson.parse("{\"state\":\"IDLE\",\"fan_rpm\":[1,2]}", "p", RESPONSE_TIME))
                .isInstanceOf(BadStatusException.class).hasMessage("field fan_rpm = [1,2] is not a single value");
        assertThatThrownBy(() -> StatusJson.parse("{\"state\":\"IDLE\",\"filament_moving\":1}", "p", RESPONSE_TIME))
                .isInstanceOf(BadStatusException.class).hasMessage("field filament_moving = 1 is not true or false");
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsAnError() {
        assertThatThrownBy(() -> StatusJson.parse("<html>Bad Gateway</html>", "p", RESPONSE_TIME))
                .isInstanceOf(BadStatusException.class).hasMessageStartingWith("body is not JSON")
                .hasMessageContaining("<html>Bad Gateway</html>");
        assertThatThrownBy(() -> StatusJson.parse("{\"state\":\"IDLE\"} trailing", "p", RESPONSE_TIME))
                .isInstanceOf(BadStatusException.class).hasMessageStartingWith("body is not JSON");
        assertThatThrownBy(() -> StatusJson.parse("{\"state\":\"IDLE\",\"nozzle_actual\":NaN}", "p", RESPONSE_TIME))
                .isInstanceOf(BadStatusException.class).hasMessageStartingWith("body is not JSON");
        assertThatThrownBy(() -> StatusJson.parse("[1,2]", "p", RESPONSE_TIME))
                .isInstanceOf(BadStatusException.class).hasMessage("body is not a JSON object: '[1,2]'");
        assertThatThrownBy(() -> StatusJson.parse("", "p", RESPONSE_TIME))
                .isInstanceOf(BadStatusException.class).hasMessage("body is not a JSON object: ''");
    }

    @Test
    void implausibleNumbersAreLeftToThePoller() throws Exception {
        TelemetrySample sample = StatusJson.parse("{\"state\":\"PRINTING\",\"nozzle_actual\":-500,\"progress\":250}",
                "p", RESPONSE_TIME);

        assertThat(sample.nozzleActual()).isEqualTo(-500.0);
        assertThat(sample.progress()).isEqualTo(250.0);
    }
}
