package carbine.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import carbine.api.health.HealthReport;
import carbine.api.health.IndicatorHealth;

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
        String json = HealthJson.of(Reports.of(engine.report("p1").orElseThrow(), Settings.DEFAULTS));
        assertThat(json).startsWith("{\"printer\":\"p1\",\"warning\":{\"kind\":\"COMPONENT_WEAR\",\"severity\":\"WARNING\","
                + "\"message\":\"hotend heater needs ")
                .contains("\"key\":\"heater_duty\",\"component\":\"hotend heater\",\"unit\":\"duty/°C\",\"status\":\"WEARING\"")
                .contains("\"daysToLimit\":7,").contains("\"warn\":true")
                .contains("\"daily\":[{\"date\":\"2026-01-");
        assertThat(HealthJson.number(Double.POSITIVE_INFINITY)).isEqualTo("null");
        assertThat(HealthJson.number(0.00217)).isEqualTo("0.00217");
        assertThat(HealthJson.string("a\"b\\c\n<")).isEqualTo("\"a\\\"b\\\\c\\n\\u003c\"");
    }

    @Test
    void theReportTheDashboardDrawsSaysWhichDaysTheTrendIsFittedOn() {
        List<String> warnings = new ArrayList<>();
        HealthEngine engine = new HealthEngine(Settings.DEFAULTS, new HealthFiles(data, warnings::add), Runnable::run,
                warnings::add);
        for (int d = 0; d < 50; d++) {
            HealthEngineTest.day(d, 45, 0.40 + 0.01 * d, 0.3, 6000).forEach(engine::judge);
        }
        HealthReport r = Reports.of(engine.report("p1").orElseThrow(), Settings.DEFAULTS);
        assertThat(r.warning()).startsWith("hotend heater needs ");
        assertThat(r.soonestDays()).isBetween(1.0, 14.0);
        IndicatorHealth heater = r.indicators().stream().filter(i -> i.key().equals("heater_duty")).findFirst()
                .orElseThrow();
        assertThat(heater.status()).isEqualTo(IndicatorHealth.Status.WEARING);
        assertThat(heater.risesWhenWorse()).isTrue();
        // day 49 is still open: the trend ends on the last closed day, day 48
        assertThat(heater.trendDay()).isEqualTo(LocalDate.of(2026, 1, 1).plusDays(48));
        assertThat(heater.daily().stream().filter(IndicatorHealth.DailyValue::fitted).count())
                .isEqualTo(heater.days()).isEqualTo(Settings.DEFAULTS.windowDays());
        // the baseline's first days are kept but not fitted
        assertThat(heater.daily().get(0).date()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(heater.daily().get(0).fitted()).isFalse();
        assertThat(heater.slopeLow()).isLessThanOrEqualTo(heater.slopePerDay());
        assertThat(heater.slopeHigh()).isGreaterThanOrEqualTo(heater.slopePerDay()).isPositive();
        assertThat(heater.daysToLimitLow()).isLessThanOrEqualTo(heater.daysToLimit());
        assertThat(heater.daysToLimitHigh()).isGreaterThanOrEqualTo(heater.daysToLimit());
        assertThat(heater.limit()).isGreaterThan(heater.current());
        assertThat(HealthJson.of(r)).contains("\"trendDay\":\"2026-02-18\"").contains("\"fitted\":true");

        HealthEngine fresh = new HealthEngine(Settings.DEFAULTS, new HealthFiles(data.resolve("fresh"), warnings::add),
                Runnable::run, warnings::add);
        for (int d = 0; d < 3; d++) {
            HealthEngineTest.day(d, 45, 0.40, 0.3, 6000).forEach(fresh::judge);
        }
        HealthReport learning = Reports.of(fresh.report("p1").orElseThrow(), Settings.DEFAULTS);
        assertThat(learning.warning()).isNull();
        assertThat(learning.indicators()).allSatisfy(i -> {
            assertThat(i.status()).isEqualTo(IndicatorHealth.Status.LEARNING);
            assertThat(i.trendDay()).isNull();
            assertThat(i.slopePerDay()).isNaN();
            assertThat(i.daily()).noneMatch(IndicatorHealth.DailyValue::fitted);
        });
    }
}
