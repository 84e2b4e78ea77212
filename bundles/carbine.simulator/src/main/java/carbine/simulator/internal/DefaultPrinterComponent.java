package carbine.simulator.internal;


import carbine.api.Carbine;

import java.io.IOException;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import carbine.simulator.Simulator;

/**
 * Creates the default simulated printer when none is configured, unless the framework property
 * {@value Simulator#DEFAULT_PRINTER_PROPERTY} is {@code false}.
 */
@Component
public class DefaultPrinterComponent {
    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference
    private ConfigurationAdmin configurationAdmin;

    @Activate
    void activate(BundleContext context) {
        String property = context.getProperty(Simulator.DEFAULT_PRINTER_PROPERTY);
        DefaultPrinter defaultPrinter = new DefaultPrinter(configurationAdmin);
        try {
            defaultPrinter.deleteIfNotWanted(Carbine.confDirectory(context), DefaultPrinter.enabled(property))
                    .ifPresent(pid -> logger.info("the default simulated printer {} ({}) is removed: simulators are "
                            + "configured in the configuration directory, or {}={}", Simulator.DEFAULT_PRINTER_ID, pid,
                            Simulator.DEFAULT_PRINTER_PROPERTY, property));
        } catch (IOException | RuntimeException e) {
            logger.error("could not remove the default simulated printer {}: {}", Simulator.DEFAULT_PRINTER_ID,
                    e.toString());
        }
        if (!DefaultPrinter.enabled(property)) {
            logger.info("no default simulated printer: {}={}", Simulator.DEFAULT_PRINTER_PROPERTY, property);
            return;
        }
        try {
            defaultPrinter.createIfNoneConfigured(Carbine.confDirectory(context)).ifPresent(pid -> logger.info(
                    "no simulated printer was configured: created {} ({}); set {}=false to prevent this",
                    Simulator.DEFAULT_PRINTER_ID, pid, Simulator.DEFAULT_PRINTER_PROPERTY));
        } catch (IOException | RuntimeException e) {
            logger.error("could not create the default simulated printer {}: {}", Simulator.DEFAULT_PRINTER_ID,
                    e.toString());
        }
    }
}
