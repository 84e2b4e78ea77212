package carbine.api.alert;

/** The life of an alert: ACTIVE, optionally ACKNOWLEDGED by a person, finally RESOLVED. */
public enum AlertState {
    ACTIVE,
    ACKNOWLEDGED,
    /** The condition has been clear for the configured time; the alert is history. */
    RESOLVED
}
