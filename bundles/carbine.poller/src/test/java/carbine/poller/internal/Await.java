package carbine.poller.internal;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, checking every few milliseconds (openHAB's waitForAssert). */
final class Await {
    static final Duration DEADLINE = Duration.ofSeconds(5);

    private Await() {}

    static void until(String what, BooleanSupplier condition) {
        until(what, DEADLINE, condition, () -> "");
    }

    static void until(String what, BooleanSupplier condition, Supplier<Object> state) {
        until(what, DEADLINE, condition, state);
    }

    static void until(String what, Duration deadline, BooleanSupplier condition, Supplier<Object> state) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                fail("not within " + deadline.toMillis() + " ms: " + what + " " + state.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
