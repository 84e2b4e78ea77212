package carbine.driver.replay.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import carbine.api.Carbine;
import carbine.api.driver.PrinterDriver;
import carbine.driver.replay.ReplayDriver;

/**
 * One replayed printer per factory configuration of {@value ReplayDriver#FACTORY_PID}. The file is read once, at
 * activation; a modified configuration reactivates the component and so reads it again. The driver is registered
 * by hand rather than by DS: its {@code carbine.driver.name} is computed, and a file without usable rows must not
 * become a printer. Such a file is still registered as a finished {@link ReplayProgress}, so that an evaluation
 * waiting for it ends with an error instead of waiting forever.
 */
// advertises the hand-registered driver to the resolver, as DS would for a service it registers
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=carbine.api.driver.PrinterDriver",
        uses = PrinterDriver.class)
@Component(configurationPid = ReplayDriver.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = Config.class, factory = true)
public class ReplayDriverComponent {
    @Reference(service = LoggerFactory.class)
    private Logger logger;

    private ServiceRegistration<?> registration;

    // the raw map, not the typed Config: a malformed speed is then a log line naming it, not a failed activation
    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        Object pid = properties.get("service.pid");
        Path home = Carbine.confDirectory(context).getParent();
        ReplaySettings.Validation validation = ReplaySettings.from(properties, home == null ? Path.of("/") : home);
        if (!validation.isValid()) {
            validation.errors().forEach(error -> logger.error(
                    "replay printer configuration {}: {}; no printer is replayed", pid, error));
            return;
        }
        ReplaySettings settings = validation.settings();
        long started = System.nanoTime();
        ReplayFile.Load load = ReplayFile.load(settings.file(), settings.field(), settings.timeZone());
        long loadMillis = (System.nanoTime() - started) / 1_000_000;
        logLoad(settings, load, loadMillis);

        ReplayPrinterDriver driver = new ReplayPrinterDriver(settings, load, System::nanoTime,
                () -> logger.info("replay printer {}: finished, all {} rows of {} handed to the poller",
                        settings.printerId(), load.data().size(), settings.file()));
        List<String> services = new ArrayList<>();
        if (load.usable()) {
            services.add(PrinterDriver.class.getName());
        }
        services.add(ReplayProgress.class.getName());
        registration = context.registerService(services.toArray(String[]::new), driver,
                FrameworkUtil.asDictionary(driver.serviceProperties()));
    }

    private void logLoad(ReplaySettings settings, ReplayFile.Load load, long loadMillis) {
        String printer = settings.printerId();
        if (!load.usable()) {
            logger.error("replay printer {}: {}; no printer is replayed", printer, load.error());
            return;
        }
        if (load.skipped() > 0) {
            logger.warn("replay printer {}: skipped {} of {} data rows of {} that cannot be read: {}{}", printer,
                    load.skipped(), load.dataRows(), settings.file(), String.join("; ", load.skipReasons()),
                    load.skipped() > load.skipReasons().size() ? "; ..." : "");
        }
        if (load.moved() > 0) {
            logger.info("replay printer {}: {} repeated and {} backward timestamps{} in {} moved to 1 ms after the "
                    + "previous row", printer, load.repeated(), load.backward(),
                    load.crowded() > 0 ? " (and " + load.crowded() + " overtaken by moved rows)" : "",
                    settings.file());
        }
        logger.info("replay printer {}: {} rows of {} loaded in {} ms ({}, loop {})", printer,
                load.data().size(), settings.file(), loadMillis, describeSpeed(settings.speed()), settings.loop());
    }

    private static String describeSpeed(double speed) {
        return speed == 0 ? "one row per poll" : speed + " times the data's own time";
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters a stopping bundle's services itself
            }
        }
    }
}
