package carbine.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertService;
import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;
import carbine.api.detector.Finding;
import carbine.api.event.CarbineTopics;
import carbine.api.fleet.Fleet;
import carbine.api.fleet.PrinterStatus;
import carbine.api.notify.NotifyTopics;
import carbine.api.store.StoreHealth;
import carbine.api.store.TelemetryStore;
import carbine.api.telemetry.TelemetrySample;

/** The scrape as a whole, with hand-made services. */
class MetricsServletTest {
    static final Instant T = SnapshotsTest.T;

    record FakeFleet(List<PrinterStatus> printers, long cycles) implements Fleet {
        @Override
        public Optional<PrinterStatus> printer(String printerId) {
            return printers.stream().filter(p -> p.printerId().equals(printerId)).findFirst();
        }
    }

    record FakeAlerts(List<Alert> open) implements AlertService {
        @Override
        public void report(String detector, TelemetrySample sample, List<Finding> findings) {}

        @Override
        public Optional<Alert> acknowledge(String alertId, String actor) {
            return Optional.empty();
        }
    }

    /**
     * A store that answers only {@code health()}: a dynamic proxy, so that methods the provider type gains (the API
     * adds them in minor versions) do not break this test.
     */
    static final class FakeStore {
        volatile StoreHealth health = StoreHealth.writing(T, 0);
        volatile RuntimeException failure;

        TelemetryStore service() {
            return (TelemetryStore) Proxy.newProxyInstance(TelemetryStore.class.getClassLoader(),
                    new Class<?>[] {TelemetryStore.class}, (proxy, method, args) -> {
                        if (!method.getName().equals("health")) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        if (failure != null) {
                            throw failure;
                        }
                        return health;
                    });
        }
    }

    static MetricsServlet servlet() {
        return servlet(new FakeStore());
    }

    static MetricsServlet servlet(FakeStore store) {
        MetricsServlet s = new MetricsServlet();
        s.fleet = new FakeFleet(List.of(SnapshotsTest.status("p1", true, SnapshotsTest.printing("p1"), 0)), 7);
        s.alerts = new FakeAlerts(List.of(SnapshotsTest.alert("a1", "OVERHEAT", Severity.WARNING, AlertState.ACTIVE)));
        s.store = store.service();
        return s;
    }

    @Test
    void everySourceInOneScrape() {
        MetricsServlet s = servlet();
        s.handleEvent(new Event(CarbineTopics.POLL_CYCLE, Map.of(CarbineTopics.DURATION_MS, 12L,
                CarbineTopics.FAILURES, 1, CarbineTopics.CYCLE, 7L)));
        s.handleEvent(new Event(NotifyTopics.FAILING, Map.of(NotifyTopics.CHANNEL, "ntfy-phone",
                NotifyTopics.ATTEMPTS, 5)));
        List<String> lines = Text.samples(Text.of(s.scrape()));
        assertThat(lines).contains("carbine_printer_online{printer=\"p1\"} 1.0", "carbine_poll_cycles_total 7.0",
                "carbine_alerts_open{severity=\"WARNING\",state=\"ACTIVE\"} 1.0", "carbine_store_writing 1.0",
                "carbine_poll_cycle_duration_seconds_count 1", "carbine_poll_failures_total 1.0",
                "carbine_notify_channel_failing{channel=\"ntfy-phone\"} 1.0");
        assertThat(lines).noneMatch(l -> l.startsWith("carbine_metrics_scrape_errors_total{"));
    }

    @Test
    void anAbsentServiceLeavesOnlyItsSeriesOut() {
        MetricsServlet s = servlet();
        s.store = null;
        s.fleet = null;
        String text = Text.of(s.scrape());
        assertThat(text).doesNotContain("carbine_store_").doesNotContain("carbine_printer_")
                .doesNotContain("carbine_poll_cycles_total").contains("carbine_alerts_open{")
                .contains("carbine_poll_cycle_duration_seconds_count 0");
    }

    @Test
    void aFailingServiceIsCountedAndTheRestStillComes() {
        FakeStore store = new FakeStore();
        MetricsServlet s = servlet(store);
        store.failure = new IllegalStateException("closed");
        s.scrape();
        List<String> lines = Text.samples(Text.of(s.scrape()));
        assertThat(lines).contains("carbine_metrics_scrape_errors_total{source=\"store\"} 2.0",
                "carbine_printer_online{printer=\"p1\"} 1.0")
                .noneMatch(l -> l.startsWith("carbine_store_"));
        store.failure = null;
        assertThat(Text.samples(Text.of(s.scrape()))).contains("carbine_store_writing 1.0");
    }

    @Test
    void gzipOnlyWhenAccepted() {
        assertThat(MetricsServlet.acceptsGzip(null)).isFalse();
        assertThat(MetricsServlet.acceptsGzip("gzip")).isTrue();
        assertThat(MetricsServlet.acceptsGzip("br, GZIP;q=0.8")).isTrue();
        assertThat(MetricsServlet.acceptsGzip("identity")).isFalse();
        assertThat(MetricsServlet.acceptsGzip("gzip;q=0, identity")).isFalse();
        assertThat(MetricsServlet.acceptsGzip("gzip; q=0.0")).isFalse();
        assertThat(MetricsServlet.acceptsGzip("x-gzip")).isFalse();
    }

    @Test
    void openMetricsOnlyWhenAsked() {
        assertThat(MetricsServlet.writerFor(null).getContentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(MetricsServlet.writerFor("*/*").getContentType()).startsWith("text/plain; version=0.0.4");
        assertThat(MetricsServlet.writerFor("text/plain;version=0.0.4;q=0.5,*/*;q=0.1").getContentType())
                .startsWith("text/plain; version=0.0.4");
        // what Prometheus sends by default
        assertThat(MetricsServlet.writerFor("application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1").getContentType())
                .startsWith("application/openmetrics-text; version=1.0.0");
    }
}
