package carbine.driver.bambu;

/** Constants for configuring Bambu Lab printer drivers and finding their services. */
public final class BambuDriver {
    /** Factory PID: one configuration of this PID is one Bambu Lab printer read over its LAN MQTT interface. */
    public static final String FACTORY_PID = "carbine.driver.bambu";

    /** Service property: the printer's address (host name or IP) a driver connects to. */
    public static final String HOST_PROPERTY = "carbine.driver.bambu.host";

    /** Service property: the printer's serial number (its MQTT topics and its certificate's name). */
    public static final String SERIAL_PROPERTY = "carbine.driver.bambu.serial";

    /** Service property: the local id of the printer a driver serves. */
    public static final String PRINTER_PROPERTY = "carbine.driver.bambu.printer";

    /** The printers' MQTT over TLS port. */
    public static final int DEFAULT_PORT = 8883;

    private BambuDriver() {}
}
