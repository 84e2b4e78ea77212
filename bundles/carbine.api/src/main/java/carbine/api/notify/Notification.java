package carbine.api.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import carbine.api.alert.Severity;

/**
 * One message to send: a change of one alert, or of a group of alerts of the same detector and kind (a farm-wide
 * failure is one notification listing its printers). Immutable; made with {@link #builder(Change)} so that fields
 * can be added without breaking anyone.
 */
public final class Notification {
    /** What happened to the alerts. */
    public enum Change {
        /** New alerts. */
        RAISED,
        /** Open alerts got a higher severity. */
        ESCALATED,
        /** Alerts that are still active and nobody has acknowledged: a reminder. */
        REPEAT,
        /** Alerts whose condition has cleared. */
        RESOLVED
    }

    private final String id;
    private final Change change;
    private final String groupKey;
    private final String title;
    private final String body;
    private final List<NotifiedAlert> alerts;
    private final Instant time;

    private Notification(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.change = b.change;
        this.groupKey = b.groupKey == null ? "" : b.groupKey;
        this.title = Objects.requireNonNull(b.title, "title");
        this.body = Objects.requireNonNull(b.body, "body");
        this.alerts = List.copyOf(b.alerts);
        this.time = Objects.requireNonNull(b.time, "time");
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("a notification is about at least one alert");
        }
    }

    public static Builder builder(Change change) {
        return new Builder(Objects.requireNonNull(change, "change"));
    }

    /**
     * Unique id of this message. A message may be delivered more than once (after a crash between sending and
     * recording it): receivers that care de-duplicate by this id.
     */
    public String id() {
        return id;
    }

    public Change change() {
        return change;
    }

    /** What the alerts have in common, e.g. {@code rules/HARD_FAILURE}; empty if nothing. */
    public String groupKey() {
        return groupKey;
    }

    /** A one-line summary, e.g. {@code CRITICAL: HARD_FAILURE on 50 printers}. */
    public String title() {
        return title;
    }

    /** Plain text, one line per alert; no markup. */
    public String body() {
        return body;
    }

    /** The alerts, at least one, in the order they changed. */
    public List<NotifiedAlert> alerts() {
        return alerts;
    }

    /** The highest severity among the alerts. */
    public Severity severity() {
        return alerts.stream().map(NotifiedAlert::severity).max(Comparator.naturalOrder()).orElseThrow();
    }

    /** When the message was made (wall clock of this Carbine). */
    public Instant time() {
        return time;
    }

    @Override
    public String toString() {
        return "Notification[" + id + " " + change + " " + groupKey + ", " + alerts.size() + " alert(s): " + title + "]";
    }

    /** Builds a {@link Notification}; id, title, body, time and at least one alert are required. */
    public static final class Builder {
        private final Change change;
        private final List<NotifiedAlert> alerts = new ArrayList<>();
        private String id;
        private String groupKey;
        private String title;
        private String body;
        private Instant time;

        private Builder(Change change) {
            this.change = change;
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder groupKey(String groupKey) {
            this.groupKey = groupKey;
            return this;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder body(String body) {
            this.body = body;
            return this;
        }

        public Builder time(Instant time) {
            this.time = time;
            return this;
        }

        public Builder alert(NotifiedAlert alert) {
            alerts.add(Objects.requireNonNull(alert, "alert"));
            return this;
        }

        public Builder alerts(List<NotifiedAlert> more) {
            more.forEach(this::alert);
            return this;
        }

        public Notification build() {
            return new Notification(this);
        }
    }
}
