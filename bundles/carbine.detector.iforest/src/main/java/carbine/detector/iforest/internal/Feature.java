package carbine.detector.iforest.internal;

/**
 * What the model looks at, derived from telemetry. Features of one {@link Group} are present or absent
 * together; a model uses the core group plus the optional groups most of its training window had.
 */
enum Feature {
    /** Nozzle actual − target, °C. */
    NOZZLE_ERROR(Group.CORE, "nozzle", " °C", 1, 0.05, "its normal error"),
    /** Rate of change of the nozzle temperature, °C/s of event time. */
    NOZZLE_RATE(Group.CORE, "nozzle rate of change", " °C/s", 2, 0.01, "normal"),
    /** Mean nozzle error over the rolling window, °C. */
    ERROR_MEAN(Group.CORE, "mean nozzle error", " °C", 1, 0.05, "normal"),
    /** Standard deviation of the nozzle error over the rolling window, °C. */
    ERROR_DEVIATION(Group.CORE, "nozzle error fluctuation", " °C", 2, 0.02, "normal"),
    /**
     * Heater power minus the power normal operation needs to hold this target (see {@link PowerBaseline});
     * raw power is not a feature of its own, as it depends on the target.
     */
    POWER_RESIDUAL(Group.POWER, "heater power", "", 2, 0.005, "normal for this temperature"),
    /** Bed actual − target, °C, while the bed holds its target. */
    BED_ERROR(Group.BED, "bed", " °C", 1, 0.05, "its normal error"),
    /** Measured fan rpm per unit of commanded fan speed. */
    FAN_RPM_PER_COMMAND(Group.FAN, "fan rpm per command", "", 0, 10, "normal"),
    /** Signal mode: the chosen field's value. */
    SIGNAL_VALUE(Group.SIGNAL, "value", "", 3, 1e-9, "normal"),
    /** Signal mode: change since the previous sample. */
    SIGNAL_CHANGE(Group.SIGNAL, "change since the previous sample", "", 3, 1e-9, "normal"),
    /** Signal mode: value minus the mean of the previous {@code rollingSamples} values. */
    SIGNAL_VS_MEAN(Group.SIGNAL, "value against its recent mean", "", 3, 1e-9, "normal"),
    /** Signal mode: standard deviation of the previous {@code rollingSamples} values. */
    SIGNAL_DEVIATION(Group.SIGNAL, "recent fluctuation", "", 3, 1e-9, "normal");

    enum Group {
        CORE, POWER, BED, FAN,
        /** Generic features of one field, for data that is not a printer holding a temperature (signal mode). */
        SIGNAL
    }

    static final Feature[] ALL = values();

    final Group group;
    private final String label;
    private final String unit;
    private final int decimals;
    /** Smallest spread taken as meaningful, so that a constant training feature does not give infinite z. */
    final double minSpread;
    private final String normal;

    Feature(Group group, String label, String unit, int decimals, double minSpread, String normal) {
        this.group = group;
        this.label = label;
        this.unit = unit;
        this.decimals = decimals;
        this.minSpread = minSpread;
        this.normal = normal;
    }

    /** E.g. "nozzle 6.2 °C above its normal error" or "heater power 0.05 below normal". */
    String describe(double deviationFromMedian) {
        return label + " " + Fmt.fixed(Math.abs(deviationFromMedian), decimals) + unit
                + (deviationFromMedian >= 0 ? " above " : " below ") + normal;
    }
}
