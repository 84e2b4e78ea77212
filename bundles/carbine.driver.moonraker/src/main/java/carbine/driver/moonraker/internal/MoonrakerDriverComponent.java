package carbine.driver.moonraker.internal;

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
import carbine.driver.moonraker.MoonrakerDriver;

/**
 * One Klipper printer per factory configuration of {@value MoonrakerDriver#FACTORY_PID}. The driver is registered
 * by hand rather than by DS: its {@code carbine.driver.name} is computed, and a configuration without a usable URL
 * must register nothing at all.
 */
// advertises the hand-registered driver to the resolver, as DS would for a service it registers
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=carbine.api.driver.PrinterDriver",
        uses = PrinterDriver.class)
@Component(configurationPid = MoonrakerDriver.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = Config.class, factory = true)
public class MoonrakerDriverComponent {
    @Reference(service = LoggerFactory.class)
    private Logger logger;

    private MoonrakerPrinterDriver driver;
    private ServiceRegistration<PrinterDriver> registration;

    // the raw map, not the typed Config: a malformed timeoutMillis is then a log line, not a failed activation
    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        Object pid = properties.get("service.pid");
        DriverSettings.Validation validation = DriverSettings.from(properties);
        validation.warnings().forEach(warning -> logger.warn("Moonraker printer configuration {}: {}", pid, warning));
        if (!validation.isValid()) {
            validation.errors().forEach(error -> logger.error(
                    "Moonraker printer configuration {}: {}; no driver is registered", pid, error));
            return;
        }
        DriverSettings settings = validation.settings();
        driver = new MoonrakerPrinterDriver(settings, Clock.systemUTC(), MoonrakerClient.Timing.DEFAULT,
                new MoonrakerClient.Log() {
                    @Override
                    public void info(String message) {
                        logger.info(message);
                    }

                    @Override
                    public void warn(String message) {
                        logger.warn(message);
                    }
                }).start();
        registration = context.registerService(PrinterDriver.class, driver,
                FrameworkUtil.asDictionary(driver.serviceProperties()));
        logger.info("Moonraker printer {} reads {} ({}, timeout {} ms)", settings.printerId(),
                driver.client().websocket(), settings.hasApiKey() ? "with an API key" : "as a trusted client",
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
    }
}
