package carbine.api.alert;

/** How urgent an alert is, in increasing order. */
public enum Severity {
    INFO,
    /** Something is going wrong, or will soon (predictive alerts are warnings). */
    WARNING,
    /** The printer has failed or is about to damage itself or the print. */
    CRITICAL
}
