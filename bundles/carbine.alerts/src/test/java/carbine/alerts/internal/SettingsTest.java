package carbine.alerts.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SettingsTest {
    private final List<String> problems = new ArrayList<>();

    @Test
    void defaultsAreThirtySecondsEach() {
        assertThat(Settings.from(Map.of(), problems::add))
                .isEqualTo(new Settings(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(60)));
        assertThat(problems).isEmpty();
    }

    @Test
    void numbersAndNumericStringsAreRead() {
        Settings s = Settings.from(Map.of("resolveAfterSeconds", 60L, "persistIntervalSeconds", "5"), problems::add);
        assertThat(s).isEqualTo(new Settings(Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(60)));
        assertThat(problems).isEmpty();
    }

    @Test
    void malformedValuesFallBackWithAMessage() {
        Settings s = Settings.from(Map.of("resolveAfterSeconds", "soon", "persistIntervalSeconds", -1), problems::add);
        assertThat(s).isEqualTo(Settings.DEFAULTS);
        assertThat(problems).containsExactlyInAnyOrder(
                "configuration resolveAfterSeconds = 'soon' is not a whole number of seconds >= 0; using the default 30",
                "configuration persistIntervalSeconds = '-1' is not a whole number of seconds >= 0; using the default 30");
    }
}
