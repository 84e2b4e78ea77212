package carbine.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthJsonTest {
    @TempDir
    Path data;

    @Test
    void aWearingPrinterAsJson() {
        List<String> warnings = new ArrayList<>();
        HealthEngine engine = new HealthEngine(Settings.DEFAULTS, new HealthFiles(data, warnings::add), Runnable::run,
                warnings::add);
        for (int d = 0; d < 50; d++) {
            HealthEngineTest.day(d, 45, 0.40 + 0.01 * d, 0.3, 6000).forEach(engine::judge);
        }
        String json = HealthJson.of(engine.report("p1").orElseThrow());
        assertThat(json).startsWith("{\"printer\":\"p1\",\"warning\":{\"kind\":\"COMPONENT_WEAR\",\"severity\":\"WARNING\","
                + "\"message\":\"hotend heater needs ")
                .contains("\"key\":\"heater_duty\",\"component\":\"hotend heater\",\"unit\":\"duty/°C\",\"status\":\"WEARING\"")
                .contains("\"daysToLimit\":7,").contains("\"warn\":true")
                .contains("\"daily\":[{\"date\":\"2026-01-");
        assertThat(HealthJson.number(Double.POSITIVE_INFINITY)).isEqualTo("null");
        assertThat(HealthJson.number(0.00217)).isEqualTo("0.00217");
        assertThat(HealthJson.string("a\"b\\c\n<")).isEqualTo("\"a\\\"b\\\\c\\n\\u003c\"");
    }
}
