package carbine.driver.prusalink;

/** Constants for configuring PrusaLink printer drivers and finding their services. */
public final class PrusaLinkDriver {
    /** Factory PID (= the bundle's symbolic name): one configuration of this PID is one printer with PrusaLink. */
    public static final String FACTORY_PID = "carbine.driver.prusalink";

    /** Service property: the base URL of the printer's PrusaLink a driver reads (never the password). */
    public static final String URL_PROPERTY = "carbine.driver.prusalink.url";

    /** Service property: the local id of the printer a driver serves. */
    public static final String PRINTER_PROPERTY = "carbine.driver.prusalink.printer";

    /** The user name PrusaLink has for HTTP Digest authentication unless it was changed. */
    public static final String DEFAULT_USERNAME = "maker";

    /** Default time allowed for connecting and, separately, for each answer, milliseconds. */
    public static final long DEFAULT_TIMEOUT_MILLIS = 2000;

    private PrusaLinkDriver() {}
}
