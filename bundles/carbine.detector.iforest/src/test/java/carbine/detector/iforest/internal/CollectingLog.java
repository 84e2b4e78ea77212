package carbine.detector.iforest.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Log} that keeps what it is told, "LEVEL message" with the placeholders filled in. */
final class CollectingLog implements Log {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String format, Object... arguments) {
        add("INFO", format, arguments);
    }

    @Override
    public void warn(String format, Object... arguments) {
        add("WARN", format, arguments);
    }

    @Override
    public void error(String format, Object... arguments) {
        add("ERROR", format, arguments);
    }

    private void add(String level, String format, Object... arguments) {
        StringBuilder sb = new StringBuilder(level).append(' ');
        int arg = 0;
        int from = 0;
        for (int at = format.indexOf("{}"); at >= 0; at = format.indexOf("{}", from)) {
            sb.append(format, from, at).append(arg < arguments.length ? arguments[arg++] : "{}");
            from = at + 2;
        }
        lines.add(sb.append(format.substring(from)).toString());
    }
}
