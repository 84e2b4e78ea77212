package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertService;
import carbine.api.alert.Severity;
import carbine.api.notify.Notifications;
import carbine.api.telemetry.PrinterState;

/**
 * {@code /metrics} of a running Carbine scraped over HTTP (issue 11) and read with a strict parser of the text format:
 * a printer's series come and go with it, alerts, poll cycles, the store and a failing notification channel show,
 * OpenMetrics on request, the login of an exposed Carbine applies, the Prometheus client stays inside its bundle.
 */
class MetricsTest {
    static final String TEXT_0_0_4 = "text/plain; version=0.0.4; charset=utf-8";

    @InjectService(timeout = 10_000)
    HttpServiceRuntime http;
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    AlertService alerts;
    @InjectBundleContext
    BundleContext context;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;

    @BeforeEach
    void setUp() throws Exception {
        base = Carbines.httpBase(http);
        Carbines.pollEvery(cm, 200, "timeoutMillis", 500);
        Await.until(() -> assertThat(get(null, null).headers().firstValue("Content-Type")).hasValue(TEXT_0_0_4));
    }

    @Test
    void aPrinterAppearsWithItsReadingsAndGoesAwayWithIt() throws Exception {
        String id = Carbines.printerId("metrics");
        Configuration printer = Carbines.simulator(cm, id, "scenario", "normal", "nozzleTarget", 205.0);
        try {
            PrometheusText m = Await.value(() -> {
                PrometheusText t = scrape();
                return t.value("carbine_printer_temperature_celsius", "heater", "nozzle", "printer", id) != null
                        && t.value("carbine_printer_target_temperature_celsius", "heater", "bed", "printer", id) != null
                                ? t : null;
            });
            assertThat(m.value("carbine_printer_online", "printer", id)).isEqualTo(1.0);
            assertThat(m.value("carbine_printer_consecutive_failures", "printer", id)).isEqualTo(0.0);
            assertThat(m.withLabel("printer", id)).filteredOn(k -> k.startsWith("carbine_printer_info{")).singleElement()
                    .satisfies(k -> assertThat(m.series.get(k)).isEqualTo(1.0));
            double ones = 0;
            for (PrinterState s : PrinterState.values()) {
                Double v = m.value("carbine_printer_state", "printer", id, "state", s.name());
                assertThat(v).as("state %s", s).isIn(0.0, 1.0);
                ones += v;
            }
            assertThat(ones).as("exactly one current state").isEqualTo(1.0);
            assertThat(m.value("carbine_printer_state", "printer", id, "state", "OFFLINE")).isEqualTo(0.0);
            assertThat(m.value("carbine_printer_temperature_celsius", "heater", "nozzle", "printer", id))
                    .isBetween(-50.0, 400.0);
            assertThat(m.value("carbine_printer_last_sample_timestamp_seconds", "printer", id))
                    .isCloseTo(System.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(60.0));
            assertThat(m.types).containsEntry("carbine_printer_online", "gauge")
                    .containsEntry("carbine_poll_cycle_duration_seconds", "histogram")
                    .containsEntry("carbine_poll_cycles_total", "counter");

            printer.delete();
            printer = null;
            Await.until(() -> assertThat(scrape().withLabel("printer", id)).as("a removed printer's series").isEmpty());
        } finally {
            if (printer != null) {
                printer.delete();
            }
        }
    }

    @Test
    void alertsPollCyclesAndTheStore() throws Exception {
        String id = Carbines.printerId("metrics-alert");
        // phases of 2 s: IDLE, PRINTING, ANOMALY, then ERROR about 6 s after start: a CRITICAL HARD_FAILURE
        Configuration printer = Carbines.simulator(cm, id, "phaseSeconds", 2.0, "scenario", "overheat", "seed", 7L);
        try {
            Await.until(Duration.ofSeconds(40), () -> {
                PrometheusText m = scrape();
                long hardFailures = alerts.open().stream().filter(a -> a.kind().equals("HARD_FAILURE")).count();
                long criticalActive = alerts.open().stream().filter(a -> a.severity().name().equals("CRITICAL")
                        && a.state().name().equals("ACTIVE")).count();
                assertThat(alerts.open()).anySatisfy(a -> assertThat(a.printerId()).isEqualTo(id));
                assertThat(m.value("carbine_alerts_open_by_kind", "kind", "HARD_FAILURE")).isEqualTo((double) hardFailures);
                assertThat(m.value("carbine_alerts_open", "severity", "CRITICAL", "state", "ACTIVE"))
                        .isEqualTo((double) criticalActive).isGreaterThanOrEqualTo(1.0);
            });
            PrometheusText m = scrape();
            assertThat(m.value("carbine_alerts_open", "severity", "INFO", "state", "ACKNOWLEDGED")).isNotNull();
            assertThat(m.value("carbine_store_writing")).isEqualTo(1.0);
            assertThat(m.value("carbine_store_status", "status", "WRITING")).isEqualTo(1.0);
            assertThat(m.value("carbine_store_rows_waiting")).isGreaterThanOrEqualTo(0.0);

            double cycles = m.value("carbine_poll_cycles_total");
            double observed = m.value("carbine_poll_cycle_duration_seconds_count");
            Await.until(() -> {
                PrometheusText later = scrape();
                assertThat(later.value("carbine_poll_cycles_total")).isGreaterThan(cycles);
                assertThat(later.value("carbine_poll_cycle_duration_seconds_count")).isGreaterThan(observed);
                assertThat(later.value("carbine_poll_cycle_duration_seconds_sum")).isGreaterThan(0.0);
            });
        } finally {
            printer.delete();
        }
    }

