package carbine.runtime.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import carbine.api.Carbine;

/**
 * Writes a change made to a file-born configuration (one FileInstall made from a {@code .cfg} file), for example
 * in the Web Console, back into its file, so that it survives a restart and the file stays the truth. It replaces
 * FileInstall's own write-back, which the runtime turns off ({@code felix.fileinstall.enableConfigSave=false}):
 * that one rewrites the file in place and raced with FileInstall's scanner, emptying files at start.
 * See {@link ConfFile} for how a file is written.
 */
@Component(service = ConfigurationListener.class)
public class ConfWriteBack implements ConfigurationListener {
    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final Logger logger;

    @Activate
    public ConfWriteBack(BundleContext context, @Reference ConfigurationAdmin configAdmin,
            @Reference(service = LoggerFactory.class) Logger logger) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.logger = logger;
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() != ConfigurationEvent.CM_UPDATED) {
            return; // a deleted configuration: FileInstall deletes a configuration when its file goes, not the reverse
        }
        Configuration configuration;
        Dictionary<String, Object> properties;
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + event.getPid() + ")");
            if (found == null || found.length == 0 || (properties = found[0].getProperties()) == null) {
                return;
            }
            configuration = found[0];
        } catch (IOException | InvalidSyntaxException e) {
            logger.warn("cannot read configuration {} to write it back: {}", event.getPid(), e.toString());
            return;
        }
        Path file = ConfFile.fileOf(properties.get(ConfFile.FILENAME));
        boolean lostItsFile = false;
        if (file == null) {
            // the Web Console saves only the properties of its form, dropping FileInstall's file name
            file = ConfFile.conventionalFile(Carbine.confDirectory(context), event.getPid());
            lostItsFile = file != null;
        }
        if (file == null || !ConfFile.isConfigurationFile(file) || !Files.isRegularFile(file)) {
            return; // not born from a file (made in the Web Console, or the default printer): Config Admin keeps it
        }
        synchronized (this) {
            try {
                if (ConfFile.writeBack(file, properties, this::substitute)) {
                    logger.info("configuration {} changed: written back to {}", event.getPid(), file);
                }
                if (lostItsFile) {
                    // FileInstall and the clean-up at start find a configuration by its file: give it back
                    properties.put(ConfFile.FILENAME, ConfFile.fileInstallKey(file));
                    configuration.updateIfDifferent(properties);
                }
            } catch (IOException | RuntimeException e) {
                logger.error("cannot write configuration {} back to {}: {} (the running configuration has the "
                        + "change; the file does not)", event.getPid(), file, e.toString());
            }
        }
    }

    /** {@code ${name}} in a configuration file, resolved as FileInstall does: {@code env:NAME}, then properties. */
    private String substitute(String name) {
        if (name.startsWith("env:")) {
            return System.getenv(name.substring(4));
        }
        String value = context.getProperty(name);
        return value != null ? value : System.getProperty(name);
    }
}
