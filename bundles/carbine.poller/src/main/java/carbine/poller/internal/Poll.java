package carbine.poller.internal;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One attempt to sample one printer, on its own virtual thread. Its state decides, exactly once, who ends it
 * for the cycle: the poll thread (done), the watchdog (timed out, stuck) or a removal (cancelled). Whoever
 * ends it tells the cycle; a result that arrives after that is thrown away.
 */
final class Poll {
    enum State { WAITING, SAMPLING, PROCESSING, DONE, TIMED_OUT, STUCK, CANCELLED }

    private final PolledPrinter printer;
    private final PollCycle cycle;
    private final Instant startedAt;
    private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);
    private volatile Thread thread;
    private volatile long sampleDeadline;

    Poll(PolledPrinter printer, PollCycle cycle, Instant startedAt) {
        this.printer = printer;
        this.cycle = cycle;
        this.startedAt = startedAt;
    }

    PolledPrinter printer() { return printer; }
    Instant startedAt() { return startedAt; }
    State state() { return state.get(); }
    long sampleDeadline() { return sampleDeadline; }
    boolean timedOut() { return state.get() == State.TIMED_OUT; }

    void runOn(Thread t) { thread = t; }

    /** Called by the poll thread right before {@code sample()}; false if the poll was cancelled meanwhile. */
    boolean beginSampling(long deadlineNanos) {
        sampleDeadline = deadlineNanos;
        return state.compareAndSet(State.WAITING, State.SAMPLING);
    }

    /** Called by the poll thread when {@code sample()} returned; false if the poll was abandoned meanwhile. */
    boolean beginProcessing() {
        return state.compareAndSet(State.SAMPLING, State.PROCESSING);
    }

    void finish(boolean failed) {
        if (state.compareAndSet(State.PROCESSING, State.DONE)) {
            cycle.pollEnded(failed);
        }
    }

    /** The watchdog abandons a {@code sample()} that overran the timeout. */
    boolean timeOut() {
        if (!state.compareAndSet(State.SAMPLING, State.TIMED_OUT)) {
            return false;
        }
        cycle.pollEnded(true);
        interrupt();
        return true;
    }

    /** The watchdog stops waiting for a pipeline (store, detectors, alerts) that hangs; it is not interrupted. */
    boolean giveUp() {
        if (!state.compareAndSet(State.PROCESSING, State.STUCK)) {
            return false;
        }
        cycle.pollEnded(false);
        return true;
    }

    /** The printer went away (driver unbound, poller stopped). */
    void cancel() {
        for (State from : new State[] {State.WAITING, State.SAMPLING, State.PROCESSING}) {
            if (state.compareAndSet(from, State.CANCELLED)) {
                cycle.pollEnded(false);
                if (from != State.PROCESSING) {
                    interrupt();
                }
                return;
            }
        }
    }

    private void interrupt() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
