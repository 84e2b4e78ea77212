package carbine.dashboard.internal;

import static org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE;
import static org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;
import static org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.vaadin.flow.di.LookupInitializer;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.server.VaadinServlet;
import com.vaadin.flow.server.VaadinServletContext;
import com.vaadin.flow.server.startup.ApplicationRouteRegistry;
import com.vaadin.flow.server.startup.LookupServletContainerInitializer;
import com.vaadin.flow.server.startup.VaadinAppShellInitializer;

import carbine.api.Carbine;
import carbine.api.alert.AlertService;
import carbine.api.detector.Detector;
import carbine.api.driver.PrinterDriver;
import carbine.api.driver.PrinterKind;
import carbine.api.fleet.Fleet;
import carbine.api.store.AlertStore;
import carbine.api.store.TelemetryStore;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * The Vaadin servlet, registered through the Servlet Whiteboard, and the holder of the services the views show.
 * Vaadin creates the views, not DS; they reach these references through {@link Platform#current()}.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/*",
        "osgi.http.whiteboard.servlet.name=carbine.dashboard",
        "osgi.http.whiteboard.servlet.asyncSupported:Boolean=true",
        "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=" + DashboardContext.NAME + ")",
        "servlet.init.productionMode=true",
        // push (Atmosphere) leaked the old class loader on every bundle update; the views poll instead
        "servlet.init.pushMode=disabled" })