    @Test
    void aFailingNotificationChannelAndItsRecovery() throws Exception {
        String id = Carbines.printerId("metrics-notify");
        Configuration retries = cm.getConfiguration("carbine.notify", "?");
        retries.update(Carbines.props("retryInitialSeconds", 1L, "retryMaxSeconds", 1L, "failingAttempts", 2,
                "failingSeconds", 1L));
        try (SwitchableReceiver receiver = new SwitchableReceiver()) {
            Configuration hook = cm.getFactoryConfiguration("carbine.notify.webhook", id, "?");
            hook.update(Carbines.props("url", receiver.url(), "printers", id, "groupWaitSeconds", 1L,
                    "minSeverity", "WARNING"));
            String channel = hook.getPid();
            Configuration printer = Carbines.simulator(cm, id, "phaseSeconds", 2.0, "scenario", "overheat", "seed", 7L);
            try {
                Await.until(Duration.ofSeconds(60), () -> {
                    PrometheusText m = scrape();
                    assertThat(m.value("carbine_notify_channel_failing", "channel", channel)).isEqualTo(1.0);
                    assertThat(m.value("carbine_notify_channel_failed_attempts", "channel", channel))
                            .isGreaterThanOrEqualTo(2.0);
                    assertThat(m.value("carbine_notify_channel_failing_episodes_total", "channel", channel))
                            .isEqualTo(1.0);
                });
                assertThat(receiver.refused.get()).isGreaterThanOrEqualTo(2);
                // the failing channel raises its own alert through the alert service, naming the channel
                Alert own = Await.value(Duration.ofSeconds(30), () -> alerts.open().stream()
                        .filter(a -> a.kind().equals(Notifications.CHANNEL_FAILING) && a.printerId().equals(channel))
                        .findFirst().orElse(null));
                assertThat(own.severity()).isEqualTo(Severity.WARNING);
                assertThat(own.detector()).isEqualTo(Notifications.DETECTOR);
                assertThat(own.message()).contains("keeps failing", "HTTP 503");
                assertThat(scrape().value("carbine_notify_delivery_failures_total", "channel", channel))
                        .isGreaterThanOrEqualTo(2.0);
                assertThat(scrape().value("carbine_notify_deliveries_total", "channel", channel)).isEqualTo(0.0);

                receiver.accepting = true;
                Await.until(Duration.ofSeconds(30), () -> {
                    PrometheusText m = scrape();
                    assertThat(m.value("carbine_notify_channel_failing", "channel", channel)).isEqualTo(0.0);
                    assertThat(m.value("carbine_notify_channel_recoveries_total", "channel", channel)).isEqualTo(1.0);
                    assertThat(m.value("carbine_notify_deliveries_total", "channel", channel))
                            .isGreaterThanOrEqualTo(1.0);
                    assertThat(m.value("carbine_notify_messages_waiting", "channel", channel)).isEqualTo(0.0);
                });
                // and the alert resolves once the channel delivers (after the alert service's resolveAfterSeconds)
                Await.until(Duration.ofSeconds(90), () -> assertThat(alerts.open())
                        .noneMatch(a -> a.id().equals(own.id())));
            } finally {
                printer.delete();
                hook.delete();
            }
        } finally {
            retries.delete();
        }
    }

