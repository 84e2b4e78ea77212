package carbine.dashboard.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Printers added from the dashboard are configuration files, {@code conf/<factoryPid>-<printerId>.cfg}: the
 * runtime's watcher turns them into factory configurations within a second, they survive restarts, and a person
 * can edit or delete them by hand. Written atomically (a temporary file, then a move) and readable by the owner
 * only, since they hold keys and passwords.
 */
final class PrinterFiles {
    /** What a printer id may be: it becomes part of a file name. */
    static final Pattern PRINTER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** A printer file found in the configuration directory. */
    record Saved(String factoryPid, String printerId, Path file) {}

    private PrinterFiles() {
    }

    static Path fileFor(Path conf, String factoryPid, String printerId) {
        if (!PRINTER_ID.matcher(printerId).matches()) {
            throw new IllegalArgumentException("a printer id has 1 to 64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        return conf.resolve(factoryPid + "-" + printerId + ".cfg");
    }

    /**
     * Writes a new printer file; refuses to replace one (a printer id is unique). Empty values are left out, so the
     * driver's defaults apply.
     */
    static Path create(Path conf, String factoryPid, String printerId, Map<String, String> values) throws IOException {
        Path file = fileFor(conf, factoryPid, printerId);
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "a printer with this id is already configured");
        }
        return write(conf, file, printerId, values, "a printer added in the dashboard (Printers > Add)");
    }

    /**
     * Rewrites an existing printer file with new values (Printers → Edit). An empty value of a {@code secret}
     * property keeps the saved one (secrets are never shown back, so the form leaves them empty); any other empty
     * value is left out, so the driver's default applies. Properties the form does not know (added by hand) stay.
     */
    static Path update(Path conf, String factoryPid, String printerId, Map<String, String> values,
            Collection<String> secrets) throws IOException {
        Path file = fileFor(conf, factoryPid, printerId);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no printer with this id is configured");
        }
        Map<String, String> merged = new LinkedHashMap<>(read(file));
        values.forEach((k, v) -> {
            boolean blank = v == null || v.isBlank();
            if (!blank) {
                merged.put(k, v);
            } else if (!secrets.contains(k)) {
                merged.remove(k);
            }
        });
        return write(conf, file, printerId, merged, "a printer edited in the dashboard (Printers > Edit)");
    }

    /** The properties of a printer file. */
    static Map<String, String> read(Path file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) { // Properties' own escapes
            p.load(in);
        }
        Map<String, String> values = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        return values;
    }

    /** Atomically (a temporary file, then a move), owner-readable only from the start. */
    private static Path write(Path conf, Path file, String printerId, Map<String, String> values, String comment)
            throws IOException {
        Properties p = new Properties();
        values.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                p.setProperty(k, v.trim());
            }
        });
        p.setProperty("printerId", printerId);
        StringWriter text = new StringWriter();
        p.store(text, comment + "; edit or delete this file freely");
        Files.createDirectories(conf);
        Path temp = Files.createTempFile(conf, ".printer-", ".tmp"); // owner-only from the start
        try {
            Files.writeString(temp, text.toString(), StandardCharsets.ISO_8859_1); // Properties' own escapes
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the directory's own protection applies
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return file;
    }

    /** The printer files of these factory PIDs, by file name. */
    static List<Saved> list(Path conf, Collection<String> factoryPids) throws IOException {
        List<Saved> result = new ArrayList<>();
        if (!Files.isDirectory(conf)) {
            return result;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(conf, "*.cfg")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                for (String pid : factoryPids) {
                    if (name.startsWith(pid + "-")) {
                        result.add(new Saved(pid, name.substring(pid.length() + 1, name.length() - 4), f));
                    }
                }
            }
        }
        result.sort(Comparator.comparing(Saved::printerId));
        return result;
    }
}
