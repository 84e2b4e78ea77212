package carbine.simulator.internal;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Optional;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import carbine.simulator.Simulator;

/**
 * Makes sure a fresh Carbine shows one printer: creates the simulator configuration {@code printer-1} when
 * no simulator is configured at all. Idempotent: the configuration is a named factory configuration, so
 * running this twice never creates a second printer.
 */
final class DefaultPrinter {
    private final ConfigurationAdmin configurationAdmin;

    DefaultPrinter(ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
    }

    /** Whether the framework property allows a default printer; only an explicit {@code false} forbids it. */
    static boolean enabled(String frameworkProperty) {
        return frameworkProperty == null || !frameworkProperty.trim().equalsIgnoreCase("false");
    }

    /**
     * @return the PID of the configuration created, or empty if a simulator was configured already
     */
    Optional<String> createIfNoneConfigured() throws IOException {
        if (anySimulatorConfigured()) {
            return Optional.empty();
        }
        // "?" binds the configuration to no bundle in particular, so a reinstalled simulator bundle still gets it
        Configuration configuration = configurationAdmin.getFactoryConfiguration(Simulator.FACTORY_PID,
                Simulator.DEFAULT_PRINTER_ID, "?");
        if (configuration.getProperties() != null) {
            return Optional.empty();
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("printerId", Simulator.DEFAULT_PRINTER_ID);
        configuration.update(properties);
        return Optional.of(configuration.getPid());
    }

    private boolean anySimulatorConfigured() throws IOException {
        try {
            Configuration[] existing = configurationAdmin
                    .listConfigurations("(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + Simulator.FACTORY_PID + ")");
            return existing != null && existing.length > 0;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("constant filter is invalid", e);
        }
    }
}
