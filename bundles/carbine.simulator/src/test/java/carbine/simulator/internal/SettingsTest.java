package carbine.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import carbine.simulator.internal.Settings.Problem;

class SettingsTest {
    private final List<Problem> problems = new ArrayList<>();

    private Settings settings(TestConfig config) {
        return Settings.from(config, problems::add);
    }

    @Test
    void defaultsAreValid() {
        Settings s = settings(new TestConfig());

        assertThat(problems).isEmpty();
        assertThat(s.printerId()).isEqualTo("printer-1");
        assertThat(s.scenario()).isEqualTo(Scenario.OVERHEAT);
        assertThat(s.phaseSeconds()).isEqualTo(60);
        assertThat(s.timeScale()).isEqualTo(1);
        assertThat(s.nozzleTarget()).isEqualTo(210);
        assertThat(s.bedTarget()).isEqualTo(60);
        assertThat(s.name()).isEmpty();
    }

    @Test
    void negativePhaseSecondsFallsBackWithAMessageNamingPropertyAndValue() {
        Settings s = settings(new TestConfig().phaseSeconds(-5));

        assertThat(s.phaseSeconds()).isEqualTo(60);
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.property()).isEqualTo("phaseSeconds");
            assertThat(p.value()).isEqualTo("-5");
            assertThat(p.message()).contains("phaseSeconds", "-5", "> 0", "60");
        });
    }

    @Test
    void unknownScenarioFallsBackToOverheatAndListsTheChoices() {
        Settings s = settings(new TestConfig().scenario("meltdown"));

        assertThat(s.scenario()).isEqualTo(Scenario.OVERHEAT);
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message())
                .contains("scenario", "meltdown", "filament_jam", "overheat"));
    }

    @Test
    void scenarioNamesAreForgiving() {
        assertThat(settings(new TestConfig().scenario(" Heater-Failure ")).scenario())
                .isEqualTo(Scenario.HEATER_FAILURE);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyNumberIsChecked() {
        Settings s = settings(new TestConfig().timeScale(0).nozzleTarget(900).bedTarget(-1)
                .phaseSeconds(Double.NaN));

        assertThat(s.timeScale()).isEqualTo(1);
        assertThat(s.nozzleTarget()).isEqualTo(210);
        assertThat(s.bedTarget()).isEqualTo(60);
        assertThat(s.phaseSeconds()).isEqualTo(60);
        assertThat(problems).extracting(Problem::property)
                .containsExactlyInAnyOrder("timeScale", "nozzleTarget", "bedTarget", "phaseSeconds");
    }

    @Test
    void aFarmLargerThanTheLimitIsRefusedWithAMessageThatSaysHowToRaiseIt() {
        Settings refused = settings(new TestConfig().count(100_000));
        assertThat(refused.count()).isEqualTo(1);
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message())
                .contains("count = '100000'").contains("1 to 10000").contains("carbine.simulator.maxCount"));
        assertThat(Settings.from(new TestConfig().count(100_000), 100_000, problems::add).count()).isEqualTo(100_000);
    }

    @Test
    void farmSizeMustBeAWholeNumberInRange() {
        assertThat(settings(new TestConfig().count(0)).count()).isEqualTo(1);
        assertThat(settings(new TestConfig().count(Settings.DEFAULT_MAX_COUNT + 1)).count()).isEqualTo(1);
        assertThat(problems).extracting(Problem::property).containsExactly("count", "count");
        assertThat(settings(new TestConfig().count(12)).printerIds()).hasSize(12).startsWith("printer-1-0001");
    }

    @Test
    void aBadPrinterIdFallsBack() {
        assertThat(settings(new TestConfig().printerId("my printer/1")).printerId()).isEqualTo("printer-1");
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.property()).isEqualTo("printerId"));
    }

    @Test
    void anUnreadableValueFallsBack() {
        TestConfig config = new TestConfig() {
            @Override
            public double phaseSeconds() {
                throw new IllegalArgumentException("For input string: \"fast\"");
            }
        };
        assertThat(settings(config).phaseSeconds()).isEqualTo(60);
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message()).contains("phaseSeconds", "fast"));
    }

    @Test
    void seedZeroIsDerivedFromThePrinterId() {
        long a = settings(new TestConfig().printerId("a")).seed();
        long b = settings(new TestConfig().printerId("b")).seed();

        assertThat(a).isNotZero().isNotEqualTo(b).isEqualTo(settings(new TestConfig().printerId("a")).seed());
        assertThat(settings(new TestConfig().seed(7)).seed()).isEqualTo(7);
    }
}
