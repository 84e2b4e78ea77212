package carbine.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The component health chart (issue 12) on a printer's page, in a real Carbine: a simulated printer whose heater
 * cartridge ages lives through 60 days 43,200× faster than real time (a day every 2 s), a healthy one through 30. The
 * aging printer's page shows the COMPONENT_WEAR warning and the heater's chart with its daily values, the trend
 * fitted on them, the forecast with its band and the limit; the healthy printer's page shows its indicators steady
 * and no warning.
 */
class HealthChartTest {
    private static final String HEATER = ".component-health .indicator[data-indicator='heater_duty']";

    @Test
    void thePrinterPageChartsTheAgingHeatersTrendForecastAndLimit() throws Exception {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("carbine.poller.cfg", "intervalMillis=100\n");
        conf.put("carbine.simulator-aging.cfg",
                "printerId=aging-1\nscenario=heater_aging\ntimeScale=43200\nstartDaysAgo=60\n");
        conf.put("carbine.simulator-healthy.cfg",
                "printerId=healthy-1\nscenario=normal\ntimeScale=43200\nstartDaysAgo=30\n");
        try (Browser b = new Browser(1366, 1400);
                CarbineProcess carbine = CarbineProcess.start("health-chart", conf, List.of("aging-1", "healthy-1"))) {
            b.open(carbine.base + "/printer/aging-1");
            // 60 simulated days take about 2 minutes here; generous for 2 shared cores
            String summary = Await.until(Duration.ofMinutes(8), "COMPONENT_WEAR on aging-1's page", () -> {
                String t = b.text(".component-health .health-summary");
                return t != null && t.startsWith("COMPONENT_WEAR: hotend heater needs ") ? t : null;
            });
            assertThat(summary).contains("% more power than").containsPattern("limit in about \\d+");
            WebElement svg = Await.until(Duration.ofSeconds(30), "the heater chart with its trend", () -> {
                List<WebElement> s = b.all(HEATER + " svg[data-status='WEARING'], " + HEATER
                        + " svg[data-status='AT_LIMIT']");
                return s.isEmpty() ? null : s.get(0);
            });
            int points = Integer.parseInt(svg.getAttribute("data-points"));
            int fitted = Integer.parseInt(svg.getAttribute("data-fitted"));
            assertThat(fitted).as("days the trend is fitted on (window 14)").isBetween(7, 14);
            assertThat(points).isGreaterThanOrEqualTo(fitted);
            assertThat(svg.findElements(By.cssSelector("circle.day"))).hasSize(points);
            assertThat(svg.findElements(By.cssSelector("circle.day.fitted"))).hasSize(fitted);
            assertThat(svg.findElements(By.cssSelector("line.trend"))).hasSize(1);
            assertThat(svg.findElements(By.cssSelector("polygon.band"))).hasSize(1);
            assertThat(svg.findElements(By.cssSelector("line.limit"))).hasSize(1);
            assertThat(b.text(HEATER + " .indicator-status")).startsWith("hotend heater — ").contains("duty ")
                    .contains(" °C");
            assertThat(b.text(HEATER + " .indicator-message")).contains("Theil–Sen over");
            // drawn, not only in the DOM: the chart has a size on the page
            Number width = (Number) b.js("return arguments[0].getBoundingClientRect().width;", svg);
            assertThat(width.doubleValue()).isGreaterThan(300);
            b.js("arguments[0].scrollIntoView({block: 'center'});", svg);
            b.screenshot("health-chart-aging");
            // the same numbers as the HTTP API: the warning's text
            assertThat(carbine.get("/api/v1/health/aging-1").body()).contains("\"kind\":\"COMPONENT_WEAR\"");

            b.open(carbine.base + "/printer/healthy-1");
            Await.until(Duration.ofMinutes(4), "healthy-1's heater judged (7 days of data)", () -> b.all(
                    ".component-health .indicator[data-indicator='heater_duty'] svg:not([data-status='LEARNING'])")
                    .isEmpty()
                    ? null : true);
            assertThat(b.text(".component-health .health-summary"))
                    .isEqualTo("No part is forecast to reach its limit soon.");
            assertThat(b.all(".component-health g.crossing")).isEmpty();
            assertThat(b.all(".component-health svg[data-status='AT_LIMIT']")).isEmpty();
            b.js("document.querySelector('.component-health').scrollIntoView();");
            b.screenshot("health-chart-healthy");
        }
    }
}
