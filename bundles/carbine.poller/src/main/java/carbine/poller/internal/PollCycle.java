package carbine.poller.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** One tick's polls. It is complete when every poll has ended (or was given up); then {@code onComplete} runs once. */
final class PollCycle {
    private final long number;
    private final long startNanos;
    private final int printers;
    private final Consumer<PollCycle> onComplete;
    /** Starts at 1 for the tick itself, so that the cycle cannot complete while polls are still being started. */
    private final AtomicInteger outstanding = new AtomicInteger(1);
    private final AtomicInteger failures = new AtomicInteger();
    private volatile long durationNanos = -1;
    private final CountDownLatch completed = new CountDownLatch(1);

    PollCycle(long number, long startNanos, int printers, Consumer<PollCycle> onComplete) {
        this.number = number;
        this.startNanos = startNanos;
        this.printers = printers;
        this.onComplete = onComplete;
    }

    long number() { return number; }
    int printers() { return printers; }
    int failures() { return failures.get(); }
    boolean isComplete() { return durationNanos >= 0; }
    long durationNanos() { return durationNanos; }
    int outstanding() { return Math.max(0, outstanding.get()); }

    /** Counts a poll about to start; call before starting it. */
    void pollStarting() { outstanding.incrementAndGet(); }

    /** A printer that failed this tick without a poll (still busy, listing failed). */
    void failedWithoutPoll() { failures.incrementAndGet(); }

    void pollEnded(boolean failed) {
        if (failed) {
            failures.incrementAndGet();
        }
        release();
    }

    /** The tick has started all its polls. */
    void allStarted() { release(); }

    /** Waits until the cycle is complete and {@code onComplete} has run. */
    void awaitComplete() throws InterruptedException { completed.await(); }

    private void release() {
        if (outstanding.decrementAndGet() == 0) {
            durationNanos = System.nanoTime() - startNanos;
            try {
                onComplete.accept(this);
            } finally {
                completed.countDown();
            }
        }
    }
}
