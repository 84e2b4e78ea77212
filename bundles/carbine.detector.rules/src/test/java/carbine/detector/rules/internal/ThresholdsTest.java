package carbine.detector.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ThresholdsTest {
    private final List<String> problems = new ArrayList<>();

    @Test
    void noConfigurationGivesTheReferenceDefaults() {
        Thresholds t = Thresholds.from(Map.of(), problems::add);

        assertThat(t).isEqualTo(Thresholds.DEFAULTS);
        assertThat(t.jamSeconds()).isEqualTo(10);
        assertThat(t.hysteresisC()).isEqualTo(5);
        assertThat(t.runawayDropC()).isEqualTo(15);
        assertThat(t.runawayPowerMin()).isEqualTo(0.95);
        assertThat(t.heatingMinRiseC()).isEqualTo(2);
        assertThat(t.heatingWindowSeconds()).isEqualTo(20);
        assertThat(t.nozzleMaxC()).isEqualTo(300);
        assertThat(t.overshootC()).isEqualTo(15);
        assertThat(t.overheatSeconds()).isEqualTo(10);
        assertThat(t.bedMaxC()).isEqualTo(130);
        assertThat(t.fanMinRpm()).isEqualTo(300);
        assertThat(t.fanSeconds()).isEqualTo(5);
        assertThat(problems).isEmpty();
    }

    @Test
    void numbersAndNumericStringsAreRead() {
        Thresholds t = Thresholds.from(Map.of("jamSeconds", 12L, "nozzleMaxC", " 280.5", "fanMinRpm", 100.0f),
                problems::add);

        assertThat(t.jamSeconds()).isEqualTo(12);
        assertThat(t.nozzleMaxC()).isEqualTo(280.5);
        assertThat(t.fanMinRpm()).isEqualTo(100);
        assertThat(problems).isEmpty();
    }

    @Test
    void malformedValuesFallBackToTheDefaultWithAClearMessage() {
        Thresholds t = Thresholds.from(Map.of("jamSeconds", "ten", "runawayPowerMin", 1.5, "bedMaxC", "NaN"),
                problems::add);

        assertThat(t).isEqualTo(Thresholds.DEFAULTS);
        assertThat(problems).containsExactlyInAnyOrder(
                "configuration jamSeconds = 'ten' is not a number between 0 and ∞; using the default 10",
                "configuration runawayPowerMin = '1.5' is not a number between 0 and 1; using the default 0.95",
                "configuration bedMaxC = 'NaN' is not a number between 0 and 1000; using the default 130");
    }
}
