package carbine.driver.octoprint;

/** Constants for configuring OctoPrint printer drivers and finding their services. */
public final class OctoPrintDriver {
    /** Factory PID (= the bundle's symbolic name): one configuration of this PID is one printer behind OctoPrint. */
    public static final String FACTORY_PID = "carbine.driver.octoprint";

    /** Service property: the base URL of the OctoPrint server a driver reads (never the API key). */
    public static final String URL_PROPERTY = "carbine.driver.octoprint.url";

    /** Service property: the local id of the printer a driver serves. */
    public static final String PRINTER_PROPERTY = "carbine.driver.octoprint.printer";

    /** Default time allowed for connecting and, separately, for each answer, milliseconds. */
    public static final long DEFAULT_TIMEOUT_MILLIS = 2000;

    private OctoPrintDriver() {}
}
