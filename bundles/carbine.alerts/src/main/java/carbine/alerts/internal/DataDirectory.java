package carbine.alerts.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;

import carbine.api.Carbine;

/** Finds (and creates) the data directory named by the framework property {@code carbine.data}. */
final class DataDirectory {
    private DataDirectory() {}

    static Path of(BundleContext context, Consumer<String> errors) {
        return prepare(Carbine.dataDirectory(context), errors);
    }

    static Path prepare(Path dir, Consumer<String> errors) {
        try {
            Files.createDirectories(dir);
        } catch (IOException | RuntimeException e) {
            errors.accept("cannot create the data directory " + dir + " (" + e + "); set the framework property "
                    + Carbine.DATA_DIR_PROPERTY + " to a writable directory");
            return dir;
        }
        if (!Files.isWritable(dir)) {
            errors.accept("the data directory " + dir + " is not writable; set the framework property "
                    + Carbine.DATA_DIR_PROPERTY + " to a writable directory");
        }
        return dir;
    }
}