    @Test
    void openMetricsWhenAsked() throws Exception {
        HttpResponse<String> r = get("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(r.body()).endsWith("# EOF\n").contains("# UNIT carbine_poll_cycle_duration_seconds seconds");

        HttpResponse<String> plain = get("text/plain", null);
        assertThat(plain.headers().firstValue("Content-Type")).hasValue(TEXT_0_0_4);
        assertThat(plain.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(plain.body()).doesNotContain("<html").doesNotContain("# EOF");
        PrometheusText.parse(plain.body());
    }

    @Test
    void gzipWhenAccepted() throws Exception {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(base + "metrics"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String text;
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(r.body()))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(PrometheusText.parse(text).types).containsEntry("carbine_poll_cycle_duration_seconds", "histogram");
        assertThat(get(null, null).headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void anExposedCarbineAsksForTheLoginHereToo() throws Exception {
        Configuration security = cm.getConfiguration("carbine.http.security", "?");
        try {
            security.update(Carbines.props("login", "always"));
            Await.until(() -> assertThat(get(null, null).statusCode()).isEqualTo(401));
            assertThat(get(null, "admin:wrong-password").statusCode()).isEqualTo(401);
            HttpResponse<String> in = get(null, WebConsole.CREDENTIALS);
            assertThat(in.statusCode()).isEqualTo(200);
            PrometheusText.parse(in.body());
        } finally {
            security.delete();
        }
        Await.until(() -> assertThat(get(null, null).statusCode()).as("open again on loopback").isEqualTo(200));
    }

    @Test
    void thePrometheusClientStaysInsideTheBundle() {
        Bundle metrics = null;
        for (Bundle b : context.getBundles()) {
            if ("carbine.metrics".equals(b.getSymbolicName())) {
                metrics = b;
            }
        }
        assertThat(metrics).isNotNull();
        assertThat(metrics.getState()).isEqualTo(Bundle.ACTIVE);
        String imports = metrics.getHeaders().get("Import-Package");
        assertThat(imports).contains("carbine.api.fleet").doesNotContain("io.prometheus")
                .doesNotContain("io.opentelemetry").doesNotContain("javax.annotation").doesNotContain("protobuf");
        assertThat(metrics.getHeaders().get("Export-Package")).isNull();
        assertThat(metrics.getEntry("io/prometheus/metrics/expositionformats/PrometheusTextFormatWriter.class")).isNotNull();
    }

    /** The parser used above must be able to say no. */
    @Test
    void theParserRejectsMalformedText() {
        String ok = "# HELP a_total A.\n# TYPE a_total counter\na_total{x=\"1\"} 2.0\n";
        assertThat(PrometheusText.parse(ok).value("a_total", "x", "1")).isEqualTo(2.0);
        for (String bad : new String[] {
                "a_total 2.0",                                                    // no final line feed
                "a{x=\"1\"} 1\na{x=\"1\"} 2\n",                                   // a series twice
                "a{x=1} 1\n",                                                     // unquoted label value
                "a{x=\"1\",x=\"2\"} 1\n",                                         // a label twice
                "a 1.0.0\n",                                                      // not a float
                "1a 1\n",                                                         // bad name
                "a 1\nb 1\na{y=\"2\"} 1\n",                                       // a family split in two
                "a 1\n# TYPE a gauge\n",                                          // TYPE after samples
                "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 1\n",
                "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\nh_sum 1\n", // no +Inf
                "# TYPE g gaugeish\ng 1\n",
                "a{x=\"bad \\q escape\"} 1\n" }) {
            assertThatThrownBy(() -> PrometheusText.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> r = get(null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(TEXT_0_0_4);
        return PrometheusText.parse(r.body());
    }

    private HttpResponse<String> get(String accept, String credentials) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "metrics")).timeout(Duration.ofSeconds(10));
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (credentials != null) {
            b.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A webhook receiver on loopback that answers 503 until told to accept, then 200. */
    static final class SwitchableReceiver implements AutoCloseable {
        final AtomicInteger refused = new AtomicInteger();
        volatile boolean accepting;
        private final ServerSocket server;

        SwitchableReceiver() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread.ofVirtual().start(() -> answer(s));
                    } catch (SocketException closed) {
                        return;
                    } catch (IOException e) {
                        // next connection
                    }
                }
            });
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/hook";
        }

        private void answer(Socket socket) {
            try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
                    OutputStream out = socket.getOutputStream()) {
                int length = 0;
                for (String h = line(in); !h.isEmpty(); h = line(in)) {
                    if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(h.substring(15).trim());
                    }
                }
                in.readNBytes(length);
                boolean ok = accepting;
                if (!ok) {
                    refused.incrementAndGet();
                }
                out.write(("HTTP/1.1 " + (ok ? "200 OK" : "503 Service Unavailable")
                        + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException | RuntimeException e) {
                // a broken request: the sender retries
            }
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
