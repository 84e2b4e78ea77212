package carbine.simulator.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Optional;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import carbine.simulator.Simulator;

/**
 * Makes sure a fresh Carbine shows one printer: creates the simulator configuration {@code printer-1} when
 * no simulator is configured at all — neither in Config Admin nor as a file in the configuration directory
 * (FileInstall reads those a moment after start, so Config Admin alone would answer too early). Idempotent: the configuration is a named factory configuration, so
 * running this twice never creates a second printer.
 */
final class DefaultPrinter {
    /** What FileInstall adds to a configuration it made from a file. */
    static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";
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
    Optional<String> createIfNoneConfigured(Path confDir) throws IOException {
        if (anySimulatorConfigured() || anySimulatorFile(confDir)) {
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

    /**
     * Config Admin keeps its configurations across restarts, so the default printer made at an earlier start is
     * still there. It is only for a Carbine with no simulator of its own: once simulator files are in the
     * configuration directory (or the default is turned off), it is deleted. A {@code printer-1} that came from
     * a file of that name is the user's and stays.
     *
     * @return the PID of the configuration deleted, or empty
     */
    Optional<String> deleteIfNotWanted(Path confDir, boolean enabled) throws IOException {
        if (enabled && !anySimulatorFile(confDir)) {
            return Optional.empty();
        }
        for (Configuration configuration : simulatorConfigurations()) {
            if (configuration.getPid().equals(Simulator.FACTORY_PID + "~" + Simulator.DEFAULT_PRINTER_ID)
                    && configuration.getProperties().get(FILEINSTALL_FILENAME) == null) {
                configuration.delete();
                return Optional.of(configuration.getPid());
            }
        }
        return Optional.empty();
    }

    /** A file {@code carbine.simulator-<name>.cfg} (or {@code .config}) waiting to be read by FileInstall. */
    static boolean anySimulatorFile(Path confDir) throws IOException {
        if (confDir == null || !Files.isDirectory(confDir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(confDir)) {
            return files.map(f -> f.getFileName().toString())
                    .anyMatch(n -> n.startsWith(Simulator.FACTORY_PID + "-") && (n.endsWith(".cfg") || n.endsWith(".config")));
        }
    }

    private boolean anySimulatorConfigured() throws IOException {
        return simulatorConfigurations().length > 0;
    }

    private Configuration[] simulatorConfigurations() throws IOException {
        try {
            Configuration[] existing = configurationAdmin
                    .listConfigurations("(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + Simulator.FACTORY_PID + ")");
            return existing == null ? new Configuration[0] : existing;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("constant filter is invalid", e);
        }
    }
}
