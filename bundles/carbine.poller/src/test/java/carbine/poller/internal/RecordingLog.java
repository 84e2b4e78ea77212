package carbine.poller.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every formatted log line, with its level. */
class RecordingLog implements PollerLog {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void log(Level level, String format, Object... args) {
        lines.add(level + " " + PollerLog.format(format, args));
    }

    boolean contains(String... parts) {
        return lines.stream().anyMatch(line -> {
            for (String part : parts) {
                if (!line.contains(part)) {
                    return false;
                }
            }
            return true;
        });
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }
}
