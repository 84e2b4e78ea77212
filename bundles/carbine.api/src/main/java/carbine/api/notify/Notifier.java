package carbine.api.notify;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A notification channel: sends one {@link Notification} somewhere (a chat, a phone, a webhook).
 *
 * <h2>Rules for implementers</h2>
 * <ul>
 * <li>Register as an OSGi service, like a detector, in a bundle of your own that depends only on {@code carbine.api};
 * it can be installed, updated and removed while Carbine runs. Give it the property {@value #ID_PROPERTY}: a stable
 * id, under which undelivered messages wait in the outbox while the channel is away (default: {@code service.pid},
 * else {@code component.name}).</li>
 * <li>{@link #send} returns when the message has been accepted by the other side, and throws otherwise: the
 * message is then retried later with exponential back-off, and kept across restarts. Messages of one channel are
 * sent one at a time, in order; a failing message holds back the later ones of its channel.</li>
 * <li>Delivery is at least once: a message may come again after a crash between your {@code send} returning and
 * Carbine recording it. {@link Notification#id()} stays the same, so the receiver can de-duplicate.</li>
 * <li>Do not block for long: use timeouts (seconds, not minutes).</li>
 * <li>Never log secrets (tokens, webhook URLs that carry one).</li>
 * <li>Which alerts reach the channel is chosen by optional service properties, read by Carbine's router:
 * {@value #MIN_SEVERITY} ({@code WARNING}), {@value #PRINTERS} and {@value #KINDS} (globs such as {@code farm-*},
 * comma-separated, or a regular expression written {@code /.../}; empty: all), {@value #SEND_RESOLVED}
 * ({@code true}), {@value #QUIET_HOURS} (e.g. {@code 22:00-07:00} in the server's time zone; empty: none),
 * {@value #CRITICAL_BYPASSES_QUIET_HOURS} ({@code true}), {@value #GROUP_WAIT_SECONDS} (30) and
 * {@value #REPEAT_SECONDS} (14400; 0: no repeats).</li>
 * </ul>
 */
@ConsumerType
public interface Notifier {
    /** Service property: the channel's stable id. */
    String ID_PROPERTY = "carbine.notifier.id";
    /** Service property: the lowest severity sent, {@code INFO}, {@code WARNING} or {@code CRITICAL}. */
    String MIN_SEVERITY = "minSeverity";
    /** Service property: which printers' alerts are sent (globs, comma-separated, or {@code /regex/}). */
    String PRINTERS = "printers";
    /** Service property: which alert kinds are sent (globs, comma-separated, or {@code /regex/}). */
    String KINDS = "kinds";
    /** Service property: whether resolutions are sent. */
    String SEND_RESOLVED = "sendResolved";
    /** Service property: {@code HH:mm-HH:mm}, in the server's zone, when only critical alerts are sent. */
    String QUIET_HOURS = "quietHours";
    /** Service property: whether critical alerts are sent during quiet hours. */
    String CRITICAL_BYPASSES_QUIET_HOURS = "criticalBypassesQuietHours";
    /** Service property: how long a new group waits for more alerts before it is sent. */
    String GROUP_WAIT_SECONDS = "groupWaitSeconds";
    /** Service property: the reminder period of alerts that stay active and unacknowledged; 0: none. */
    String REPEAT_SECONDS = "repeatSeconds";

    /**
     * Sends one message. Returns when it is delivered; throws when it is not, so that it is retried.
     *
     * @param notification the message
     * @throws Exception the message was not delivered (it will be retried)
     */
    void send(Notification notification) throws Exception;
}
