package carbine.maintenance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SettingsTest {
    private final List<String> problems = new ArrayList<>();

    @Test
    void defaultsComeFromTheConfigAnnotation() {
        Settings s = Settings.from(Map.of(), problems::add);
        assertThat(s.rules().gap()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.rules().coldCelsius()).isEqualTo(50);
        assertThat(s.dueSoonFraction()).isEqualTo(0.10);
        assertThat(s.persistEvery()).isEqualTo(Duration.ofSeconds(10));
        assertThat(problems).isEmpty();
    }

    @Test
    void aMalformedValueIsReportedWithPropertyAndValueAndTheDefaultUsed() {
        Settings s = Settings.from(Map.of("gapSeconds", "soon", "dueSoonPercent", "150", "coldCelsius", "40"),
                problems::add);
        assertThat(s.rules().gap()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.dueSoonFraction()).isEqualTo(0.10);
        assertThat(s.rules().coldCelsius()).isEqualTo(40);
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("gapSeconds", "'soon'", "default 60");
        assertThat(problems.get(1)).contains("dueSoonPercent", "'150'", "default 10");
    }

    @Test
    void aTaskFromItsConfiguration() {
        TaskPlan t = Settings.task(Map.of("service.pid", "x", "name", "nozzle", "every", "300", "unit",
                "printing_hours", "printers", "farm-*, mk4"), problems::add);
        assertThat(t.name()).isEqualTo("nozzle");
        assertThat(t.every()).isEqualTo(300);
        assertThat(t.unit()).isEqualTo(Unit.PRINTING_HOURS);
        assertThat(t.appliesTo("farm-0001")).isTrue();
        assertThat(t.appliesTo("mk4")).isTrue();
        assertThat(t.appliesTo("mk3")).isFalse();
        assertThat(Settings.task(Map.of("name", "belts", "every", 3, "unit", "MONTHS"), problems::add).unit())
                .isEqualTo(Unit.MONTHS);
        assertThat(Settings.task(Map.of("name", "any", "every", "1"), problems::add).appliesTo("x")).isTrue();
        assertThat(problems).isEmpty();
    }

    @Test
    void anUnusableTaskIsIgnoredWithAReason() {
        assertThat(Settings.task(Map.of("every", "300"), problems::add)).isNull();
        assertThat(Settings.task(Map.of("name", "a b", "every", "300"), problems::add)).isNull();
        assertThat(Settings.task(Map.of("name", "nozzle", "every", "-1"), problems::add)).isNull();
        assertThat(Settings.task(Map.of("name", "nozzle"), problems::add)).isNull();
        assertThat(problems).hasSize(4).allSatisfy(p -> assertThat(p).contains("ignored"));
        problems.clear();
        TaskPlan t = Settings.task(Map.of("name", "nozzle", "every", "3", "unit", "fortnights", "printers", "/(/"),
                problems::add);
        assertThat(t.unit()).isEqualTo(Unit.PRINTING_HOURS);
        assertThat(t.appliesTo("anything")).isTrue();
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("unit", "fortnights", "default printing_hours");
        assertThat(problems.get(1)).contains("printers", "/(/");
    }
}
