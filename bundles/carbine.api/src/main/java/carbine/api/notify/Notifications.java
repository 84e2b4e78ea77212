package carbine.api.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What people see of notifications and do with them, offered by Carbine's router (bundle {@code carbine.notify}): the
 * channels and their state, the latest deliveries, a test message, and snoozes that hold the notifications of an
 * alert, a printer or a whole channel for a while. The dashboard, the shell and the HTTP API use it; the callers
 * check the person's role (an operator or admin may act) before calling an action.
 */
@ProviderType
public interface Notifications {
    /** The detector id of the alerts the router raises itself (a channel that keeps failing). */
    String DETECTOR = "notify";
    /** Kind of the WARNING raised while a channel keeps failing; its printer id is the channel's id. */
    String CHANNEL_FAILING = "NOTIFY_CHANNEL_FAILING";
    /** The longest snooze. */
    Duration MAX_SNOOZE = Duration.ofDays(30);

    /** What a snooze holds. */
    enum Target {
        /** One alert, by its id. */
        ALERT,
        /** Every alert of one printer, by the printer's id. */
        PRINTER,
        /** Everything a channel would send, by the channel's id. */
        CHANNEL
    }

    /**
     * A snooze in force: until {@code until}, nothing about the target is sent (messages wait in the outbox and go
     * out when it ends; reminders are skipped).
     *
     * @param target what is snoozed
     * @param id     the alert's, printer's or channel's id
     * @param until  when it ends
     * @param actor  who snoozed it, e.g. {@code otto from 192.168.1.20 (dashboard)} or {@code shell}
     * @param since  when it was snoozed
     */
    record Snooze(Target target, String id, Instant until, String actor, Instant since) {
        public Snooze {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(since, "since");
        }
    }

    /**
     * A channel as it is now.
     *
     * @param id           its {@link Notifier#ID_PROPERTY}
     * @param name         for people, e.g. {@code webhook 'ops'}
     * @param type         {@code webhook}, {@code email}, ... or {@code other} for a third party's channel
     * @param failures     failed attempts in a row (0: the latest attempt succeeded, or none was made)
     * @param failing      whether it keeps failing (the router's {@code failingAttempts} over {@code failingSeconds})
     * @param lastError    the latest failure, secrets removed; null when none since the latest success
     * @param waiting      messages waiting in its outbox
     * @param delivered    messages delivered since Carbine started
     * @param failed       failed attempts since Carbine started
     * @param snoozedUntil end of the channel's snooze, null when not snoozed
     */
    record Channel(String id, String name, String type, int failures, boolean failing, String lastError, int waiting,
            long delivered, long failed, Instant snoozedUntil) {}

    /** How a delivery went. */
    enum Status {
        DELIVERED,
        FAILED,
        /** In the outbox, not yet delivered (see {@link Delivery#error()} for the latest failure). */
        WAITING
    }

    /**
     * One delivery attempt, or one message still waiting.
     *
     * @param time           when it was attempted (for {@link Status#WAITING}: when it may go)
     * @param channel        the channel's id
     * @param notificationId the message's id ({@link Notification#id()})
     * @param title          the message's title
     * @param status         how it went
     * @param attempts       attempts made for this message so far
     * @param error          the receiver's answer or the failure, secrets removed; null on success
     * @param test           whether it was a test message
     */
    record Delivery(Instant time, String channel, String notificationId, String title, Status status, int attempts,
            String error, boolean test) {}

    /**
     * What the channel answered to a test message.
     *
     * @param delivered whether it was delivered
     * @param answer    for people: {@code delivered in 42 ms}, or the failure (the receiver's error, secrets removed)
     * @param millis    how long it took
     */
    record TestResult(boolean delivered, String answer, long millis) {}

    /** Every channel bound now, by name. */
    List<Channel> channels();

    /** The messages waiting, then the latest delivery attempts, each newest first; at most {@code limit} in all. */
    List<Delivery> deliveries(int limit);

    /** The snoozes in force. */
    List<Snooze> snoozes();

    /**
     * Snoozes an alert, a printer or a channel for {@code duration} from now (replacing an earlier snooze of it).
     * Kept on disk: a restart keeps it.
     *
     * @throws IllegalArgumentException the duration is not positive or longer than {@link #MAX_SNOOZE}
     * @throws NoSuchElementException   no open alert or channel has this id
     */
    Snooze snooze(Target target, String id, Duration duration, String actor);

    /**
     * Ends a snooze now; what it held goes out.
     *
     * @return false if the target was not snoozed
     */
    boolean unsnooze(Target target, String id, String actor);

    /**
     * Sends a test message through a channel at once, past routing, snoozes and the outbox, and says how it went.
     *
     * @throws NoSuchElementException no channel has this id
     */
    TestResult test(String channel, String actor);
}