public class DashboardServlet extends VaadinServlet implements Platform {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServlet.class);

    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    private volatile Fleet fleet;
    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    private volatile AlertService alertService;
    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    private volatile TelemetryStore telemetryStore;
    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    private volatile AlertStore alertStore;
    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    private volatile carbine.api.maintenance.Maintenance maintenance;
    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    private volatile carbine.api.notify.Notifications notifications;
    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    private volatile carbine.api.health.ComponentHealth health;
    @Reference(cardinality = MULTIPLE, policy = DYNAMIC, policyOption = GREEDY, service = Detector.class)
    private volatile List<ServiceReference<Detector>> detectors;
    @Reference(cardinality = MULTIPLE, policy = DYNAMIC, policyOption = GREEDY, service = PrinterDriver.class)
    private volatile List<ServiceReference<PrinterDriver>> drivers;
    @Reference(cardinality = MULTIPLE, policy = DYNAMIC, policyOption = GREEDY, service = PrinterKind.class)
    private volatile List<ServiceReference<PrinterKind>> kinds;
    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    private volatile MetaTypeService metaType;
    private volatile BundleContext bundleContext;

    @Activate
    void activate(BundleContext context) {
        this.bundleContext = context;
    }

    // The HTTP sessions this servlet served, by id (the whiteboard hands out a new wrapper per request): they
    // hold classes of this bundle's class loader
    private final transient Map<String, HttpSession> sessions = new ConcurrentHashMap<>();

    @Override
    public Optional<Fleet> fleet() { return Optional.ofNullable(fleet); }

    @Override
    public Optional<AlertService> alerts() { return Optional.ofNullable(alertService); }

    @Override
    public Optional<TelemetryStore> telemetry() { return Optional.ofNullable(telemetryStore); }

    @Override
    public Optional<AlertStore> alertStore() { return Optional.ofNullable(alertStore); }

    @Override
    public Optional<carbine.api.maintenance.Maintenance> maintenance() { return Optional.ofNullable(maintenance); }

    @Override
    public Optional<carbine.api.health.ComponentHealth> health() { return Optional.ofNullable(health); }

    @Override
    public Optional<carbine.api.notify.Notifications> notifications() { return Optional.ofNullable(notifications); }

    @Override
    public List<Plugin> detectors() { return plugins(detectors, Detector.ID_PROPERTY); }

    @Override
    public List<Plugin> drivers() { return plugins(drivers, PrinterDriver.NAME_PROPERTY); }

    @Override
    public Path confDirectory() {
        return Carbine.confDirectory(bundleContext);
    }

    /** Each kind's form comes from the metatype of its factory PID, in the bundle that registered the kind. */
    @Override
    public List<Kind> printerKinds() {
        List<Kind> result = new ArrayList<>();
        MetaTypeService mts = metaType;
        BundleContext context = bundleContext;
        for (ServiceReference<PrinterKind> ref : kinds == null ? List.<ServiceReference<PrinterKind>>of() : kinds) {
            Bundle b = ref.getBundle();
            Object pid = ref.getProperty(PrinterKind.FACTORY_PID_PROPERTY);
            if (b == null || pid == null || context == null) continue;
            Object label = ref.getProperty(PrinterKind.LABEL_PROPERTY);
            List<Field> fields = new ArrayList<>();
            ObjectClassDefinition ocd = mts == null ? null
                    : mts.getMetaTypeInformation(b).getObjectClassDefinition(String.valueOf(pid), null);
            if (ocd != null) {
                addFields(fields, ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED), true);
                addFields(fields, ocd.getAttributeDefinitions(ObjectClassDefinition.OPTIONAL), false);
            }
            Trial trial = settings -> {
                ServiceObjects<PrinterKind> objects = context.getServiceObjects(ref);
                PrinterKind kind = objects == null ? null : objects.getService();
                if (kind == null) throw new IllegalStateException("this kind of printer was just removed");
                try {
                    return kind.tryOnce(settings);
                } finally {
                    objects.ungetService(kind);
                }
            };
            result.add(new Kind(label == null ? String.valueOf(pid) : String.valueOf(label), String.valueOf(pid),
                    List.copyOf(fields), trial));
        }
        result.sort(Comparator.comparing(Kind::label));
        return List.copyOf(result);
    }

    private static void addFields(List<Field> fields, AttributeDefinition[] definitions, boolean required) {
        if (definitions == null) return;
        // printerId first: it names the file and the printer
        Arrays.stream(definitions).sorted(Comparator.comparing(a -> a.getID().equals("printerId") ? 0 : 1))
                .forEach(a -> {
                    String[] defaults = a.getDefaultValue();
                    fields.add(new Field(a.getID(), a.getName(), a.getDescription(), required,
                            a.getType() == AttributeDefinition.PASSWORD,
                            defaults == null || defaults.length == 0 ? "" : defaults[0]));
                });
    }

    private static List<Plugin> plugins(List<? extends ServiceReference<?>> refs, String nameProperty) {
        List<Plugin> result = new ArrayList<>();
        for (ServiceReference<?> ref : refs == null ? List.<ServiceReference<?>>of() : refs) {
            Bundle b = ref.getBundle(); // null once the service is gone
            if (b == null) continue;
            Object name = ref.getProperty(nameProperty);
            result.add(new Plugin(name == null ? "(unnamed, service " + ref.getProperty("service.id") + ")" : String.valueOf(name),
                    b.getSymbolicName(), b.getVersion().toString(), state(b.getState())));
        }
        result.sort(Comparator.comparing(Plugin::name));
        return Collections.unmodifiableList(result);
    }

    private static String state(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "active";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.INSTALLED -> "installed";
            case Bundle.UNINSTALLED -> "uninstalled";
            default -> "unknown";
        };
    }

    /**
     * No servlet-container scanning in OSGi: what the container initializers would do is done here, with the
     * thread context class loader on this bundle (Flow falls back to ServiceLoader).
     */
    @Override
    public void init(ServletConfig config) throws ServletException {
        ClassLoader previous = swapContextLoader();
        try {
            ServletContext servletContext = config.getServletContext();
            new LookupServletContainerInitializer().process(Set.of(LookupInitializer.class), servletContext);
            VaadinServletContext context = new VaadinServletContext(servletContext);
            VaadinAppShellInitializer.init(Set.of(AppShell.class), context);
            RouteConfiguration routes = RouteConfiguration.forRegistry(ApplicationRouteRegistry.getInstance(context));
            routes.setAnnotatedRoute(OverviewView.class);
            routes.setAnnotatedRoute(PrinterView.class);
            routes.setAnnotatedRoute(PlatformView.class);
            routes.setAnnotatedRoute(PrintersView.class);
            routes.setAnnotatedRoute(MaintenanceView.class);
            routes.setAnnotatedRoute(NotificationsView.class);
            super.init(config);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        ClassLoader previous = swapContextLoader();
        try {
            dropForeignSession(request.getSession(false));
            super.service(request, response);
            HttpSession session = request.getSession(false);
            if (session != null && sessions.put(session.getId(), session) == null) {
                pruneSessions();
            }
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /**
     * A session that still holds Vaadin objects of an earlier version of this bundle would end in a
     * ClassCastException between two VaadinSession classes (a frozen tab): start afresh instead; the browser's
     * Vaadin client then sees "session expired" and reloads the page onto this version.
     */
    private void dropForeignSession(HttpSession session) {
        if (session == null) return;
        try {
            for (String name : Collections.list(session.getAttributeNames())) {
                Object value = session.getAttribute(name);
                if (value != null && value.getClass().getName().startsWith("com.vaadin.")
                        && value.getClass().getClassLoader() != DashboardServlet.class.getClassLoader()) {
                    session.invalidate();
                    return;
                }
            }
        } catch (IllegalStateException alreadyInvalid) {
            // nothing to drop
        }
    }

    /**
     * Before the servlet goes (bundle stopped or updated), end the sessions it created: they would keep this
     * bundle's class loader alive until they time out, and an open tab would freeze on them.
     */
    @Override
    public void destroy() {
        ClassLoader previous = swapContextLoader();
        try {
            for (HttpSession session : List.copyOf(sessions.values())) {
                try {
                    session.invalidate();
                } catch (IllegalStateException alreadyInvalid) {
                    // timed out before
                } catch (RuntimeException e) {
                    LOG.debug("could not invalidate a dashboard session", e);
                }
            }
            sessions.clear();
            super.destroy();
            releaseThreads(previous);
            ServletContext context = getServletConfig() == null ? null : getServletContext();
            if (context != null) {
                for (String name : Collections.list(context.getAttributeNames())) {
                    Object value = context.getAttribute(name);
                    if (value != null && value.getClass().getClassLoader() == DashboardServlet.class.getClassLoader()) {
                        context.removeAttribute(name);
                    }
                }
            }
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /**
     * Jetty starts new pool threads from a request thread, and a new thread inherits its creator's context class
     * loader: this bundle's, while a dashboard request runs. Such a thread would keep the old class loader (14 MB
     * of Vaadin) alive after an update; measured in a heap dump, it was the one root of the leak.
     */
    private static void releaseThreads(ClassLoader replacement) {
        ClassLoader ours = DashboardServlet.class.getClassLoader();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getContextClassLoader() == ours) {
                t.setContextClassLoader(replacement == ours ? null : replacement);
            }
        }
    }

    /** Forgets sessions that expired or were invalidated (checked when a new one comes, so the map stays small). */
    private void pruneSessions() {
        sessions.values().removeIf(s -> {
            try {
                s.getLastAccessedTime();
                return false;
            } catch (IllegalStateException invalid) {
                return true;
            }
        });
    }

    private static ClassLoader swapContextLoader() {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(DashboardServlet.class.getClassLoader());
        return previous;
    }
}
