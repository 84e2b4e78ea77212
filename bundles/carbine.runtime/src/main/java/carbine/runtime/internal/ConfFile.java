package carbine.runtime.internal;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.lang.reflect.Array;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.apache.felix.utils.properties.TypedProperties;

/**
 * A configuration file of FileInstall ({@code <pid>.cfg}, {@code <factoryPid>-<name>.cfg}) and the one way
 * Carbine writes a configuration back into it: only when the configuration differs from what the file says,
 * keeping the file's comments, order and untouched lines, and never in place — the new content goes to a
 * temporary file beside it that is then renamed over it, so FileInstall's scan can never read a half-written
 * or empty file (FileInstall's own write-back truncates the file and rewrites it while its scanner may read it:
 * that race emptied configuration files at start).
 *
 * <p>Numbers, booleans and strings are written as plain text ({@code intervalMillis = 1000}), as a person
 * writes them; the components read them leniently. Arrays keep FileInstall's typed syntax.
 */
final class ConfFile {
    /** The property FileInstall adds to every configuration it made from a file: the file's URI. */
    static final String FILENAME = "felix.fileinstall.filename";
    private static final Set<String> NOT_WRITTEN = Set.of("service.pid", "service.factoryPid", FILENAME,
            "service.bundleLocation");
    /** FileInstall's encoding of configuration files. */
    private static final java.nio.charset.Charset ENCODING = StandardCharsets.ISO_8859_1;

    private ConfFile() {}

    /** The file named by FileInstall's property ({@code file:/...} URI or a plain path), or null. */
    static Path fileOf(Object filename) {
        if (!(filename instanceof String s) || s.isBlank()) {
            return null;
        }
        try {
            return s.startsWith("file:") ? Path.of(URI.create(s)) : new File(s).toPath();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** How FileInstall writes a file into {@link #FILENAME}: {@code file:/dir/name.cfg}. */
    static String fileInstallKey(Path file) {
        return file.toFile().getAbsoluteFile().toURI().toString();
    }

    /**
     * The file FileInstall would have made a configuration from: {@code <pid>.cfg} for a singleton,
     * {@code <factoryPid>-<name>.cfg} for the named factory configuration {@code <factoryPid>~<name>}
     * ({@code .config} likewise); null if there is none.
     */
    static Path conventionalFile(Path confDir, String pid) {
        String base = pid.replaceFirst("~", "-");
        for (String extension : new String[] {".cfg", ".config"}) {
            Path candidate = confDir.resolve(base + extension);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static boolean isConfigurationFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".cfg") || name.endsWith(".config");
    }

    /**
     * Writes {@code properties} into {@code file} if they differ from it. {@code substitution} resolves
     * {@code ${...}} in the file the way FileInstall does, so a value given as {@code ${carbine.data}/x} counts as
     * unchanged and stays as it was written.
     *
     * @return whether the file was rewritten
     */
    static boolean writeBack(Path file, Dictionary<String, ?> properties, UnaryOperator<String> substitution)
            throws IOException {
        TypedProperties content = new TypedProperties((name, key, variable) -> substitution.apply(variable));
        try (Reader in = Files.newBufferedReader(file, ENCODING)) {
            content.load(in);
        }
        Map<String, Object> wanted = writable(properties);
        List<String> removed = new ArrayList<>();
        for (String key : content.keySet()) {
            if (!wanted.containsKey(key) && !NOT_WRITTEN.contains(key)) {
                removed.add(key);
            }
        }
        Map<String, Object> changed = new LinkedHashMap<>();
        wanted.forEach((key, value) -> {
            if (!sameValue(content.get(key), value)) {
                changed.put(key, value);
            }
        });
        if (removed.isEmpty() && changed.isEmpty()) {
            return false;
        }
        removed.forEach(content::remove);
        content.putAll(changed);
        replace(file, content);
        return true;
    }

    private static Map<String, Object> writable(Dictionary<String, ?> properties) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!NOT_WRITTEN.contains(key)) {
                result.put(key, plain(properties.get(key)));
            }
        }
        return result;
    }

    /** Scalars as the text a person writes; arrays and collections as they are (typed syntax). */
    private static Object plain(Object value) {
        if (value instanceof Number || value instanceof Boolean || value instanceof Character) {
            return String.valueOf(value);
        }
        return value;
    }

    static boolean sameValue(Object inFile, Object wanted) {
        Object a = plain(inFile);
        Object b = plain(wanted);
        if (a != null && b != null && a.getClass().isArray() && b.getClass().isArray()) {
            return Objects.deepEquals(asStrings(a), asStrings(b));
        }
        return Objects.equals(a, b);
    }

    private static List<String> asStrings(Object array) {
        List<String> result = new ArrayList<>();
        for (int i = 0; i < Array.getLength(array); i++) {
            result.add(String.valueOf(Array.get(array, i)));
        }
        return result;
    }

    /** Writes the content to a temporary file in the same directory, forces it to disk, renames it over the file. */
    private static void replace(Path file, TypedProperties content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        // the name matches no configuration filter (.cfg/.config), so FileInstall never reads it
        Path temporary = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            copyPermissions(file, temporary);
            try (Writer out = Files.newBufferedWriter(temporary, ENCODING, StandardOpenOption.TRUNCATE_EXISTING)) {
                content.save(out);
            }
            try (var channel = java.nio.channels.FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void copyPermissions(Path from, Path to) {
        try {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the temporary file's defaults
        }
    }

    /** For tests and messages: the permissions string of a file, or "?" */
    static String permissions(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (UnsupportedOperationException | IOException e) {
            return "?";
        }
    }
}
