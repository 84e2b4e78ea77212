package carbine.launch;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code Main-Class} of {@code carbine.jar}: settles what bnd's launcher cannot know when the jar is built, then
 * hands over to it.
 *
 * <ul>
 * <li><b>Framework storage under the data directory</b> ({@code <carbine.data>/framework}), kept across starts:
 * bundles installed or updated through the Web Console or {@code deploy/}, and Config Admin's state, survive a
 * restart, and a {@code kill -9} leaves nothing behind in the shared temporary directory. The launcher updates
 * the bundles that {@code carbine.jar} carries at every start, so a new jar brings its own versions.</li>
 * <li><b>A private data directory</b>: created, or tightened, to {@code rwx------}, so the database, the logs and
 * the password hash are readable by the account Carbine runs as only.</li>
 * <li><b>An interactive shell only with a terminal.</b> Without one (systemd, Docker, cron, {@code nohup}),
 * Gogo would read end-of-file and stop the framework; then it runs without a console.</li>
 * </ul>
 * Each can be overridden with the system property it sets ({@code launch.storage.dir}, {@code launch.keep},
 * {@code gosh.args}).
 */
public final class Main {
    static final String DATA_PROPERTY = "carbine.data";

    private Main() {
    }

    public static void main(String[] args) throws Throwable {
        Path data = dataDirectory(System.getProperty(DATA_PROPERTY));
        String tightened = makePrivate(data);
        if (tightened != null) {
            System.err.println("Carbine: " + tightened);
        }
        setIfAbsent("launch.storage.dir", data.resolve("framework").toAbsolutePath().normalize().toString());
        setIfAbsent("launch.keep", "true");
        if (!interactiveTerminal()) {
            setIfAbsent("gosh.args", "--nointeractive");
        }
        try {
            Class.forName("aQute.launcher.pre.EmbeddedLauncher").getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The same rule as {@code carbine.api.Carbine.dataDirectory}: blank or unset means {@code ./data}. */
    static Path dataDirectory(String property) {
        return Path.of(property == null || property.isBlank() ? "data" : property.trim());
    }

    /**
     * Creates the data directory readable by its owner only, or takes group and other permissions away from an
     * existing one. Returns what was changed (for one line on the console), null if nothing was; where the file
     * system has no POSIX permissions (Windows), only creates it.
     */
    static String makePrivate(Path data) throws IOException {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rwx------");
        boolean posix = data.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.exists(data)) {
            if (posix) {
                Files.createDirectories(data, PosixFilePermissions.asFileAttribute(ownerOnly));
                Files.setPosixFilePermissions(data, ownerOnly); // createDirectories is subject to the umask
            } else {
                Files.createDirectories(data);
            }
            return null;
        }
        if (!posix) {
            return null;
        }
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(data);
        Set<PosixFilePermission> kept = EnumSet.noneOf(PosixFilePermission.class);
        kept.addAll(now);
        kept.retainAll(ownerOnly);
        if (kept.equals(now)) {
            return null;
        }
        Files.setPosixFilePermissions(data, kept);
        return "the data directory " + data.toAbsolutePath() + " was " + PosixFilePermissions.toString(now)
                + ", now " + PosixFilePermissions.toString(kept) + " (it holds the history, the logs and the password hash)";
    }

    /**
     * Whether standard input and output are a terminal. {@code System.console()} is null without one on Java 21;
     * from Java 22 it may return a console for redirected streams too, which then says {@code isTerminal() == false}.
     */
    static boolean interactiveTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException | RuntimeException olderJava) {
            return true;
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
