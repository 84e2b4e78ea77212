package carbine.runtime.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import carbine.api.Carbine;

/**
 * Makes Felix FileInstall watch the configuration directory ({@code carbine.conf}, default {@code ./conf}).
 *
 * <p>A file {@code <pid>.cfg} or {@code <factoryPid>-<name>.cfg} dropped there becomes a configuration; deleting
 * it deletes the configuration. FileInstall's own start-up directory ({@code felix.fileinstall.dir}) is left for
 * bundles (the deploy directory), so the two never watch the same files.
 */
@Component(immediate = true)
public class ConfDirectory {
    static final String FILEINSTALL_FACTORY_PID = "org.apache.felix.fileinstall";
    static final String NAME = "carbine-conf";

    @Activate
    public ConfDirectory(BundleContext context, @Reference ConfigurationAdmin configAdmin,
            @Reference(service = LoggerFactory.class) Logger logger) throws IOException {
        Path dir = Carbine.confDirectory(context);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create the configuration directory " + dir + ": " + e.getMessage(), e);
        }
        createDeployDirectory(context, logger);
        forgetDeletedFiles(configAdmin, dir, logger);
        Configuration watch = configAdmin.getFactoryConfiguration(FILEINSTALL_FACTORY_PID, NAME, "?");
        watch.updateIfDifferent(watchProperties(dir));
        logger.info("watching {} for configuration files (*.cfg, *.config)", dir);
    }

    /**
     * FileInstall's own directory ({@code felix.fileinstall.dir}, {@code ./deploy} by default) takes bundle jars.
     * FileInstall only warns when it is missing; creating it here makes dropping a jar there just work.
     */
    private static void createDeployDirectory(BundleContext context, Logger logger) {
        String deploy = context.getProperty("felix.fileinstall.dir");
        if (deploy != null && !deploy.isBlank()) {
            try {
                Files.createDirectories(Path.of(deploy));
            } catch (IOException | RuntimeException e) {
                logger.warn("cannot create the deploy directory {}: {}", deploy, e.toString());
            }
        }
    }

    /**
     * Config Admin keeps its configurations across restarts (the framework storage lives in the data directory),
     * while FileInstall only notices files deleted while it runs. A configuration made from a file in the
     * configuration directory that is gone now is deleted here, before FileInstall looks: the directory stays
     * the truth.
     */
    static void forgetDeletedFiles(ConfigurationAdmin configAdmin, Path dir, Logger logger) {
        Configuration[] all;
        try {
            all = configAdmin.listConfigurations("(" + ConfFile.FILENAME + "=*)");
        } catch (IOException | InvalidSyntaxException e) {
            logger.warn("cannot list the configurations made from files: {}", e.toString());
            return;
        }
        Path absoluteDir = dir.toAbsolutePath().normalize();
        for (Configuration configuration : all == null ? new Configuration[0] : all) {
            Dictionary<String, Object> properties = configuration.getProperties();
            Path file = properties == null ? null : ConfFile.fileOf(properties.get(ConfFile.FILENAME));
            if (file != null && file.toAbsolutePath().normalize().startsWith(absoluteDir) && !Files.exists(file)) {
                try {
                    configuration.delete();
                    logger.info("configuration {} deleted: its file {} was removed while Carbine was stopped",
                            configuration.getPid(), file);
                } catch (IOException | RuntimeException e) {
                    logger.warn("cannot delete configuration {} of the removed file {}: {}", configuration.getPid(),
                            file, e.toString());
                }
            }
        }
    }

    static Dictionary<String, Object> watchProperties(Path dir) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("felix.fileinstall.dir", dir.toString());
        p.put("felix.fileinstall.filter", ".*\\.(cfg|config)");
        p.put("felix.fileinstall.poll", "1000");
        p.put("felix.fileinstall.noInitialDelay", "true");
        // edits made in the Web Console go back into the files through ConfWriteBack, not FileInstall's
        // in-place write-back (turned off with the framework property felix.fileinstall.enableConfigSave=false)
        return p;
    }
}
