package carbine.simulator;

/** Constants for configuring simulated printers and finding their services. */
public final class Simulator {
    /** Factory PID: one configuration of this PID is one simulated printer. */
    public static final String FACTORY_PID = "carbine.simulator";

    /** Service property {@code carbine.simulator=true} on every simulated printer driver. */
    public static final String MARKER_PROPERTY = "carbine.simulator";

    /** Service property: the id of the printer a simulator driver serves. */
    public static final String PRINTER_PROPERTY = "carbine.simulator.printer";

    /** Service property: the scenario a simulator driver runs. */
    public static final String SCENARIO_PROPERTY = "carbine.simulator.scenario";

    /** Service property: the configured label of a simulated printer, present only if one is set. */
    public static final String NAME_PROPERTY = "carbine.simulator.name";

    /** Framework property; {@code false} stops the simulator from creating a default printer. */
    public static final String DEFAULT_PRINTER_PROPERTY = "carbine.simulator.default";

    /** Id of the printer created when no simulator is configured. */
    public static final String DEFAULT_PRINTER_ID = "printer-1";

    private Simulator() {}
}
