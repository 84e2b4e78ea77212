package carbine.runtime.internal;

import static org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;
import static org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
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
        Object endpoints = h == null ? null
                : h.getRuntimeDTO().serviceDTO.properties.get(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        String base = h == null ? "(no web server)" : endpoint(endpoints);
        // the dashboard (carbine.dashboard) registers a servlet context of that name when it is installed
        boolean dashboard = h != null && Arrays.stream(h.getRuntimeDTO().servletContextDTOs)
                .anyMatch(c -> "carbine.dashboard".equals(c.name) && c.servletDTOs.length > 0);
        logger.info("Carbine is ready: {} printer(s) polled; {}printer status at {}api/v1/printer/status ; Web Console at "
                + "{}system/console ; data in {} (printer_data.db, alerts.log, status.json, carbine.log){} ; "
                + "configuration in {} ; {}",
                f == null ? 0 : f.printers().size(), dashboard ? "dashboard at " + base + " ; " : "", base, base,
                Carbine.dataDirectory(context),
                storeWarning(store),
                Carbine.confDirectory(context),
                h == null ? "no web server" : exposure(context.getProperty("org.apache.felix.http.host"), login())
                        + https(context.getProperty("carbine.https"), endpoints));
    }

    /**
     * What the ready line says of HTTPS (carbine.console's {@code carbine.https} setting): where it listens, once the
     * web server lists an {@code https://} endpoint; that it is not (yet) there otherwise; nothing when it is off.
     */
    static String https(String setting, Object endpoints) {
        if (setting == null || setting.isBlank() || setting.trim().equalsIgnoreCase("off")) {
            return "";
        }
        List<String> secure = all(endpoints).stream().filter(e -> e.startsWith("https:")).toList();
        if (secure.isEmpty()) {
            return " ; HTTPS (carbine.https) is not serving yet: see the line 'HTTPS on port ...' or the error above";
        }
        return " ; HTTPS at " + choose(secure) + " (plain HTTP answers this machine only, and sends others there)";
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

    /**
     * The endpoint a person can open: the HTTP runtime announces one per address when bound to all interfaces, and
     * an IPv6 link-local one ({@code http://[fe80::...%eth0]:8080/}) opens in no browser. The first IPv4 endpoint,
     * else the first that is not link-local, else the first. Plain HTTP's ({@link #https} says HTTPS's).
     */
    static String endpoint(Object endpoints) {
        List<String> all = all(endpoints).stream().filter(e -> !e.startsWith("https:")).toList();
        return all.isEmpty() ? "http://127.0.0.1:8080/" : choose(all);
    }

    private static String choose(List<String> all) {
        String chosen = all.stream().filter(e -> !e.contains("[")).findFirst()
                .or(() -> all.stream().filter(e -> !e.toLowerCase(Locale.ROOT).contains("[fe80")).findFirst())
                .orElse(all.get(0));
        return chosen.endsWith("/") ? chosen : chosen + "/";
    }

    private static List<String> all(Object endpoints) {
        List<String> all = new ArrayList<>();
        if (endpoints instanceof String s) {
            all.add(s);
        } else if (endpoints instanceof String[] a) {
            all.addAll(Arrays.asList(a));
        } else if (endpoints instanceof Collection<?> c) {
            c.forEach(e -> all.add(String.valueOf(e)));
        }
        return all;
    }

    /**
     * Whether carbine.console's guard asks for a login ({@code required}), lets everyone in ({@code open}), or is not
     * there (null): its preprocessor service says so in the property {@code carbine.http.login}.
     */
    private String login() {
        try {
            var refs = context.getServiceReferences((String) null, "(carbine.http.login=*)");
            return refs == null || refs.length == 0 ? null : String.valueOf(refs[0].getProperty("carbine.http.login"));
        } catch (org.osgi.framework.InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * How the web server can be reached, from the host it is bound to ({@code org.apache.felix.http.host}) and
     * whether a login is required ({@code required}, {@code open}, or null when nothing guards it).
     */
    static String exposure(String host, String login) {
        String who = "required".equals(login) ? "; a login (user admin) is required for everything"
                : " and anyone who can reach it can open it and acknowledge alerts"
                        + (login == null ? " (no carbine.console: nothing asks for a login)" : " (carbine.http.security login=never)");
        if (host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return "HTTP listens on all interfaces: reachable from the network" + who;
        }
        if (host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]")) {
            return "HTTP listens on " + host + " only: reachable from this machine alone"
                    + ("required".equals(login) ? who : "");
        }
        return "HTTP listens on " + host + ": reachable from that network" + who;
    }
}
