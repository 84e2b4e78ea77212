package carbine.api.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import carbine.api.alert.Severity;

class FindingTest {
    @Test
    void theBuilderMakesWhatTheConstructorMakes() {
        assertThat(Finding.builder("FAN_FAILURE", Severity.WARNING, "fan slow").score(0.8).build())
                .isEqualTo(new Finding("FAN_FAILURE", Severity.WARNING, "fan slow", 0.8));
        assertThat(Finding.builder("FAN_FAILURE", Severity.WARNING, "fan slow").build())
                .isEqualTo(Finding.of("FAN_FAILURE", Severity.WARNING, "fan slow"));
        assertThat(Finding.builder("FAN_FAILURE", Severity.WARNING, "fan slow").build().score()).isNaN();
    }

    @Test
    void kindSeverityAndMessageAreRequired() {
        assertThatThrownBy(() -> Finding.builder(null, Severity.INFO, "m").build())
                .isInstanceOf(NullPointerException.class).hasMessage("kind");
        assertThatThrownBy(() -> Finding.builder("K", null, "m").build())
                .isInstanceOf(NullPointerException.class).hasMessage("severity");
        assertThatThrownBy(() -> Finding.builder("K", Severity.INFO, null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("message");
    }
}
