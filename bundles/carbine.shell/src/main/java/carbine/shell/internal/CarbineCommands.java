package carbine.shell.internal;

import static org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE;
import static org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;
import static org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertService;
import carbine.api.detector.Detector;
import carbine.api.driver.PrinterDriver;
import carbine.api.fleet.Fleet;
import carbine.api.store.StoreBackup;

/**
 * Gogo shell commands in the scope {@code carbine}: {@code printers}, {@code alerts}, {@code ack <id>},
 * {@code detectors}, {@code drivers}, {@code backup <file>}.
 */
@Component(service = CarbineCommands.class, property = {
        "osgi.command.scope=carbine",
        "osgi.command.function=printers",
        "osgi.command.function=alerts",
        "osgi.command.function=ack",
        "osgi.command.function=detectors",
        "osgi.command.function=drivers",
        "osgi.command.function=backup"})
public class CarbineCommands {
    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    private volatile Fleet fleet;
    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    private volatile AlertService alerts;
    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    private volatile StoreBackup store;

    /** service id → reference, kept only to show what is installed (never used to call the service). */
    private final Map<Long, ServiceReference<?>> detectors = new ConcurrentSkipListMap<>();
    private final Map<Long, ServiceReference<?>> drivers = new ConcurrentSkipListMap<>();

    @Reference(cardinality = MULTIPLE, policy = DYNAMIC, policyOption = GREEDY, service = Detector.class)
    void bindDetector(ServiceReference<Detector> ref) {
        detectors.put(serviceId(ref), ref);
    }

    void unbindDetector(ServiceReference<Detector> ref) {
        detectors.remove(serviceId(ref));
    }

    @Reference(cardinality = MULTIPLE, policy = DYNAMIC, policyOption = GREEDY, service = PrinterDriver.class)
    void bindDriver(ServiceReference<PrinterDriver> ref) {
        drivers.put(serviceId(ref), ref);
    }

    void unbindDriver(ServiceReference<PrinterDriver> ref) {
        drivers.remove(serviceId(ref));
    }

    /** carbine:printers — every printer with its latest sample. */
    public String printers() {
        Fleet f = fleet;
        return f == null ? "the poller is not running (no Fleet service)" : Views.printers(f.printers());
    }

    /** carbine:alerts — the open alerts, newest first. */
    public String alerts() {
        AlertService a = alerts;
        return a == null ? "the alert service is not running" : Views.alerts(a.open());
    }

    /** carbine:ack ID — acknowledge an open alert. */
    public String ack(String alertId) {
        AlertService a = alerts;
        if (a == null) {
            return "the alert service is not running";
        }
        Optional<Alert> acked = a.acknowledge(alertId, "shell");
        return acked.map(x -> "acknowledged " + x.id() + " (" + x.printerId() + " " + x.kind() + ")")
                .orElse("no open alert with id " + alertId);
    }

    /** carbine:backup FILE — a consistent copy of the history database, taken while Carbine runs. */
    public String backup(String file) {
        return Views.backup(store, Path.of(file));
    }

    /** carbine:detectors — the detector services with their bundles. */
    public String detectors() {
        Table t = new Table("DETECTOR", "BUNDLE", "VERSION", "SERVICE ID");
        for (ServiceReference<?> ref : List.copyOf(detectors.values())) {
            Bundle b = ref.getBundle();
            if (b != null) {
                t.row(name(ref, Detector.ID_PROPERTY), b.getSymbolicName(), b.getVersion(), serviceId(ref));
            }
        }
        return t.size() == 0 ? "no detectors" : t.toString();
    }

    /** carbine:drivers — the printer driver services with their bundles and printers. */
    public String drivers() {
        Fleet f = fleet;
        Table t = new Table("DRIVER", "BUNDLE", "VERSION", "SERVICE ID", "PRINTERS");
        for (ServiceReference<?> ref : List.copyOf(drivers.values())) {
            Bundle b = ref.getBundle();
            if (b != null) {
                String name = name(ref, PrinterDriver.NAME_PROPERTY);
                String printers = f == null ? null
                        : String.join(",", f.printers().stream().filter(p -> name.equals(p.driver()))
                                .map(p -> p.printerId()).toList());
                t.row(name, b.getSymbolicName(), b.getVersion(), serviceId(ref), printers);
            }
        }
        return t.size() == 0 ? "no printer drivers" : t.toString();
    }

    private static String name(ServiceReference<?> ref, String property) {
        Object v = ref.getProperty(property);
        if (v == null) {
            v = ref.getProperty("component.name");
        }
        return String.valueOf(v);
    }

    private static long serviceId(ServiceReference<?> ref) {
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }
}
