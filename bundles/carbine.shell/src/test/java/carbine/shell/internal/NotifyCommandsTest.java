package carbine.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

import carbine.api.notify.Notifications;

class NotifyCommandsTest {
    static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    /** Hand-made: records what it was asked. */
    static final class Fake implements Notifications {
        final List<Snooze> snoozes = new ArrayList<>();

        @Override
        public List<Channel> channels() {
            return List.of(new Channel("carbine.notify.webhook~ops", "webhook 'ops'", "webhook", 6, true, "HTTP 500 from x",
                    3, 10, 6, null));
        }

        @Override
        public List<Delivery> deliveries(int limit) {
            return List.of(new Delivery(NOW, "carbine.notify.webhook~ops", "n1", "CRITICAL: HARD_FAILURE on p1",
                    Status.WAITING, 6, "HTTP 500 from x", false));
        }

        @Override
        public List<Snooze> snoozes() {
            return snoozes;
        }

        @Override
        public Snooze snooze(Target target, String id, Duration duration, String actor) {
            if (target == Target.CHANNEL && !id.equals("ops")) {
                throw new NoSuchElementException("no channel " + id);
            }
            Snooze z = new Snooze(target, id, NOW.plus(duration), actor, NOW);
            snoozes.add(z);
            return z;
        }

        @Override
        public boolean unsnooze(Target target, String id, String actor) {
            return snoozes.removeIf(z -> z.target() == target && z.id().equals(id));
        }

        @Override
        public TestResult test(String channel, String actor) {
            return new TestResult(false, "HTTP 401 from 127.0.0.1:9", 12);
        }
    }

    @Test
    void snoozeListTestAndLift() {
        Fake fake = new Fake();
        NotifyCommands c = new NotifyCommands(fake);
        assertThat(c._main("snooze", "printer", "farm-01", "2h")).isEqualTo("snoozed printer farm-01 until 2026-12-05T14:00:00Z");
        assertThat(fake.snoozes.get(0).actor()).isEqualTo("shell");
        assertThat(c._main("snooze", "alert", "a1", "90")).endsWith("until 2026-12-05T13:30:00Z");
        assertThat(c._main("snooze", "channel", "nope", "1d")).isEqualTo("snooze: no channel nope");
        assertThat(c._main("snooze", "cat", "x", "1h")).isEqualTo("snooze: 'cat' is not alert, printer or channel");
        assertThat(c._main("snooze", "printer", "x", "soon")).contains("is not a length");
        assertThat(c._main("snooze", "printer")).startsWith("usage: snooze");
        String list = c._main("notifications");
        assertThat(list).contains("webhook 'ops'", "failing: HTTP 500 from x", "printer farm-01 until 2026-12-05T14:00:00Z by shell",
                "WAITING", "CRITICAL: HARD_FAILURE on p1");
        assertThat(c._main("notify-test", "ops")).isEqualTo("test message NOT delivered: HTTP 401 from 127.0.0.1:9");
        assertThat(c._main("unsnooze", "printer", "farm-01")).isEqualTo("snooze of printer farm-01 lifted");
        assertThat(c._main("unsnooze", "printer", "farm-01")).isEqualTo("no snooze of printer farm-01");
    }
}
