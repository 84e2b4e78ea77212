package carbine.poller.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import carbine.api.alert.AlertService;
import carbine.api.detector.Detector;
import carbine.api.driver.PrinterDriver;
import carbine.api.fleet.Fleet;
import carbine.api.fleet.PrinterStatus;
import carbine.api.store.TelemetryStore;

/**
 * OSGi glue around {@link Poller}: configuration, and the dynamic references it is fed by. Registered as the
 * {@link Fleet} service.
 */
@Component(name = PollerComponent.PID, service = Fleet.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = Config.class)
public class PollerComponent implements Fleet {
    static final String PID = "carbine.poller";

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    private final PollerLog log = this::log;
    /** Exists before activation: SCR binds the dynamic references first. */
    private final Poller poller = new Poller(PollerSettings.DEFAULTS, log, Clock.systemUTC());

    @Activate
    void activate(Map<String, Object> properties) {
        poller.applySettings(PollerSettings.fromProperties(properties, log));
        poller.start();
        log.info("poller started: {}", poller.settings());
    }

    @Modified
    void modified(Map<String, Object> properties) {
        poller.applySettings(PollerSettings.fromProperties(properties, log));
        log.info("poller settings changed: {}", poller.settings());
    }

    @Deactivate
    void deactivate() {
        poller.stop();
    }

    // --- drivers ---

    @Reference(name = "drivers", service = PrinterDriver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindDriver", updated = "updatedDriver")
    void bindDriver(PrinterDriver driver, ServiceReference<PrinterDriver> ref, Map<String, Object> properties) {
        poller.addDriver(new DriverEntry(ServiceProperties.serviceId(properties), ServiceProperties.ranking(properties),
                ServiceProperties.driverName(properties, driver), bundleOf(ref), driver));
    }

    void updatedDriver(PrinterDriver driver, ServiceReference<PrinterDriver> ref, Map<String, Object> properties) {
        poller.updateDriver(ServiceProperties.serviceId(properties), ServiceProperties.ranking(properties),
                ServiceProperties.driverName(properties, driver), bundleOf(ref));
    }

    void unbindDriver(PrinterDriver driver, Map<String, Object> properties) {
        poller.removeDriver(ServiceProperties.serviceId(properties));
    }

    // --- detectors ---

    @Reference(name = "detectors", service = Detector.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindDetector", updated = "updatedDetector")
    void bindDetector(Detector detector, Map<String, Object> properties) {
        poller.addDetector(new DetectorEntry(ServiceProperties.serviceId(properties),
                ServiceProperties.ranking(properties), ServiceProperties.detectorId(properties, detector), detector));
    }

    void updatedDetector(Detector detector, Map<String, Object> properties) {
        poller.removeDetector(ServiceProperties.serviceId(properties));
        bindDetector(detector, properties);
    }

    void unbindDetector(Detector detector, Map<String, Object> properties) {
        poller.removeDetector(ServiceProperties.serviceId(properties));
    }

    // --- store, alerts, events ---

    @Reference(name = "store", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindStore")
    void bindStore(TelemetryStore store) { poller.setStore(store); }

    void unbindStore(TelemetryStore store) { poller.unsetStore(store); }

    @Reference(name = "alerts", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindAlerts")
    void bindAlerts(AlertService alerts) { poller.setAlerts(alerts); }

    void unbindAlerts(AlertService alerts) { poller.unsetAlerts(alerts); }

    @Reference(name = "events", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindEvents")
    void bindEvents(EventAdmin events) { poller.setEvents(new EventAdminSink(events)); }

    void unbindEvents(EventAdmin events) { poller.unsetEvents(new EventAdminSink(events)); }

    /** Equal for the same Event Admin, so that unbinding finds the sink it set. */
    private record EventAdminSink(EventAdmin admin) implements EventSink {
        @Override
        public void post(String topic, Map<String, Object> properties) {
            admin.postEvent(new Event(topic, properties));
        }
    }

    // --- Fleet ---

    @Override
    public List<PrinterStatus> printers() { return poller.printers(); }

    @Override
    public Optional<PrinterStatus> printer(String printerId) { return poller.printer(printerId); }

    @Override
    public long cycles() { return poller.cycles(); }

    private static String bundleOf(ServiceReference<?> ref) {
        Bundle bundle = ref.getBundle();
        return bundle == null ? "unknown" : bundle.getSymbolicName() + " " + bundle.getVersion();
    }

    /** The logger is injected after the dynamic references are bound; what is logged before that is lost. */
    private void log(PollerLog.Level level, String format, Object... args) {
        Logger l = logger;
        if (l == null) {
            return;
        }
        switch (level) {
            case DEBUG -> l.debug(format, args);
            case INFO -> l.info(format, args);
            case WARN -> l.warn(format, args);
            case ERROR -> l.error(format, args);
        }
    }
}
