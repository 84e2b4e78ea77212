package carbine.poller.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimitedLogTest {
    private final RecordingLog log = new RecordingLog();
    private final AtomicLong now = new AtomicLong(1_000);
    private final RateLimitedLog limited = new RateLimitedLog(log, 60_000_000_000L, now::get);

    @Test
    void one_message_per_key_and_window_then_the_count_of_suppressed_ones() {
        limited.warn("a", "printer {} failed: {}", "p1", "boom");
        limited.warn("a", "printer {} failed: {}", "p1", "boom");
        limited.warn("a", "printer {} failed: {}", "p1", "boom");
        limited.warn("b", "printer {} failed: {}", "p2", "bang");
        assertThat(log.lines).containsExactly("WARN printer p1 failed: boom", "WARN printer p2 failed: bang");

        now.addAndGet(60_000_000_000L);
        limited.error("a", "printer {} failed: {}", "p1", "boom");
        assertThat(log.lines).last()
                .isEqualTo("ERROR printer p1 failed: boom (2 similar messages suppressed in the last 60 s)");
    }

    @Test
    void a_trailing_exception_stays_last() {
        Object[][] seen = new Object[1][];
        RateLimitedLog l = new RateLimitedLog((level, format, args) -> seen[0] = args, 10, now::get);
        IllegalStateException e = new IllegalStateException();
        l.warn("k", "x {}", "a", e);
        l.warn("k", "x {}", "a", e);
        now.addAndGet(10);
        l.warn("k", "x {}", "a", e);
        assertThat(seen[0]).containsExactly("a", 1, 0L, e);
    }
}
