package carbine.run;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Waits for a condition by polling it until a deadline (the openHAB {@code waitForAssert} habit): never a fixed
 * sleep. The last failure is rethrown when time runs out, so the test says what was still wrong.
 */
final class Await {
    static final Duration DEFAULT = Duration.ofSeconds(20);

    private Await() {}

    interface Check {
        void run() throws Exception;
    }

    static void until(Check assertion) {
        until(DEFAULT, assertion);
    }

    static void until(Duration timeout, Check assertion) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError | Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e instanceof AssertionError a ? a : new AssertionError(e);
                }
            }
            pause();
        }
    }

    static <T> T value(Callable<T> supplier) {
        return value(DEFAULT, supplier);
    }

    /** Polls until the supplier returns non-null. */
    static <T> T value(Duration timeout, Callable<T> supplier) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                T v = supplier.call();
                if (v != null) {
                    return v;
                }
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(e);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no value within " + timeout);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(25); // polling period, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
