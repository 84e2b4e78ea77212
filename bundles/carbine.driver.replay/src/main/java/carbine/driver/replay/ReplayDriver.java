package carbine.driver.replay;

/** Constants for configuring replay printer drivers and the evaluation recorder, and for finding their services. */
public final class ReplayDriver {
    /** Factory PID: one configuration of this PID is one printer replayed from one CSV file. */
    public static final String FACTORY_PID = "carbine.driver.replay";

    /** PID of the evaluation recorder, which writes the alerts raised on a replayed printer as JSON lines. */
    public static final String EVALUATION_PID = "carbine.evaluation";

    /** Service property: the absolute path of the CSV file a driver replays. */
    public static final String FILE_PROPERTY = "carbine.driver.replay.file";

    /** Service property: the id of the printer a driver replays. */
    public static final String PRINTER_PROPERTY = "carbine.driver.replay.printer";

    private ReplayDriver() {}
}
