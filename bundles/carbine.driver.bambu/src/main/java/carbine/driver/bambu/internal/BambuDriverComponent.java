package carbine.driver.bambu.internal;

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
import carbine.driver.bambu.BambuDriver;

/**
 * One Bambu Lab printer per factory configuration of {@value BambuDriver#FACTORY_PID}. The driver is registered by
 * hand rather than by DS: its {@code carbine.driver.name} is computed, and a configuration without host, serial or
 * access code must register nothing at all.
 */
// advertises the hand-registered driver to the resolver, as DS would for a service it registers
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=carbine.api.driver.PrinterDriver",
        uses = PrinterDriver.class)
@Component(configurationPid = BambuDriver.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = Config.class, factory = true)
public class BambuDriverComponent {
    /** Shared by every configuration of this bundle. */
    static final OnePerPrinter CONNECTIONS = new OnePerPrinter();

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    private BambuPrinterDriver driver;
    private BambuSettings claimed;
    private ServiceRegistration<PrinterDriver> registration;

    // the raw map, not the typed Config: a malformed port is then a log line, not a failed activation
    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        Object pid = properties.get("service.pid");
        BambuSettings.Validation validation = BambuSettings.from(properties);
        validation.warnings().forEach(warning -> logger.warn("Bambu Lab printer configuration {}: {}", pid, warning));
        if (!validation.isValid()) {
            validation.errors().forEach(error -> logger.error(
                    "Bambu Lab printer configuration {}: {}; no driver is registered", pid, error));
            return;
        }
        BambuSettings settings = validation.settings();
        String holder = CONNECTIONS.claim(settings.serial(), settings.printerId());
        if (holder != null) {
            logger.error("Bambu Lab printer configuration {}: the printer with serial {} is already read as printer "
                    + "'{}'; one connection per printer (printers accept only a few clients); no driver is "
                    + "registered", pid, settings.serial(), holder);
            return;
        }
        claimed = settings;
        String prefix = "Bambu Lab printer " + settings.printerId() + ": ";
        driver = new BambuPrinterDriver(settings, BambuClient.Timing.DEFAULT, new BambuClient.Log() {
            @Override
            public void info(String message) {
                logger.info(prefix + message);
            }

            @Override
            public void warn(String message) {
                logger.warn(prefix + message);
            }
        }, Clock.systemUTC()).start();
        registration = context.registerService(PrinterDriver.class, driver,
                FrameworkUtil.asDictionary(driver.serviceProperties()));
        logger.info("Bambu Lab printer {} reads {} (serial {}) over MQTT/TLS, {}", settings.printerId(),
                settings.where(), settings.serial(), !settings.verifyCertificate()
                        ? "certificate NOT verified (verifyCertificate=false)"
                        : "certificate checked against " + (settings.caFile() == null ? "the Bambu Lab CAs"
                                : settings.caFile()) + " and the serial");
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
        if (claimed != null) {
            CONNECTIONS.release(claimed.serial(), claimed.printerId());
        }
    }
}
