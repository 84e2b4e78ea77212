package carbine.driver.prusalink.internal;

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
import carbine.driver.prusalink.PrusaLinkDriver;

/**
 * One printer with PrusaLink per factory configuration of {@value PrusaLinkDriver#FACTORY_PID}. As in
 * carbine.driver.http, the driver is registered by hand rather than by DS: its {@code carbine.driver.name} is
 * computed, and a configuration without a usable URL or password must register nothing at all.
 */
// advertises the hand-registered driver to the resolver, as DS would for a service it registers
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=carbine.api.driver.PrinterDriver",
        uses = PrinterDriver.class)
@Component(configurationPid = PrusaLinkDriver.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = Config.class, factory = true)
public class PrusaLinkDriverComponent {
    private final Logger logger;
    private final PrusaLinkPrinterDriver driver;
    private final ServiceRegistration<PrinterDriver> registration;

    // the raw map, not the typed Config: a malformed timeoutMillis is then a log line, not a failed activation
    @Activate
    public PrusaLinkDriverComponent(@Reference(name = "logger", service = LoggerFactory.class) Logger logger, BundleContext context,
            Map<String, Object> properties) {
        this.logger = logger;
        Object pid = properties.get("service.pid");
        PrusaLinkSettings.Validation validation = PrusaLinkSettings.from(properties);
        validation.warnings().forEach(warning -> logger.warn("PrusaLink printer configuration {}: {}", pid, warning));
        if (!validation.isValid()) {
            validation.errors().forEach(error -> logger.error(
                    "PrusaLink printer configuration {}: {}; no driver is registered", pid, error));
            driver = null;
            registration = null;
            return;
        }
        PrusaLinkSettings settings = validation.settings();
        driver = new PrusaLinkPrinterDriver(settings, Clock.systemUTC());
        registration = context.registerService(PrinterDriver.class, driver,
                FrameworkUtil.asDictionary(driver.serviceProperties()));
        logger.info("PrusaLink printer {} reads {} as {} (timeout {} ms)", settings.printerId(), settings.url(),
                settings.username(), settings.timeout().toMillis());
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
        logger.debug("PrusaLink printer driver stopped");
    }
}
