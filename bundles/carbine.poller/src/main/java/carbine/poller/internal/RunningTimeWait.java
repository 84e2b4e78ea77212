package carbine.poller.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Waits for a driver's answer for a budget of time in which Carbine itself could run. The wait is cut into short
 * slices; a slice that ends much later than asked means this thread was stopped (a GC pause, a starved machine), and
 * that stop is not counted against the driver: without it, one 3 s pause of Carbine's JVM made every driver "not
 * list its printers in time" and put a whole farm OFFLINE at once (the soak run of 2026-12-06). A genuinely slow
 * driver still runs out of budget, and a wait never lasts longer than {@link #MAX_WALL_FACTOR} times its budget
 * plus {@link #MAX_EXTRA_NANOS}, so a machine starved for good cannot hold the tick forever.
 */
final class RunningTimeWait {
    static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** A slice overshooting by more than this was a stop of the thread, not the wait itself. */
    static final long STOP_NANOS = TimeUnit.MILLISECONDS.toNanos(30);
    static final int MAX_WALL_FACTOR = 4;
    static final long MAX_EXTRA_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final LongSupplier nanoTime;
    private long budget;
    private final long wallDeadline;

    /** A budget shared by the waits that follow (one tick's listings share one). */
    RunningTimeWait(long budgetNanos, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.budget = Math.max(0, budgetNanos);
        this.wallDeadline = nanoTime.getAsLong() + MAX_WALL_FACTOR * this.budget + MAX_EXTRA_NANOS;
    }

    /** Running time left. */
    long remainingNanos() {
        return budget;
    }

    /** The future's value, or a TimeoutException once the budget (or the wall-clock cap) is used up. */
    <T> T get(Future<T> future) throws ExecutionException, InterruptedException, TimeoutException {
        while (true) {
            if (budget <= 0 || nanoTime.getAsLong() >= wallDeadline) {
                if (future.isDone()) return future.get(); // it answered while we were stopped
                throw new TimeoutException();
            }
            long slice = Math.min(budget, SLICE_NANOS);
            long start = nanoTime.getAsLong();
            try {
                return future.get(slice, TimeUnit.NANOSECONDS);
            } catch (TimeoutException notYet) {
                long took = nanoTime.getAsLong() - start;
                budget -= took - slice > STOP_NANOS ? slice : took; // a stop of this thread is not the driver's
            }
        }
    }
}
