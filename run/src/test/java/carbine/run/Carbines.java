package carbine.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import carbine.api.Carbine;

/** Helpers shared by the integration tests: directories and configurations of the running Carbine. */
final class Carbines {
    private Carbines() {}

    static Path dataDir(BundleContext context) {
        return Path.of(context.getProperty(Carbine.DATA_DIR_PROPERTY));
    }

    static Path confDir(BundleContext context) {
        return Path.of(context.getProperty(Carbine.CONF_DIR_PROPERTY));
    }

    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    /**
     * A printer id unique to this test run, so that no test can see rows or alerts left by an earlier run in the
     * same data directory.
     */
    static String printerId(String name) {
        return "it-" + name + "-" + RUN;
    }

    static Dictionary<String, Object> props(Object... keyValues) {
        Dictionary<String, Object> d = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            d.put((String) keyValues[i], keyValues[i + 1]);
        }
        return d;
    }

    /** Creates (or replaces) a simulated printer; returns its configuration, to delete it afterwards. */
    static Configuration simulator(ConfigurationAdmin cm, String printerId, Object... more) throws IOException {
        Configuration c = cm.getFactoryConfiguration("carbine.simulator", printerId, "?");
        Dictionary<String, Object> p = props(more);
        p.put("printerId", printerId);
        c.update(p);
        return c;
    }

    /** The base URL of the HTTP server, {@code http://127.0.0.1:PORT/}. */
    static String httpBase(org.osgi.service.servlet.runtime.HttpServiceRuntime http) {
        return WebConsole.endpoint(http.getRuntimeDTO().serviceDTO.properties
                .get(org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT));
    }

    /** Sets the poller's interval (sub-second in tests). */
    static void pollEvery(ConfigurationAdmin cm, long millis, Object... more) throws IOException {
        Dictionary<String, Object> p = props(more);
        p.put("intervalMillis", millis);
        cm.getConfiguration("carbine.poller", "?").update(p);
    }

    /** Runs one Gogo command line, as typed at the g! prompt; its result as text. */
    static String shell(CommandProcessor gogo, String line) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        CommandSession session = gogo.createSession(InputStream.nullInputStream(), print, print);
        try {
            return String.valueOf(session.execute(line));
        } finally {
            session.close();
        }
    }
}
