package carbine.driver.replay.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import carbine.api.alert.Alert;

/**
 * What Carbine said before each time the replayed printer went into ERROR (for a klippy.log: each Klipper
 * shutdown). For every onset: per detector, the <em>first</em> alert raised after the previous onset (or the start
 * of the file) and strictly before this one, with its lead time; and the alerts raised on the ERROR sample itself
 * (the rule detector's hard failure, in Klipper's words), or raised earlier and still open then (the alert service
 * updates an open alert instead of raising it again, so a second shutdown soon after the first finds it open).
 */
final class LeadTimes {
    private LeadTimes() {}

    /** One line per onset, oldest first. {@code alerts} are the printer's alerts, in any order. */
    static List<String> lines(List<ReplayProgress.ErrorOnset> onsets, List<Alert> alerts) {
        List<Alert> sorted = alerts.stream().sorted(java.util.Comparator.comparing(Alert::firstSeen)
                .thenComparing(Alert::id)).toList();
        List<String> lines = new ArrayList<>();
        Instant since = Instant.MIN;
        for (int n = 0; n < onsets.size(); n++) {
            ReplayProgress.ErrorOnset onset = onsets.get(n);
            Map<String, Alert> firstBefore = new LinkedHashMap<>();
            List<String> atIt = new ArrayList<>();
            for (Alert a : sorted) {
                if (a.firstSeen().isAfter(since) && a.firstSeen().isBefore(onset.time())) {
                    firstBefore.putIfAbsent(a.detector(), a);
                } else if (a.firstSeen().equals(onset.time())) {
                    atIt.add(a.detector() + " " + a.severity() + " " + a.kind() + " \"" + a.message() + "\"");
                } else if (!a.firstSeen().isAfter(since) && !a.lastSeen().isBefore(onset.time())) {
                    // the alert service updates an open alert rather than raising a new one: it fired here too
                    atIt.add(a.detector() + " " + a.severity() + " " + a.kind() + " still open, raised at "
                            + a.firstSeen());
                }
            }
            StringBuilder line = new StringBuilder().append("ERROR ").append(n + 1).append(" at ")
                    .append(onset.time()).append(" (row ").append(onset.row()).append("): ")
                    .append(onset.error() == null ? "(no error text)" : onset.error())
                    .append(" | first alert before it");
            line.append(n == 0 ? " (since the start): " : " (since ERROR " + n + "): ");
            if (firstBefore.isEmpty()) {
                line.append("none");
            } else {
                List<String> parts = new ArrayList<>();
                firstBefore.values().stream().sorted(java.util.Comparator.comparing(Alert::firstSeen)).forEach(a ->
                        parts.add(a.detector() + " " + format(Duration.between(a.firstSeen(), onset.time()))
                                + " earlier at " + a.firstSeen() + " (" + a.severity() + " " + a.kind() + ")"));
                line.append(String.join("; ", parts));
            }
            line.append(" | at it: ");
            if (atIt.isEmpty()) {
                line.append("none");
            } else {
                line.append(String.join("; ", atIt));
            }
            lines.add(line.toString());
            since = onset.time();
        }
        return lines;
    }

    /** 4.0 s, 12 min 03 s, 3 h 02 min 09 s. */
    static String format(Duration d) {
        long millis = d.toMillis();
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(java.util.Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(java.util.Locale.ROOT, "%d h %02d min %02d s", seconds / 3600, seconds % 3600 / 60,
                seconds % 60);
    }
}
