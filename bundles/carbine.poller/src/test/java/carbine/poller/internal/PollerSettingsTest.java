package carbine.poller.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PollerSettingsTest {
    private final RecordingLog log = new RecordingLog();

    @Test
    void no_configuration_gives_the_defaults() {
        assertThat(PollerSettings.fromProperties(Map.of(), log)).isEqualTo(new PollerSettings(5000, 2000, 3, 120));
        assertThat(log.lines).isEmpty();
    }

    @Test
    void numbers_and_numeric_strings_are_read() {
        PollerSettings s = PollerSettings.fromProperties(Map.of("intervalMillis", 250, "timeoutMillis", " 100 ",
                "offlineAfterFailures", 5L, "historySize", "30"), log);
        assertThat(s).isEqualTo(new PollerSettings(250, 100, 5, 30));
        assertThat(log.lines).isEmpty();
    }

    @Test
    void malformed_values_are_logged_with_property_and_value_and_the_default_is_used() {
        PollerSettings s = PollerSettings.fromProperties(Map.of("intervalMillis", "5s", "timeoutMillis", -1,
                "offlineAfterFailures", 2.5, "historySize", new int[] {1}), log);
        assertThat(s).isEqualTo(PollerSettings.DEFAULTS);
        assertThat(log.contains("WARN", "intervalMillis = '5s' is not a whole number", "default 5000")).isTrue();
        assertThat(log.contains("WARN", "timeoutMillis = -1 is outside", "default 2000")).isTrue();
        assertThat(log.contains("WARN", "offlineAfterFailures = '2.5'", "default 3")).isTrue();
        assertThat(log.contains("WARN", "historySize", "default 120")).isTrue();
    }

    @Test
    void an_interval_below_the_minimum_is_raised_to_it() {
        assertThat(PollerSettings.fromProperties(Map.of("intervalMillis", 10), log).intervalMillis()).isEqualTo(50);
        assertThat(log.contains("WARN", "intervalMillis = 10 is below the minimum; using 50")).isTrue();
        assertThatThrownBy(() -> PollerSettings.DEFAULTS.withIntervalMillis(49))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
