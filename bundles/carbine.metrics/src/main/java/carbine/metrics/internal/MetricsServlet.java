package carbine.metrics.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import carbine.api.alert.AlertService;
import carbine.api.event.CarbineTopics;
import carbine.api.fleet.Fleet;
import carbine.api.notify.NotifyTopics;
import carbine.api.store.TelemetryStore;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /metrics}: Carbine's metrics in the Prometheus text format (OpenMetrics when the {@code Accept} header
 * asks for it). The fleet, the open alerts and the store are read from their services at scrape time; poll cycles
 * and notification channel episodes are counted from their Event Admin events. A service that is not there (the
 * store did not start, the poller is being updated) leaves its series out of that scrape; the others still come.
 *
 * <p>Registered in the whiteboard's default context: {@code /metrics} is an exact pattern, which wins over the
 * dashboard's catch-all {@code /*}. The HTTP security guard of {@code carbine.console} runs before it, so an exposed
 * Carbine asks for the admin login here too.
 */
@Component(service = {Servlet.class, EventHandler.class})
@HttpWhiteboardServletName("carbine.metrics")
@HttpWhiteboardServletPattern(MetricsServlet.PATH)
@EventTopics({CarbineTopics.POLL_CYCLE, NotifyTopics.FAILING, NotifyTopics.RECOVERED})
public class MetricsServlet extends HttpServlet implements EventHandler {
    static final String PATH = "/metrics";
    private static final long serialVersionUID = 1L;
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Fleet fleet;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AlertService alerts;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile TelemetryStore store;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile carbine.api.notify.Notifications notifications;
    @Reference(service = LoggerFactory.class)
    transient Logger log;

    private final transient PollCycles cycles = new PollCycles();
    private final transient NotifyChannels channels = new NotifyChannels();
    private final transient Map<String, Long> scrapeErrors = new ConcurrentHashMap<>();
    private final transient Map<String, Long> lastWarned = new ConcurrentHashMap<>();

    @Override
    public void handleEvent(Event event) {
        if (CarbineTopics.POLL_CYCLE.equals(event.getTopic())) {
            cycles.cycle(event.getProperty(CarbineTopics.DURATION_MS), event.getProperty(CarbineTopics.FAILURES));
        } else {
            channels.event(event.getTopic(), event.getProperty(NotifyTopics.CHANNEL),
                    event.getProperty(NotifyTopics.ATTEMPTS));
        }
    }

    /** Everything, read now. */
    MetricSnapshots scrape() {
        List<MetricSnapshot> all = new ArrayList<>();
        Fleet f = fleet;
        if (f != null) {
            collect(all, "fleet", () -> {
                List<MetricSnapshot> some = new ArrayList<>(Snapshots.printers(f.printers()));
                some.add(Snapshots.cycles(f.cycles()));
                return some;
            });
        }
        AlertService a = alerts;
        if (a != null) {
            collect(all, "alerts", () -> Snapshots.alerts(a.open()));
        }
        TelemetryStore s = store;
        if (s != null) {
            collect(all, "store", () -> Snapshots.store(s.health()));
        }
        collect(all, "poll", cycles::collect);
        collect(all, "notify", channels::collect);
        carbine.api.notify.Notifications n = notifications;
        if (n != null) {
            collect(all, "notify", () -> Snapshots.deliveries(n.channels()));
        }
        all.add(Snapshots.counters("carbine_metrics_scrape_errors",
                "Scrapes in which a source (fleet, alerts, store, poll, notify) failed and was left out.",
                new TreeMap<>(scrapeErrors), source -> Labels.of("source", source)));
        return new MetricSnapshots(all);
    }

    private void collect(List<MetricSnapshot> into, String source, Supplier<List<MetricSnapshot>> snapshots) {
        try {
            into.addAll(snapshots.get());
        } catch (RuntimeException e) {
            scrapeErrors.merge(source, 1L, Long::sum);
            long now = System.nanoTime();
            Long before = lastWarned.get(source);
            if (log != null && (before == null || now - before > WARN_EVERY_NANOS)) {
                lastWarned.put(source, now);
                log.warn("metrics: the {} metrics were left out of a scrape: {}", source, e.toString(), e);
            }
        }
    }

    /** OpenMetrics when the client asks for it, the Prometheus text format 0.0.4 otherwise. */
    static ExpositionFormatWriter writerFor(String accept) {
        OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
        return openMetrics.accepts(accept) ? openMetrics : PrometheusTextFormatWriter.create();
    }

    /**
     * Whether the client takes gzip (Prometheus does): a large fleet's text is about 1 kB per printer, and repeats
     * itself.
     */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] coding = part.trim().split(";");
            if (coding[0].trim().equalsIgnoreCase("gzip")) {
                return coding.length < 2 || !coding[1].replace(" ", "").matches("q=0(\\.0*)?");
            }
        }
        return false;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ExpositionFormatWriter writer = writerFor(request.getHeader("Accept"));
        boolean gzip = acceptsGzip(request.getHeader("Accept-Encoding"));
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        // the whole answer first: a failing scrape is a 500, never a truncated 200
        try (OutputStream out = gzip ? new GZIPOutputStream(body) : body) {
            writer.write(out, scrape());
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(writer.getContentType());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Vary", "Accept, Accept-Encoding");
        if (gzip) {
            response.setHeader("Content-Encoding", "gzip");
        }
        response.setContentLength(body.size());
        body.writeTo(response.getOutputStream());
    }
}
