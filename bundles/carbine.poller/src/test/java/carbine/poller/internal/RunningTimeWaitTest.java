package carbine.poller.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

/**
 * The listing wait on a scripted clock: each timed {@code get} of the fake answer advances the clock by the slice
 * asked for, plus a stop of the waiting thread where the script says so (a GC pause, a starved machine). No real
 * time passes.
 */
class RunningTimeWaitTest {
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** A clock and an answer that arrives once the clock reaches {@code answerAt}; stops are added to some slices. */
    static final class Script {
        long now;
        final long answerAt;
        final Deque<Long> stops = new ArrayDeque<>();
        int slices;

        Script(long answerAt, long... stopsBySlice) {
            this.answerAt = answerAt;
            for (long s : stopsBySlice) stops.add(s);
        }

        CompletableFuture<String> answer() {
            Script script = this;
            return new CompletableFuture<>() {
                @Override
                public String get(long timeout, TimeUnit unit) throws TimeoutException {
                    slices++;
                    long asked = unit.toNanos(timeout);
                    long stop = stops.isEmpty() ? 0 : stops.poll();
                    if (script.now + stop >= answerAt) { // it answered while this thread was stopped
                        script.now += stop;
                        return "answer";
                    }
                    if (script.now + stop + asked >= answerAt) {
                        script.now = answerAt;
                        return "answer";
                    }
                    script.now += stop + asked;
                    throw new TimeoutException();
                }

                @Override
                public boolean isDone() {
                    return script.now >= answerAt;
                }

                @Override
                public String get() {
                    return "answer";
                }
            };
        }
    }

    @Test
    void aDriverThatDoesNotAnswerRunsOutOfItsBudget() {
        Script s = new Script(Long.MAX_VALUE);
        RunningTimeWait wait = new RunningTimeWait(500 * MS, () -> s.now);
        assertThatThrownBy(() -> wait.get(s.answer())).isInstanceOf(TimeoutException.class);
        assertThat(s.now).isEqualTo(500 * MS);
        assertThat(wait.remainingNanos()).isLessThanOrEqualTo(0);
    }

    @Test
    void aPauseOfCarbineItselfIsNotCountedAgainstTheDriver() throws Exception {
        // a 3 s stop in the third slice; the driver answers 3.2 s after the wait began: within 500 ms of running time
        Script s = new Script(3200 * MS, 0, 0, 3000 * MS);
        RunningTimeWait wait = new RunningTimeWait(500 * MS, () -> s.now);
        assertThat(wait.get(s.answer())).isEqualTo("answer");
        assertThat(wait.remainingNanos()).as("running time left").isGreaterThan(0);

        // the same answer time with no stop: a slow driver, out of time after 500 ms
        Script slow = new Script(3200 * MS);
        RunningTimeWait plain = new RunningTimeWait(500 * MS, () -> slow.now);
        assertThatThrownBy(() -> plain.get(slow.answer())).isInstanceOf(TimeoutException.class);
    }

    @Test
    void anAnswerThatCameDuringAStopInTheLastSliceIsTaken() throws Exception {
        // 480 ms of the budget used, then a stop of 1 s during which the driver answered
        Script s = new Script(700 * MS, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1000 * MS);
        RunningTimeWait wait = new RunningTimeWait(500 * MS, () -> s.now);
        assertThat(wait.get(s.answer())).isEqualTo("answer");
    }

    @Test
    void aMachineStarvedForGoodStillEndsTheWait() {
        long[] stops = new long[100];
        java.util.Arrays.fill(stops, 1000 * MS); // a 1 s stop in every 20 ms slice: 25 slices would take 25.5 s
        Script s = new Script(Long.MAX_VALUE, stops);
        RunningTimeWait wait = new RunningTimeWait(500 * MS, () -> s.now);
        assertThatThrownBy(() -> wait.get(s.answer())).isInstanceOf(TimeoutException.class);
        assertThat(s.now).as("the wall-clock cap: 4 × budget + 10 s, then the slice under way")
                .isBetween(12_000 * MS, 12_000 * MS + 1020 * MS);
    }

    @Test
    void theBudgetIsSharedByTheWaitsOfOneTick() throws Exception {
        Script first = new Script(300 * MS);
        RunningTimeWait wait = new RunningTimeWait(500 * MS, () -> first.now);
        assertThat(wait.get(first.answer())).isEqualTo("answer");
        assertThat(wait.remainingNanos()).isBetween(180 * MS, 220 * MS);
    }
}
