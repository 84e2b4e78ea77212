package carbine.api.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TelemetrySampleTest {
    private static final Instant T = Instant.parse("2026-12-06T03:00:00Z");

    private static TelemetrySample full() {
        return TelemetrySample.builder("p1", T, PrinterState.PRINTING)
                .nozzle(215.0, 215.0).bed(60.0, 60.0).heaterPower(0.4).fan(1.0, 5200.0)
                .filamentDetected(true).filamentMoving(true).progress(42.0).error("e")
                .chamber(38.5, 45.0).bedPower(0.25).sensor("mcu", 41.0).sensor("tmc2209 stepper_x", 55.0)
                .printDuration(3600.5).filamentUsed(1234.5).layer(12, 200).errorCode("0300_4000_0002_0001")
                .build();
    }

    @Test
    void theNewFieldsAreAbsentUnlessSet() {
        TelemetrySample s = TelemetrySample.builder("p1", T, PrinterState.IDLE).nozzle(20.0, 0.0).build();
        assertThat(s.chamberActual()).isNull();
        assertThat(s.chamberTarget()).isNull();
        assertThat(s.bedPower()).isNull();
        assertThat(s.sensors()).isEmpty();
        assertThat(s.printDuration()).isNull();
        assertThat(s.filamentUsed()).isNull();
        assertThat(s.layer()).isNull();
        assertThat(s.totalLayers()).isNull();
        assertThat(s.errorCode()).isNull();
        assertThat(s.toString()).doesNotContain("chamber", "bedPower", "sensors", "duration", "layer", "errorCode");
    }

    @Test
    void toBuilderCopiesEveryFieldAndEqualsComparesThem() {
        TelemetrySample s = full();
        assertThat(s.toBuilder().build()).isEqualTo(s).hasSameHashCodeAs(s);
        assertThat(s.toBuilder().chamber(38.6, 45.0).build()).isNotEqualTo(s);
        assertThat(s.toBuilder().bedPower(null).build()).isNotEqualTo(s);
        assertThat(s.toBuilder().sensor("mcu", 41.5).build()).isNotEqualTo(s);
        assertThat(s.toBuilder().sensors(null).build()).isNotEqualTo(s);
        assertThat(s.toBuilder().printDuration(1.0).build()).isNotEqualTo(s);
        assertThat(s.toBuilder().filamentUsed(1.0).build()).isNotEqualTo(s);
        assertThat(s.toBuilder().layer(13, 200).build()).isNotEqualTo(s);
        assertThat(s.toBuilder().layer(12, null).build()).isNotEqualTo(s);
        assertThat(s.toBuilder().errorCode(null).build()).isNotEqualTo(s);
    }

    @Test
    void toStringShowsThePresentNewFields() {
        assertThat(full().toString()).contains(" errorCode=0300_4000_0002_0001", " chamber=38.5/45.0",
                " bedPower=0.25", " sensors={mcu=41.0, tmc2209 stepper_x=55.0}", " duration=3600.5",
                " filamentUsed=1234.5", " layer=12/200");
    }

    @Test
    void aNaNGivenForANewFieldIsAbsent() {
        TelemetrySample s = TelemetrySample.builder("p1", T, PrinterState.IDLE).chamber(Double.NaN, Double.NaN)
                .bedPower(Double.NaN).printDuration(Double.NaN).filamentUsed(Double.NaN)
                .layer(Integer.MIN_VALUE, 0).build();
        assertThat(s.chamberActual()).isNull();
        assertThat(s.chamberTarget()).isNull();
        assertThat(s.bedPower()).isNull();
        assertThat(s.printDuration()).isNull();
        assertThat(s.filamentUsed()).isNull();
        assertThat(s.layer()).isNull();
        assertThat(s.totalLayers()).isZero();
        assertThat(s).isEqualTo(TelemetrySample.builder("p1", T, PrinterState.IDLE).layer(null, 0).build());
    }

    @Test
    void sensorsAreAnImmutableCopyWithoutNulls() {
        Map<String, Double> given = new HashMap<>();
        given.put("mcu", 40.0);
        given.put("heatbreak", null);
        given.put(null, 1.0);
        TelemetrySample s = TelemetrySample.builder("p1", T, PrinterState.IDLE).sensors(given).build();
        given.put("mcu", 99.0);
        assertThat(s.sensors()).containsExactly(Map.entry("mcu", 40.0));
        assertThatThrownBy(() -> s.sensors().put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(TelemetrySample.builder("p1", T, PrinterState.IDLE).sensors(Map.of()).build().sensors())
                .isSameAs(Map.of());
    }
}
