package carbine.api;

/**
 * Names of the framework properties that every Carbine bundle honours.
 *
 * <p>Read them with {@code BundleContext.getProperty(...)}, which also sees system properties.
 */
public final class Carbine {
    /** Directory for the database, {@code alerts.log}, {@code status.json}; default {@value #DEFAULT_DATA_DIR}. */
    public static final String DATA_DIR_PROPERTY = "carbine.data";
    public static final String DEFAULT_DATA_DIR = "data";

    /** Directory watched for configuration files ({@code *.cfg}, {@code *.config}); default {@value #DEFAULT_CONF_DIR}. */
    public static final String CONF_DIR_PROPERTY = "carbine.conf";
    public static final String DEFAULT_CONF_DIR = "conf";

    /** HTTP port of the embedded web server (the standard OSGi HTTP property). */
    public static final String HTTP_PORT_PROPERTY = "org.osgi.service.http.port";

    private Carbine() {}
}
