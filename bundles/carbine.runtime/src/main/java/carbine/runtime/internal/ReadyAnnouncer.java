package carbine.runtime.internal;

import static org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;
import static org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;

import carbine.api.Carbine;
import carbine.api.event.CarbineTopics;
import carbine.api.fleet.Fleet;
import carbine.api.store.StoreHealth;
import carbine.api.store.TelemetryStore;

/**
 * Says once, when the first poll cycle has completed, that Carbine is ready and where to look. "Ready" means
 * the pipeline has really run: printers were polled, samples judged. A missing or failing store is said, not
 * hidden.
 */
@Component(immediate = true)
@EventTopics(CarbineTopics.POLL_CYCLE)
public class ReadyAnnouncer implements EventHandler {
    private final AtomicBoolean announced = new AtomicBoolean();
    private final BundleContext context;
    private final Logger logger;

    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    private volatile Fleet fleet;
    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    private volatile TelemetryStore store;
    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    private volatile HttpServiceRuntime http;

    @Activate
    public ReadyAnnouncer(BundleContext context, @Reference(service = LoggerFactory.class) Logger logger) {
        this.context = context;
        this.logger = logger;
    }

    @Override
    public void handleEvent(Event event) {
        if (!announced.compareAndSet(false, true)) {
            return;
        }
        Fleet f = fleet;
        HttpServiceRuntime h = http;
        String base = h == null ? "(no web server)"
                : endpoint(h.getRuntimeDTO().serviceDTO.properties.get(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT));
        // the dashboard (carbine.dashboard) registers a servlet context of that name when it is installed
        boolean dashboard = h != null && java.util.Arrays.stream(h.getRuntimeDTO().servletContextDTOs)
                .anyMatch(c -> "carbine.dashboard".equals(c.name) && c.servletDTOs.length > 0);
        logger.info("Carbine is ready: {} printer(s) polled; {}printer status at {}api/v1/printer/status ; Web Console at "
                + "{}system/console ; data in {} (printer_data.db, alerts.log, status.json, carbine.log){} ; "
                + "configuration in {}",
                f == null ? 0 : f.printers().size(), dashboard ? "dashboard at " + base + " ; " : "", base, base,
                Carbine.dataDirectory(context),
                storeWarning(store),
                Carbine.confDirectory(context));
    }

    /**
     * Empty while the store writes; else a warning: not running at all, or running but failing (a full disk),
     * which a registered service alone would hide.
     */
    static String storeWarning(TelemetryStore store) {
        if (store == null) {
            return " -- WARNING: the telemetry store is NOT running, history is not being kept";
        }
        StoreHealth health;
        try {
            health = store.health();
        } catch (RuntimeException e) { // it went away meanwhile
            return " -- WARNING: the telemetry store is NOT running, history is not being kept";
        }
        return switch (health.status()) {
            case WRITING -> "";
            case FAILING -> " -- WARNING: the telemetry store is FAILING since " + health.since() + ": "
                    + health.reason() + " (" + health.rowsWaiting() + " rows waiting, kept and retried)";
            case STOPPED -> " -- WARNING: the telemetry store is stopped: " + health.reason();
        };
    }

    /** The first endpoint the HTTP runtime announces, as {@code http://host:port/}. */
    static String endpoint(Object endpoints) {
        String first;
        if (endpoints instanceof String s) {
            first = s;
        } else if (endpoints instanceof String[] a && a.length > 0) {
            first = a[0];
        } else if (endpoints instanceof Collection<?> c && !c.isEmpty()) {
            first = String.valueOf(c.iterator().next());
        } else {
            return "http://127.0.0.1:8080/";
        }
        return first.endsWith("/") ? first : first + "/";
    }
}
