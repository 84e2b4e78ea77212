package carbine.poller.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

class SampleValidatorTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private final SampleValidator validator = new SampleValidator();

    private static TelemetrySample.Builder sample() {
        return FakeDriver.printing("p", NOW).toBuilder();
    }

    private SampleValidator.Accepted accepted(TelemetrySample s) {
        SampleValidator.Result result = validator.validate("p", s, NOW);
        assertThat(result).isInstanceOf(SampleValidator.Accepted.class);
        return (SampleValidator.Accepted) result;
    }

    private String rejected(TelemetrySample s) {
        SampleValidator.Result result = validator.validate("p", s, NOW);
        assertThat(result).isInstanceOf(SampleValidator.Rejected.class);
        return ((SampleValidator.Rejected) result).reason();
    }

    @Test
    void impossible_values_of_the_api_1_1_fields_are_dropped_the_rest_kept() {
        TelemetrySample clean = sample().chamber(45.0, 50.0).bedPower(0.3).sensor("mcu", 41.0)
                .printDuration(12.0).filamentUsed(34.0).layer(3, 100).errorCode("shutdown").build();
        assertThat(accepted(clean).sample()).isSameAs(clean);

        SampleValidator.Accepted result = accepted(clean.toBuilder().chamber(-300.0, Double.NEGATIVE_INFINITY).bedPower(1.5)
                .sensor("broken", 5000.0).printDuration(-1.0).filamentUsed(Double.POSITIVE_INFINITY)
                .layer(-1, -2).build());

        TelemetrySample s = result.sample();
        assertThat(s.chamberActual()).isNull();
        assertThat(s.chamberTarget()).isNull();
        assertThat(s.bedPower()).isNull();
        assertThat(s.sensors()).containsExactly(java.util.Map.entry("mcu", 41.0));
        assertThat(s.printDuration()).isNull();
        assertThat(s.filamentUsed()).isNull();
        assertThat(s.layer()).isNull();
        assertThat(s.totalLayers()).isNull();
        assertThat(s.errorCode()).isEqualTo("shutdown");
        assertThat(s.nozzleActual()).isEqualTo(clean.nozzleActual());
        assertThat(result.problems()).extracting(SampleValidator.Problem::field).containsExactly("chamber_actual",
                "chamber_target", "bed_power", "sensors.broken", "print_duration", "filament_used", "layer",
                "total_layers");
    }

    @Test
    void a_clean_sample_passes_unchanged() {
        TelemetrySample clean = sample().build();
        SampleValidator.Accepted result = accepted(clean);
        assertThat(result.sample()).isSameAs(clean);
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void absent_fields_stay_absent_and_are_no_problem() {
        TelemetrySample bare = TelemetrySample.builder("p", NOW, PrinterState.IDLE).build();
        assertThat(accepted(bare).problems()).isEmpty();
    }

    @Test
    void not_a_number_and_infinite_values_are_dropped() {
        SampleValidator.Accepted result = accepted(sample().nozzle(Double.NaN, Double.POSITIVE_INFINITY).build());
        assertThat(result.sample().nozzleActual()).isNull();
        assertThat(result.sample().nozzleTarget()).isNull();
        assertThat(result.sample().bedActual()).isEqualTo(59.9);
        assertThat(result.problems()).extracting(Object::toString)
                .containsExactly("nozzle_actual=NaN (not a number)", "nozzle_target=Infinity (infinite)");
    }

    @Test
    void temperatures_below_absolute_zero_or_above_1000_are_dropped() {
        SampleValidator.Accepted result = accepted(sample().bed(-273.16, 1000.5).nozzle(-273.15, 1000.0).build());
        assertThat(result.sample().bedActual()).isNull();
        assertThat(result.sample().bedTarget()).isNull();
        assertThat(result.sample().nozzleActual()).isEqualTo(-273.15);
        assertThat(result.sample().nozzleTarget()).isEqualTo(1000.0);
        assertThat(result.problems()).extracting(SampleValidator.Problem::field).containsExactly("bed_actual", "bed_target");
    }

    @Test
    void fractions_outside_0_to_1_are_dropped_but_rounding_is_tolerated() {
        SampleValidator.Accepted result = accepted(sample().heaterPower(1.0000000001).fan(-0.1, 3000.0).build());
        assertThat(result.sample().heaterPower()).isEqualTo(1.0);
        assertThat(result.sample().fanSpeed()).isNull();
        assertThat(result.sample().fanRpm()).isEqualTo(3000.0);
        assertThat(result.problems()).extracting(Object::toString).containsExactly("fan_speed=-0.1 (outside 0..1)");

        assertThat(accepted(sample().heaterPower(1.01).build()).sample().heaterPower()).isNull();
        assertThat(accepted(sample().heaterPower(-0.0000000001).build()).sample().heaterPower()).isEqualTo(0.0);
    }

    @Test
    void negative_rpm_and_progress_outside_0_to_100_are_dropped() {
        SampleValidator.Accepted result = accepted(sample().fan(0.5, -1.0).progress(100.5).build());
        assertThat(result.sample().fanRpm()).isNull();
        assertThat(result.sample().progress()).isNull();
        assertThat(result.sample().fanSpeed()).isEqualTo(0.5);
        assertThat(result.problems()).extracting(SampleValidator.Problem::field).containsExactly("fan_rpm", "progress");
        assertThat(accepted(sample().progress(-1.0).build()).sample().progress()).isNull();
        assertThat(accepted(sample().progress(100.0).build()).problems()).isEmpty();
    }

    @Test
    void other_fields_survive_a_drop() {
        TelemetrySample s = sample().error("heater fault").state(PrinterState.ERROR).nozzle(Double.NaN, 210.0).build();
        TelemetrySample kept = accepted(s).sample();
        assertThat(kept.error()).isEqualTo("heater fault");
        assertThat(kept.state()).isEqualTo(PrinterState.ERROR);
        assertThat(kept.filamentDetected()).isTrue();
        assertThat(kept.time()).isEqualTo(NOW);
    }

    @Test
    void no_sample_a_foreign_printer_or_the_far_future_is_rejected() {
        assertThat(rejected(null)).contains("no sample");
        assertThat(rejected(sample().printerId("q").build())).contains("'q'", "asked for 'p'");
        assertThat(rejected(sample().time(NOW.plus(Duration.ofDays(1)).plusSeconds(1)).build()))
                .contains("more than a day in the future");
        assertThat(accepted(sample().time(NOW.plus(Duration.ofHours(23))).build()).problems()).isEmpty();
    }
}
