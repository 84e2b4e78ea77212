package carbine.driver.octoprint.internal;

import java.time.Clock;
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

import carbine.api.driver.PrinterDriver;
import carbine.driver.octoprint.OctoPrintDriver;

/**
 * One printer behind OctoPrint per factory configuration of {@value OctoPrintDriver#FACTORY_PID}. As in
 * carbine.driver.http, the driver is registered by hand rather than by DS: its {@code carbine.driver.name} is
 * computed, and a configuration without a usable URL or key must register nothing at all.
 */
// advertises the hand-registered driver to the resolver, as DS would for a service it registers
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=carbine.api.driver.PrinterDriver",
        uses = PrinterDriver.class)
@Component(configurationPid = OctoPrintDriver.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = Config.class, factory = true)
public class OctoPrintDriverComponent {
    private final Logger logger;
    private final OctoPrintPrinterDriver driver;
    private final ServiceRegistration<PrinterDriver> registration;

    // the raw map, not the typed Config: a malformed timeoutMillis is then a log line, not a failed activation
    @Activate
    public OctoPrintDriverComponent(@Reference(name = "logger", service = LoggerFactory.class) Logger logger, BundleContext context,
            Map<String, Object> properties) {
        this.logger = logger;
        Object pid = properties.get("service.pid");
        OctoPrintSettings.Validation validation = OctoPrintSettings.from(properties);
        validation.warnings().forEach(warning -> logger.warn("OctoPrint printer configuration {}: {}", pid, warning));
        if (!validation.isValid()) {
            validation.errors().forEach(error -> logger.error(
                    "OctoPrint printer configuration {}: {}; no driver is registered", pid, error));
            driver = null;
            registration = null;
            return;
        }
        OctoPrintSettings settings = validation.settings();
        driver = new OctoPrintPrinterDriver(settings, Clock.systemUTC());
        registration = context.registerService(PrinterDriver.class, driver,
                FrameworkUtil.asDictionary(driver.serviceProperties()));
        logger.info("OctoPrint printer {} reads {} (timeout {} ms)", settings.printerId(), settings.url(),
                settings.timeout().toMillis());
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
        if (driver != null) {
            driver.close();
        }
        logger.debug("OctoPrint printer driver stopped");
    }
}
