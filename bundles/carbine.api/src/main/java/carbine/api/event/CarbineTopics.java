package carbine.api.event;

/**
 * Event Admin topics and property keys. Subscribe with {@code @EventTopics} (e.g. {@code carbine/alert/*}).
 * Events are posted asynchronously; they are notifications, the store is the record.
 */
public final class CarbineTopics {
    /** A sample was taken. Properties: printer, time, state. */
    public static final String TELEMETRY_SAMPLE = "carbine/telemetry/SAMPLE";
    /** A poll cycle finished. Properties: cycle, printers, failures, duration.ms. */
    public static final String POLL_CYCLE = "carbine/poll/CYCLE";
    /** A printer stopped answering. Properties: printer, reason. */
    public static final String PRINTER_OFFLINE = "carbine/printer/OFFLINE";
    /** A printer answers again. Properties: printer. */
    public static final String PRINTER_ONLINE = "carbine/printer/ONLINE";

    public static final String ALERT_ALL = "carbine/alert/*";
    /** A new alert. Properties: the ALERT_* keys below. */
    public static final String ALERT_RAISED = "carbine/alert/RAISED";
    /** An open alert got a higher severity (repeats at the same severity update silently). */
    public static final String ALERT_ESCALATED = "carbine/alert/ESCALATED";
    public static final String ALERT_ACKNOWLEDGED = "carbine/alert/ACKNOWLEDGED";
    public static final String ALERT_RESOLVED = "carbine/alert/RESOLVED";

    public static final String PRINTER = "printer";
    public static final String TIME = "time";
    public static final String STATE = "state";
    public static final String REASON = "reason";
    public static final String CYCLE = "cycle";
    public static final String PRINTERS = "printers";
    public static final String FAILURES = "failures";
    public static final String DURATION_MS = "duration.ms";
    public static final String ALERT_ID = "alert.id";
    public static final String DETECTOR = "detector";
    public static final String KIND = "kind";
    public static final String SEVERITY = "severity";
    public static final String MESSAGE = "message";
    /** Who made a change by hand (on {@link #ALERT_ACKNOWLEDGED}): see {@code AlertService.acknowledge}. */
    public static final String ACTOR = "actor";

    private CarbineTopics() {}
}
