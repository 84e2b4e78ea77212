package carbine.dashboard.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import carbine.api.alert.AlertService;
import carbine.api.fleet.Fleet;
import carbine.api.store.AlertStore;
import carbine.api.store.TelemetryStore;
import carbine.api.telemetry.TelemetrySample;

/**
 * What the views may use: the services of the moment. Each may be absent, and each may vanish between two
 * calls, so a view takes what it needs once per refresh and copes with an empty Optional or a failing call.
 */
interface Platform {
    Optional<Fleet> fleet();

    Optional<AlertService> alerts();

    Optional<TelemetryStore> telemetry();

    Optional<AlertStore> alertStore();

    List<Plugin> detectors();

    List<Plugin> drivers();

    /** The kinds of printer a person can add (Printers → Add), by label; empty without any. */
    List<Kind> printerKinds();

    /** Usage counters and maintenance plans (bundle carbine.maintenance), when it runs. */
    default Optional<carbine.api.maintenance.Maintenance> maintenance() { return Optional.empty(); }

    /** Component health indicators and forecasts (bundle carbine.health), when it runs. */
    default Optional<carbine.api.health.ComponentHealth> health() { return Optional.empty(); }

    /** Channels, deliveries and snoozes of notifications (bundle carbine.notify), when it runs. */
    default Optional<carbine.api.notify.Notifications> notifications() { return Optional.empty(); }

    /** Where configuration files live ({@code conf/}). */
    Path confDirectory();

    /** A driver or detector service: its name and the bundle that provides it. */
    record Plugin(String name, String bundle, String version, String state) {}

    /** A kind of printer: its form (from the driver's metatype) and its connection test. */
    record Kind(String label, String factoryPid, List<Field> fields, Trial trial) {}

    /** One setting of a kind's form. */
    record Field(String id, String name, String description, boolean required, boolean secret, String defaultValue) {}

    /** One read with the settings of the form ({@link carbine.api.driver.PrinterKind#tryOnce}). */
    interface Trial {
        TelemetrySample tryOnce(Map<String, Object> settings) throws Exception;
    }

    Platform NONE = new Platform() {
        @Override public Optional<Fleet> fleet() { return Optional.empty(); }
        @Override public Optional<AlertService> alerts() { return Optional.empty(); }
        @Override public Optional<TelemetryStore> telemetry() { return Optional.empty(); }
        @Override public Optional<AlertStore> alertStore() { return Optional.empty(); }
        @Override public List<Plugin> detectors() { return List.of(); }
        @Override public List<Plugin> drivers() { return List.of(); }
        @Override public List<Kind> printerKinds() { return List.of(); }
        @Override public Path confDirectory() { return Path.of("conf"); }
    };

    /** The platform of the servlet serving the current request (views run inside one). */
    static Platform current() {
        return com.vaadin.flow.server.VaadinServlet.getCurrent() instanceof DashboardServlet s ? s : NONE;
    }
}
