package carbine.storage.sqlite.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link StoreLog} that keeps every line, and lets a test wait for the next one with a deadline. */
final class RecordingLog implements StoreLog {
    private final LinkedBlockingQueue<String> errors = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<String> infos = new LinkedBlockingQueue<>();
    private final List<String> allErrors = new ArrayList<>();
    private final List<String> allInfos = new ArrayList<>();

    @Override
    public synchronized void error(String message) {
        allErrors.add(message);
        errors.add(message);
    }

    @Override
    public synchronized void info(String message) {
        allInfos.add(message);
        infos.add(message);
    }

    /** The next error not yet taken; fails the test if none comes within the timeout. */
    String nextError(Duration timeout) throws InterruptedException {
        return next(errors, timeout, "error");
    }

    String nextInfo(Duration timeout) throws InterruptedException {
        return next(infos, timeout, "info");
    }

    private static String next(LinkedBlockingQueue<String> lines, Duration timeout, String kind)
            throws InterruptedException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("no " + kind + " line within " + timeout);
        }
        return line;
    }

    synchronized List<String> errors() {
        return List.copyOf(allErrors);
    }

    synchronized List<String> infos() {
        return List.copyOf(allInfos);
    }
}
