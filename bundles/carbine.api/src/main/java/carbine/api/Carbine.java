package carbine.api;

import java.nio.file.Path;

import org.osgi.framework.BundleContext;

/**
 * Names of the framework properties that every Carbine bundle honours, and the one way to resolve the
 * directories they name: {@link #dataDirectory(BundleContext)}, {@link #confDirectory(BundleContext)}.
 */
public final class Carbine {
    /** Directory for the database, {@code alerts.log}, {@code status.json}; default {@value #DEFAULT_DATA_DIR}. */
    public static final String DATA_DIR_PROPERTY = "carbine.data";
    public static final String DEFAULT_DATA_DIR = "data";

    /** Directory watched for configuration files ({@code *.cfg}, {@code *.config}); default {@value #DEFAULT_CONF_DIR}. */
    public static final String CONF_DIR_PROPERTY = "carbine.conf";
    public static final String DEFAULT_CONF_DIR = "conf";

    /**
     * Servlet roles of a request to Carbine's web server ({@code request.isUserInRole(ROLE_OPERATOR)}), set by the
     * HTTP guard from the user's login; each includes the ones before it. A viewer sees; an operator also acts
     * (acknowledges, snoozes, marks maintenance done, adds printers); an admin also runs the Web Console. Check
     * before any action that changes state: a request without the role gets 403.
     */
    public static final String ROLE_VIEWER = "viewer";
    public static final String ROLE_OPERATOR = "operator";
    public static final String ROLE_ADMIN = "admin";

    private Carbine() {}

    /**
     * The data directory: {@value #DATA_DIR_PROPERTY} (framework or system property), or {@value #DEFAULT_DATA_DIR}
     * when unset or blank, as an absolute path (a relative one is taken from the working directory). Not created.
     */
    public static Path dataDirectory(BundleContext context) {
        return directory(context, DATA_DIR_PROPERTY, DEFAULT_DATA_DIR);
    }

    /** The configuration directory: {@value #CONF_DIR_PROPERTY}, or {@value #DEFAULT_CONF_DIR}; as for data. */
    public static Path confDirectory(BundleContext context) {
        return directory(context, CONF_DIR_PROPERTY, DEFAULT_CONF_DIR);
    }

    private static Path directory(BundleContext context, String property, String fallback) {
        String value = context.getProperty(property);
        return Path.of(value == null || value.isBlank() ? fallback : value.trim()).toAbsolutePath().normalize();
    }
}
