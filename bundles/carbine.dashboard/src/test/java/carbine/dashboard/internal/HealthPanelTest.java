package carbine.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import carbine.api.health.IndicatorHealth;
import carbine.api.health.IndicatorHealth.DailyValue;
import carbine.api.health.IndicatorHealth.Status;

class HealthPanelTest {
    static final LocalDate DAY_0 = LocalDate.of(2026, 11, 1);

    /** A heater that needs 0.0001 duty/°C more every day, 21 days kept of which the last 14 fitted. */
    static IndicatorHealth wearingHeater() {
        List<DailyValue> daily = new ArrayList<>();
        for (int d = 0; d < 21; d++) {
            daily.add(new DailyValue(DAY_0.plusDays(d), 0.003 + 0.0001 * d, 20, d >= 7));
        }
        double current = 0.003 + 0.0001 * 20;
        return new IndicatorHealth("heater_duty", "hotend heater", "duty/°C", Status.WEARING, 14, current,
                "duty 77 % at 210 °C", 0.006, true, DAY_0.plusDays(20), 0.0001, 0.00008, 0.00012, 10, 8.33, 12.5,
                40, true, "hotend heater needs 40 % more power than 13 days ago", daily);
    }

    /** The first number of attribute {@code attribute} of the element of class {@code cls}. */
    private static double attribute(String svg, String cls, String attribute) {
        Matcher m = Pattern.compile("class='" + cls + "'[^>]*? " + attribute + "='([-\\d.]+)'").matcher(svg);
        assertThat(m.find()).as(cls + " " + attribute + " in " + svg).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aWearingHeaterShowsItsDaysTrendForecastBandLimitAndWhereItCrossesTheLimit() {
        String svg = HealthPanel.svg(wearingHeater());
        assertThat(svg).contains("data-indicator='heater_duty'", "data-status='WEARING'", "data-points='21'",
                "data-fitted='14'");
        assertThat(svg.split("<circle class='day fitted'", -1)).hasSize(15);
        assertThat(svg.split("<circle class='day'", -1)).hasSize(8);
        assertThat(svg).contains("<line class='trend'", "<line class='forecast'", "<polygon class='band'",
                "<line class='limit'", "<g class='crossing'>");
        assertThat(svg).contains("limit in about 10 days: 2026-12-01");
        // x runs over 21 kept days and 12.5 days ahead (1.25 × the forecast); the trend starts at the first fitted day
        double perDay = (800 - 64 - 8) / (20 + 12.5);
        assertThat(attribute(svg, "trend", "x1")).isCloseTo(64 + 7 * perDay, org.assertj.core.data.Offset.offset(0.1));
        // the forecast ends where the trend reaches the limit, at the limit's height
        assertThat(attribute(svg, "forecast", "x2")).isCloseTo(64 + 30 * perDay, org.assertj.core.data.Offset.offset(0.1));
        assertThat(attribute(svg, "forecast", "y2")).isCloseTo(attribute(svg, "limit", "y1"),
                org.assertj.core.data.Offset.offset(0.2));
    }

    @Test
    void aLearningIndicatorShowsOnlyItsDays() {
        List<DailyValue> daily = List.of(new DailyValue(DAY_0, 5800, 30, false),
                new DailyValue(DAY_0.plusDays(1), 5790, 30, false));
        IndicatorHealth fan = new IndicatorHealth("fan_rpm", "part fan", "rpm", Status.LEARNING, 2, 5790,
                "5790 rpm at full command", Double.NaN, false, null, Double.NaN, Double.NaN, Double.NaN,
                Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN, false,
                "part fan learning: 2 of 7 days with data", daily);
        String svg = HealthPanel.svg(fan);
        assertThat(svg).contains("data-status='LEARNING'", "data-points='2'", "data-fitted='0'");
        assertThat(svg).doesNotContain("class='trend'", "class='forecast'", "class='band'", "class='limit'",
                "crossing", "NaN", "Infinity");
        assertThat(svg.split("<circle class='day'", -1)).hasSize(3);
    }

    @Test
    void axisNumbersKeepFourSignificantDigits() {
        assertThat(HealthPanel.axisNumber(0.0041666)).isEqualTo("0.004167");
        assertThat(HealthPanel.axisNumber(6000)).isEqualTo("6000");
        assertThat(HealthPanel.axisNumber(1.5)).isEqualTo("1.5");
    }
}
