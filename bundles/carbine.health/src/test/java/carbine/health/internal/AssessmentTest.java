package carbine.health.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class AssessmentTest {
    static final Settings SETTINGS = Settings.DEFAULTS;

    /** Daily means following {@code value(day)}, 20 observations a day, ending at day 100. */
    static List<DayAggregate> days(Indicator indicator, int n, java.util.function.IntToDoubleFunction value) {
        List<DayAggregate> out = new ArrayList<>();
        for (int d = 100 - n + 1; d <= 100; d++) {
            double v = value.applyAsDouble(d);
            out.add(new DayAggregate(d, indicator, 20, 20 * v, 20 * v * v));
        }
        return out;
    }

    @Test
    void linearWearIsForecastToTheDay() {
        // duty per °C rising 0.0001 a day, limit 0.005, now at 0.004: 10 days to go
        List<DayAggregate> days = days(Indicator.HEATER_DUTY, 14, d -> 0.004 + 0.0001 * (d - 100));
        Assessment a = Assessment.of(Indicator.HEATER_DUTY, days, 100, 0.005, SETTINGS, v -> String.valueOf(v));

        assertThat(a.status()).isEqualTo(Assessment.Status.WEARING);
        assertThat(a.current()).isCloseTo(0.004, within(1e-12));
        assertThat(a.daysToLimit()).isCloseTo(10, within(1e-6));
        assertThat(a.daysLow()).isCloseTo(10, within(1e-6));
        assertThat(a.daysHigh()).isCloseTo(10, within(1e-6));
        assertThat(a.warn()).isTrue();
        assertThat(a.changePercent()).isCloseTo(100 * (0.004 / 0.0027 - 1), within(1e-6));
        assertThat(a.message()).startsWith("hotend heater needs 48 % more power than 13 days ago; at this rate it "
                + "reaches its limit in about 10 days (10–10) [now 0.004");
    }

    @Test
    void noisyWearGivesABandAroundTheDate() {
        SplittableRandom random = new SplittableRandom(3);
        List<DayAggregate> days = days(Indicator.HEATER_DUTY, 14,
                d -> 0.004 + 0.0001 * (d - 100) + 0.00005 * random.nextGaussian());
        Assessment a = Assessment.of(Indicator.HEATER_DUTY, days, 100, 0.005, SETTINGS, v -> String.valueOf(v));

        assertThat(a.daysLow()).isLessThan(a.daysToLimit());
        assertThat(a.daysHigh()).isGreaterThan(a.daysToLimit());
        assertThat(a.daysToLimit()).isBetween(6.0, 15.0);
        assertThat(a.message()).containsPattern("reaches its limit in about \\d+ days \\(\\d+–\\d+\\)");
    }

    @Test
    void afallingFanIsWearToo() {
        List<DayAggregate> days = days(Indicator.FAN_RPM, 14, d -> 5000 - 100 * (d - 100));
        Assessment a = Assessment.of(Indicator.FAN_RPM, days, 100, 4000, SETTINGS, v -> String.valueOf(v));
        assertThat(a.daysToLimit()).isCloseTo(10, within(1e-6));
        assertThat(a.warn()).isTrue();
        assertThat(a.message()).startsWith("part fan reaches 21 % fewer rpm than 13 days ago");
    }

    @Test
    void beyondTheHorizonIsNoWarning() {
        List<DayAggregate> days = days(Indicator.HEATER_DUTY, 14, d -> 0.004 + 0.00001 * (d - 100));
        Assessment a = Assessment.of(Indicator.HEATER_DUTY, days, 100, 0.005, SETTINGS, v -> String.valueOf(v));
        assertThat(a.daysToLimit()).isCloseTo(100, within(1e-6));
        assertThat(a.status()).isEqualTo(Assessment.Status.WEARING);
        assertThat(a.warn()).isFalse();
    }

    @Test
    void aSteadyNoisyIndicatorIsNotWearEvenWhenItsMedianSlopeLeans() {
        SplittableRandom random = new SplittableRandom(11);
        int warnings = 0;
        for (int run = 0; run < 500; run++) {
            List<DayAggregate> days = days(Indicator.HEATER_DUTY, 14, d -> 0.0045 + 0.0002 * random.nextGaussian());
            Assessment a = Assessment.of(Indicator.HEATER_DUTY, days, 100, 0.005, SETTINGS, v -> String.valueOf(v));
            if (a.warn()) {
                warnings++;
            }
        }
        // the band's milder edge must point to the limit: at 90 % two-sided, about 5 % of pure noise does
        assertThat(warnings).isLessThan(50);
    }

    @Test
    void atTheLimitAlwaysWarns() {
        List<DayAggregate> days = days(Indicator.TEMP_NOISE, 14, d -> 1.6);
        Assessment a = Assessment.of(Indicator.TEMP_NOISE, days, 100, 1.5, SETTINGS, v -> String.valueOf(v));
        assertThat(a.status()).isEqualTo(Assessment.Status.AT_LIMIT);
        assertThat(a.warn()).isTrue();
        assertThat(a.message()).startsWith("hotend thermistor has reached its limit");
    }

    @Test
    void tooFewDaysOrNoLimitIsLearning() {
        Assessment few = Assessment.of(Indicator.HEATER_DUTY, days(Indicator.HEATER_DUTY, 6, d -> 0.004), 100, 0.005,
                SETTINGS, v -> String.valueOf(v));
        assertThat(few.status()).isEqualTo(Assessment.Status.LEARNING);
        assertThat(few.message()).isEqualTo("hotend heater learning: 6 of 7 days with data");
        Assessment noLimit = Assessment.of(Indicator.FAN_RPM, days(Indicator.FAN_RPM, 10, d -> 5000), 100, Double.NaN,
                SETTINGS, v -> String.valueOf(v));
        assertThat(noLimit.status()).isEqualTo(Assessment.Status.LEARNING);
    }

    @Test
    void settingsFallBackWithALineNamingPropertyAndValue() {
        List<String> problems = new ArrayList<>();
        Settings s = Settings.from(Map.of("horizonDays", "soon", "windowDays", "21", "confidence", 2.0), problems::add);
        assertThat(s.windowDays()).isEqualTo(21);
        assertThat(s.horizonDays()).isEqualTo(14);
        assertThat(s.confidence()).isEqualTo(0.9);
        assertThat(problems).containsExactly(
                "configuration carbine.health: property horizonDays = 'soon' is invalid (a number from 0.001 to 3650); using the default 14",
                "configuration carbine.health: property confidence = '2.0' is invalid (a number from 0.5 to 0.999); using the default 0.9");
    }
}
