package carbine.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

class SampleDetailsTest {
    private static final Instant T = Instant.parse("2026-12-06T03:00:00Z");

    @Test
    void everyPresentValueIsShown() {
        SampleDetails details = new SampleDetails();
        details.update(TelemetrySample.builder("p", T, PrinterState.ERROR).chamber(47.94, 50.0).bedPower(0.641)
                .sensor("raspberry_pi", 52.6).sensor("mcu", 43.14).printDuration(3725.4).filamentUsed(4123.7)
                .layer(37, 240).errorCode("HMS_0300_0100_0001_0007").build());

        assertThat(details.isVisible()).isTrue();
        assertThat(details.text("chamber")).isEqualTo("47.9 °C / 50 °C");
        assertThat(details.text("bed-power")).isEqualTo("64 %");
        assertThat(details.text("sensors")).isEqualTo("mcu 43.1 °C, raspberry_pi 52.6 °C");
        assertThat(details.text("print-duration")).isEqualTo("1 h 02 min");
        assertThat(details.text("filament-used")).isEqualTo("4.12 m");
        assertThat(details.text("layer")).isEqualTo("37 / 240");
        assertThat(details.text("error-code")).isEqualTo("HMS_0300_0100_0001_0007");
    }

    @Test
    void absentValuesShowNothing_notADashOrZero() {
        SampleDetails details = new SampleDetails();
        details.update(TelemetrySample.builder("p", T, PrinterState.PRINTING).nozzle(210.0, 210.0).bed(60.0, 60.0)
                .heaterPower(0.4).progress(10.0).build());

        assertThat(details.isVisible()).isFalse();
        for (String cls : new String[] {"chamber", "bed-power", "sensors", "print-duration", "filament-used", "layer",
                "error-code"}) {
            assertThat(details.text(cls)).as(cls).isNull();
        }

        // a chamber without target, zeros that were reported, a total without the current layer
        details.update(TelemetrySample.builder("p", T, PrinterState.IDLE).chamber(31.5, null).bedPower(0.0)
                .printDuration(0.0).layer(null, 120).build());
        assertThat(details.isVisible()).isTrue();
        assertThat(details.text("chamber")).isEqualTo("31.5 °C / —");
        assertThat(details.text("bed-power")).isEqualTo("0 %");
        assertThat(details.text("print-duration")).isEqualTo("0 s");
        assertThat(details.text("layer")).isEqualTo("— / 120");
        assertThat(details.text("sensors")).isNull();

        details.update(null); // offline
        assertThat(details.isVisible()).isFalse();
        assertThat(details.text("chamber")).isNull();
    }

    @Test
    void durationsAndLengths() {
        assertThat(Format.duration(45.4)).isEqualTo("45 s");
        assertThat(Format.duration(725)).isEqualTo("12 min 05 s");
        assertThat(Format.duration(10_920)).isEqualTo("3 h 02 min");
        assertThat(Format.length(850)).isEqualTo("850 mm");
        assertThat(Format.length(1520)).isEqualTo("1.52 m");
    }
}
