package carbine.launch;

import java.io.Console;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;

/**
 * The {@code Main-Class} of {@code carbine.jar}: settles what bnd's launcher cannot know when the jar is built, then
 * hands over to it.
 *
 * <ul>
 * <li><b>Framework storage under the data directory</b> ({@code <carbine.data>/framework}), kept across starts:
 * bundles installed or updated through the Web Console or {@code deploy/}, and Config Admin's state, survive a
 * restart, and a {@code kill -9} leaves nothing behind in the shared temporary directory. The launcher updates
 * the bundles that {@code carbine.jar} carries at every start, so a new jar brings its own versions.</li>
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
