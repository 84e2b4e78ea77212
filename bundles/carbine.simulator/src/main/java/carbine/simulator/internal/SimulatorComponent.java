package carbine.simulator.internal;

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
import carbine.config.Configs;
import carbine.simulator.Simulator;

/**
 * One simulated printer per factory configuration of {@value Simulator#FACTORY_PID}. The driver is registered
 * by hand rather than by DS because its {@code carbine.driver.name} is computed from the configuration.
 */
// advertises the hand-registered driver to the resolver, as DS would for a service it registers
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=carbine.api.driver.PrinterDriver",
        uses = PrinterDriver.class)
@Component(configurationPid = Simulator.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = Config.class, factory = true)
public class SimulatorComponent {
    @Reference(service = LoggerFactory.class)
    private Logger logger;

    private ServiceRegistration<PrinterDriver> registration;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        // the raw map, read against Config by carbine.config's Configs: a malformed value is a log line, not a failure
        Config config = Configs.read(Config.class, properties, p -> logger.error("simulated printer {}", p));
        Settings settings = Settings.from(config, maxCount(context), problem -> logger.error(
                "simulated printer configuration: property {} = '{}' is invalid ({}); using {}",
                problem.property(), problem.value(), problem.rule(), problem.fallback()));
        SimulatedPrinterDriver driver = new SimulatedPrinterDriver(settings, Clock.systemUTC());
        registration = context.registerService(PrinterDriver.class, driver,
                FrameworkUtil.asDictionary(driver.serviceProperties()));
        logger.info("simulated printer {} started: scenario {}, phases of {} s, time scale {}",
                settings.printerId(), settings.scenario().configName(), settings.phaseSeconds(),
                settings.timeScale());
    }

    private int maxCount(BundleContext context) {
        String value = context.getProperty(Settings.MAX_COUNT_PROPERTY);
        if (value == null || value.isBlank()) {
            return Settings.DEFAULT_MAX_COUNT;
        }
        try {
            return Math.max(1, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            logger.error("framework property {} = '{}' is not a whole number; using {}", Settings.MAX_COUNT_PROPERTY,
                    value, Settings.DEFAULT_MAX_COUNT);
            return Settings.DEFAULT_MAX_COUNT;
        }
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters a stopping bundle's services itself
        }
    }
}
