package carbine.detector.iforest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SettingsTest {
    private final List<String> problems = new ArrayList<>();

    @Test
    void noConfigurationGivesTheDefaults() {
        assertThat(Settings.from(Map.of(), problems::add)).isEqualTo(Settings.DEFAULTS);
        assertThat(problems).isEmpty();
    }

    @Test
    void valuesAreReadFromStringsAndNumbers() {
        Settings s = Settings.from(Map.of("trees", "50", "sampleSize", 128, "scope", " Fleet ", "seed", 7L,
                "warmupMinutes", "2.5"), problems::add);

        assertThat(s.trees()).isEqualTo(50);
        assertThat(s.sampleSize()).isEqualTo(128);
        assertThat(s.scope()).isEqualTo(Settings.Scope.FLEET);
        assertThat(s.seed()).isEqualTo(7);
        assertThat(s.warmupMinutes()).isEqualTo(2.5);
        assertThat(problems).isEmpty();
    }

    @Test
    void malformedValuesFallBackWithAClearMessage() {
        Settings s = Settings.from(Map.of("trees", "many", "sampleSize", "1.5", "persistSamples", "2.5", "scope",
                "shelf", "modelPattern", "farm-\\d+"), problems::add);

        assertThat(s.trees()).isEqualTo(100);
        assertThat(s.sampleSize()).isEqualTo(256);
        assertThat(s.persistSamples()).isEqualTo(5);
        assertThat(s.scope()).isEqualTo(Settings.Scope.PRINTER);
        assertThat(problems).containsExactlyInAnyOrder(
                "configuration trees = 'many' is not a whole number between 1 and 1000; using the default 100",
                "configuration sampleSize = '1.5' is not a whole number between 2 and 100000; using the default 256",
                "configuration persistSamples = '2.5' is not a whole number between 1 and 10000; using the default 5",
                "configuration scope = 'shelf' is not 'printer', 'model' or 'fleet'; using the default printer",
                "configuration modelPattern = 'farm-\\d+' has no group to name the model; using the default "
                        + Settings.DEFAULT_MODEL_PATTERN);
        assertThat(s.modelPattern().pattern()).isEqualTo(Settings.DEFAULT_MODEL_PATTERN);
    }

    @Test
    void minimumSamplesAreCappedByTheWindow() {
        Settings s = Settings.from(Map.of("windowSamples", "100", "minSamples", "500"), problems::add);

        assertThat(s.minSamples()).isEqualTo(100);
        assertThat(problems).hasSize(1);
    }
}
