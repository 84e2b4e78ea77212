package carbine.driver.http;

/** Constants for configuring HTTP printer drivers and finding their services. */
public final class HttpDriver {
    /** Factory PID: one configuration of this PID is one remote printer read over HTTP. */
    public static final String FACTORY_PID = "carbine.driver.http";

    /** Service property: the status URL a driver reads. */
    public static final String URL_PROPERTY = "carbine.driver.http.url";

    /** Service property: the local id of the printer a driver serves. */
    public static final String PRINTER_PROPERTY = "carbine.driver.http.printer";

    /** Default time allowed for connecting and for the whole answer, milliseconds. */
    public static final long DEFAULT_TIMEOUT_MILLIS = 1500;

    private HttpDriver() {}
}
