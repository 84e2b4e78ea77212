package carbine.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} of the built {@code carbine.jar} (issue 11), checked by Prometheus' own {@code promtool check
 * metrics}: the format and its lint rules (names, suffixes, units, help texts).
 */
class MetricsPromtoolTest {
    @Test
    void promtoolAcceptsWhatCarbineExposes() throws Exception {
        String missing = Promtool.missing();
        assumeTrue(missing == null, missing);
        // a notification channel too, so that its delivery counters are checked (a receiver that is not there)
        Map<String, String> conf = new java.util.LinkedHashMap<>();
        conf.put("carbine.simulator-p1.cfg", "printerId=printer-1\n");
        conf.put("carbine.notify.webhook-promtool.cfg", "url=http://127.0.0.1:9/hook\nname=promtool\n");
        try (CarbineProcess carbine = CarbineProcess.start("metrics", conf, List.of("printer-1"))) {
            // wait for a scrape with every kind of family filled: a printer with readings, a poll cycle observed
            String text = Await.until(Duration.ofSeconds(60), "printer-1's readings and a poll cycle in /metrics", () -> {
                HttpResponse<String> r = carbine.get("/metrics");
                String body = r.body();
                return r.statusCode() == 200
                        && body.contains("carbine_printer_temperature_celsius{heater=\"nozzle\",printer=\"printer-1\"}")
                        && body.contains("carbine_store_writing 1")
                        && !body.contains("carbine_poll_cycle_duration_seconds_count 0")
                        && body.contains("carbine_notify_deliveries_total{channel=\"carbine.notify.webhook~promtool\"}")
                        && body.contains("carbine_notify_delivery_failures_total{channel=\"carbine.notify.webhook~promtool\"}")
                        ? body : null;
            });
            assertThat(text).contains("# TYPE carbine_poll_cycle_duration_seconds histogram");

            Promtool.Result checked = Promtool.checkMetrics(text);
            assertThat(checked.exitCode()).as("promtool check metrics said:%n%s%non:%n%s", checked.output(), text)
                    .isZero();
            assertThat(checked.output()).isBlank();

            // and promtool does say no: the check can fail
            Promtool.Result broken = Promtool.checkMetrics(text + "carbine_printer_online{printer=\"x\" 1\n");
            assertThat(broken.exitCode()).as(broken.output()).isNotZero();
        }
    }
}
