package carbine.detector.likelihood.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import carbine.api.store.TelemetryField;

class SettingsTest {
    private final List<String> problems = new ArrayList<>();

    @Test
    void noConfigurationGivesTheDefaults() {
        assertThat(Settings.from(Map.of(), problems::add)).isEqualTo(Settings.DEFAULTS);
        assertThat(problems).isEmpty();
    }

    @Test
    void theMetatypeDefaultsAreTheSettingsDefaults() throws Exception {
        Map<String, Object> properties = Settings.DEFAULTS.asProperties();
        for (Method m : Config.class.getDeclaredMethods()) {
            assertThat(properties).containsKey(m.getName());
            assertThat(String.valueOf(m.getDefaultValue())).as(m.getName())
                    .isEqualTo(String.valueOf(properties.get(m.getName())));
        }
        assertThat(Config.class.getDeclaredMethods()).hasSize(properties.size());
    }

    @Test
    void valuesAsAConfigurationFileGivesThem() {
        Settings s = Settings.from(Map.of("signalField", "bed_actual", "tailProbability", "1e-6", "restSamples", "50",
                "longWindow", 800L), problems::add);
        assertThat(problems).isEmpty();
        assertThat(s.signalField()).isEqualTo(TelemetryField.BED_ACTUAL);
        assertThat(s.tailProbability()).isEqualTo(1e-6);
        assertThat(s.restSamples()).isEqualTo(50);
        assertThat(s.longWindow()).isEqualTo(800);
    }

    @Test
    void aMalformedValueIsReportedAndDefaulted() {
        Settings s = Settings.from(Map.of("tailProbability", "often", "restSamples", "2.5", "signalField", "colour",
                "shortWindow", 0), problems::add);
        assertThat(s).isEqualTo(Settings.DEFAULTS);
        assertThat(problems).hasSize(4);
        assertThat(problems).anyMatch(p -> p.contains("tailProbability = 'often'") && p.contains("default 1.0E-4"));
        assertThat(problems).anyMatch(p -> p.contains("signalField = 'colour'") && p.contains("nozzleActual"));
    }

    @Test
    void aShortWindowLongerThanTheLongOneIsCut() {
        Settings s = Settings.from(Map.of("shortWindow", 50, "longWindow", 20), problems::add);
        assertThat(s.shortWindow()).isEqualTo(20);
        assertThat(problems).singleElement().asString().contains("shortWindow = 50");
    }

    @Test
    void withIsStrict() {
        assertThatThrownBy(() -> Settings.DEFAULTS.with(Map.of("levels", -3, "restSamples", -1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("restSamples");
    }
}
