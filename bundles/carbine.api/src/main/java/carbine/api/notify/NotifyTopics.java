package carbine.api.notify;

/** Event Admin topics and property keys of the notification router. */
public final class NotifyTopics {
    /**
     * A channel keeps failing (several attempts over several minutes): posted once per failure episode.
     * Properties: {@value #CHANNEL}, {@value #ATTEMPTS}, {@value #SINCE}, {@value #REASON}.
     */
    public static final String FAILING = "carbine/notify/FAILING";
    /** A channel that was {@link #FAILING} delivers again. Properties: {@value #CHANNEL}, {@value #ATTEMPTS}. */
    public static final String RECOVERED = "carbine/notify/RECOVERED";

    /** The channel's id ({@link Notifier#ID_PROPERTY}). */
    public static final String CHANNEL = "channel";
    /** Failed attempts in this episode. */
    public static final String ATTEMPTS = "attempts";
    /** ISO-8601 time of the episode's first failure. */
    public static final String SINCE = "since";
    /** The latest failure, secrets removed. */
    public static final String REASON = "reason";

    private NotifyTopics() {}
}
