package carbine.runtime.internal;

import java.nio.file.Path;

import org.osgi.framework.BundleContext;

import carbine.api.Carbine;

/** Resolves Carbine's directories from framework properties, as every bundle does. */
final class Directories {
    private Directories() {}

    static Path data(BundleContext context) {
        return resolve(context, Carbine.DATA_DIR_PROPERTY, Carbine.DEFAULT_DATA_DIR);
    }

    static Path conf(BundleContext context) {
        return resolve(context, Carbine.CONF_DIR_PROPERTY, Carbine.DEFAULT_CONF_DIR);
    }

    private static Path resolve(BundleContext context, String property, String fallback) {
        String value = context.getProperty(property);
        return Path.of(value == null || value.isBlank() ? fallback : value).toAbsolutePath().normalize();
    }
}
