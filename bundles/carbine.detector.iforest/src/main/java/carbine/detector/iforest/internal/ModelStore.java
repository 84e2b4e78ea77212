package carbine.detector.iforest.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Keeps trained models as files {@code <directory>/<key>.model} (Java serialization). Writes go to a temporary
 * file that is then moved into place, so a crash never leaves half a model. Reading resolves classes through
 * this bundle's class loader (Smile is embedded here, invisible to the framework's default loader) and accepts
 * only the classes a model is made of. A file that cannot be read is reported and ignored.
 */
final class ModelStore {
    /**
     * Only what a model is made of may be deserialized. Since format 4 a model holds no Smile object: a file of an
     * older format (Smile's trees) is refused here, logged and ignored, and the model retrained.
     */
    private static final List<String> ALLOWED = List.of("carbine.detector.iforest.internal.",
            "java.time.", "java.util.", "java.lang.Enum", "java.lang.Number", "java.lang.Double",
            "java.lang.Integer", "java.lang.Long", "java.lang.Record", "java.lang.Object");
    private static final int MAX_DEPTH = 200;

    private final Path directory;
    private final Log log;

    ModelStore(Path directory, Log log) {
        this.directory = directory;
        this.log = log;
    }

    Path directory() {
        return directory;
    }

    Path file(String key) {
        return directory.resolve(fileName(key) + ".model");
    }

    /** Writes the model atomically; failures are logged, the model stays in use in memory. */
    void save(String key, TrainedModel model) {
        Path target = file(key);
        try {
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, fileName(key), ".tmp");
            try {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp));
                        ObjectOutputStream objects = new ObjectOutputStream(out)) {
                    objects.writeObject(model);
                }
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | RuntimeException e) {
            log.error("cannot save the model of {} to {}: {}", key, target, e.toString());
        }
    }

    /** The stored model, or empty when there is none or it cannot be read (logged). */
    Optional<TrainedModel> load(String key) {
        Path source = file(key);
        if (!Files.isRegularFile(source)) {
            return Optional.empty();
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(source));
                ObjectInputStream objects = new BundleObjectInputStream(in)) {
            objects.setObjectInputFilter(ModelStore::allowed);
            Object read = objects.readObject();
            if (!(read instanceof TrainedModel model) || model.format() != TrainedModel.FORMAT) {
                log.warn("ignoring the model file {}: not a model of format {}; it will be retrained", source,
                        TrainedModel.FORMAT);
                return Optional.empty();
            }
            return Optional.of(model);
        } catch (Exception | LinkageError e) {
            log.warn("ignoring the unreadable model file {} ({}); it will be retrained", source, e.toString());
            return Optional.empty();
        }
    }

    /** Printer ids may hold any character; file names keep safe ones and stay distinct by a hash when changed. */
    static String fileName(String key) {
        String safe = key.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.equals(key) && !key.startsWith(".") && !key.isEmpty()) {
            return key;
        }
        if (safe.startsWith(".")) {
            // no hidden files, no "." or ".."
            safe = "_" + safe;
        }
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        int hash = java.util.Arrays.hashCode(bytes);
        return safe + "-" + HexFormat.of().toHexDigits(hash);
    }

    private static ObjectInputFilter.Status allowed(ObjectInputFilter.FilterInfo info) {
        if (info.depth() > MAX_DEPTH) {
            return ObjectInputFilter.Status.REJECTED;
        }
        Class<?> type = info.serialClass();
        if (type == null) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        while (type.isArray()) {
            type = type.getComponentType();
        }
        String name = type.getName();
        return type.isPrimitive() || ALLOWED.stream().anyMatch(name::startsWith)
                ? ObjectInputFilter.Status.ALLOWED
                : ObjectInputFilter.Status.REJECTED;
    }

    private static final class BundleObjectInputStream extends ObjectInputStream {
        BundleObjectInputStream(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, ModelStore.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                // primitives and arrays of them are resolved by the default implementation
                return super.resolveClass(desc);
            }
        }
    }
}
