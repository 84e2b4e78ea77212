package carbine.browser;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/** Waiting with a deadline: the condition is checked every 100 ms until it holds or the time is up. */
final class Await {
    private Await() {}

    /** @return the value once the supplier returns non-null (and no exception), else fails with the last cause */
    static <T> T until(Duration timeout, String what, Callable<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (true) {
            try {
                T value = probe.call();
                if (value != null && !Boolean.FALSE.equals(value)) return value;
            } catch (Exception | AssertionError e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what
                        + (last == null ? "" : " (last: " + last + ")"), last);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // the polling period, not a synchronisation
        }
    }
}
