package carbine.driver.moonraker;

/** Constants for configuring Moonraker printer drivers and finding their services. */
public final class MoonrakerDriver {
    /** Factory PID: one configuration of this PID is one Klipper printer read through its Moonraker. */
    public static final String FACTORY_PID = "carbine.driver.moonraker";

    /** Service property: the Moonraker base URL a driver reads (without credentials). */
    public static final String URL_PROPERTY = "carbine.driver.moonraker.url";

    /** Service property: the local id of the printer a driver serves. */
    public static final String PRINTER_PROPERTY = "carbine.driver.moonraker.printer";

    /** Default time allowed for connecting and for each request's answer, milliseconds. */
    public static final long DEFAULT_TIMEOUT_MILLIS = 2000;

    private MoonrakerDriver() {}
}
