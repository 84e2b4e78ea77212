package carbine.notify.internal;

import java.util.List;
import java.util.stream.Collectors;

import carbine.api.alert.Severity;
import carbine.api.notify.NotifiedAlert;
import carbine.api.notify.Notification.Change;

/** Title and plain-text body of a notification, the same for every channel. */
final class Texts {
    /** Lines of alerts listed in a body; the rest is counted. Channels cut further to their own limits. */
    static final int MAX_LINES = 100;

    private Texts() {}

    static String title(Change change, List<NotifiedAlert> alerts) {
        NotifiedAlert first = alerts.get(0);
        Severity severity = alerts.stream().map(NotifiedAlert::severity).max(Enum::compareTo).orElseThrow();
        long printers = alerts.stream().map(NotifiedAlert::printerId).distinct().count();
        String where = printers == 1 ? first.printerId() : printers + " printers";
        String what = first.kind() + " on " + where;
        return switch (change) {
            case RAISED -> severity + ": " + what;
            case ESCALATED -> "Escalated to " + severity + ": " + what;
            case REPEAT -> "Still " + severity + ": " + what;
            case RESOLVED -> "Resolved: " + what;
        };
    }

    static String body(Change change, List<NotifiedAlert> alerts) {
        StringBuilder b = new StringBuilder();
        alerts.stream().limit(MAX_LINES).forEach(a -> b.append(a.printerId()).append(": ").append(a.message())
                .append(" (").append(a.severity()).append(", ").append(a.detector()).append(' ').append(a.kind())
                .append(", ").append(verb(change)).append(' ').append(a.time()).append(")\n"));
        if (alerts.size() > MAX_LINES) {
            b.append("… and ").append(alerts.size() - MAX_LINES).append(" more: ")
                    .append(alerts.stream().skip(MAX_LINES).map(NotifiedAlert::printerId)
                            .collect(Collectors.joining(", ")))
                    .append('\n');
        }
        if (change == Change.REPEAT) {
            b.append("Acknowledge to stop these reminders.\n");
        }
        return b.toString().strip();
    }

    private static String verb(Change change) {
        return switch (change) {
            case RAISED -> "raised";
            case ESCALATED -> "escalated";
            case REPEAT -> "active since";
            case RESOLVED -> "resolved";
        };
    }

    /** {@code text} cut to at most {@code max} characters, marked with an ellipsis when cut. */
    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
