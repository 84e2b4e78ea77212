package carbine.driver.bambu.internal;

import java.time.Duration;

/** Waits for a condition by polling it until a deadline, never a fixed sleep; the last failure says what was wrong. */
final class Await {
    static final Duration DEFAULT = Duration.ofSeconds(10);

    private Await() {}

    interface Check {
        void run() throws Exception;
    }

    static void until(Check check) {
        until(DEFAULT, check);
    }

    static void until(Duration timeout, Check check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError | Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e instanceof AssertionError a ? a : new AssertionError(e);
                }
            }
            try {
                Thread.sleep(20); // the polling interval, not a synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
