package carbine.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import carbine.api.alert.Severity;
import carbine.api.notify.Notifier;

class RoutingTest {
    @Test
    void defaults() {
        List<String> problems = new ArrayList<>();
        Routing r = Routing.from(Receiver.props(), problems::add);
        assertThat(r).isEqualTo(Routing.DEFAULTS);
        assertThat(r.minSeverity()).isEqualTo(Severity.WARNING);
        assertThat(r.groupWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.repeat()).isEqualTo(Duration.ofHours(4));
        assertThat(r.sendResolved()).isTrue();
        assertThat(r.criticalBypassesQuietHours()).isTrue();
        assertThat(problems).isEmpty();
    }

    @Test
    void malformedValuesFallBackAndAreNamed() {
        List<String> problems = new ArrayList<>();
        Routing r = Routing.from(Receiver.props(Notifier.MIN_SEVERITY, "loud", Notifier.GROUP_WAIT_SECONDS, "soon",
                Notifier.QUIET_HOURS, "night", Notifier.PRINTERS, "/[/", Notifier.SEND_RESOLVED, "maybe"),
                problems::add);
        assertThat(r).isEqualTo(Routing.DEFAULTS);
        assertThat(problems).hasSize(5);
        assertThat(String.join("\n", problems)).contains("minSeverity = 'loud'").contains("groupWaitSeconds = 'soon'")
                .contains("quietHours = 'night'").contains("printers = '/[/'").contains("sendResolved = 'maybe'");
    }

    @Test
    void globsAndRegularExpressions() {
        assertThat(Routing.matches("", "anything")).isTrue();
        assertThat(Routing.matches("farm-*", "farm-0001")).isTrue();
        assertThat(Routing.matches("farm-*", "lab-1")).isFalse();
        assertThat(Routing.matches("farm-*, lab-?", "lab-1")).isTrue();
        assertThat(Routing.matches("lab-?", "lab-12")).isFalse();
        assertThat(Routing.matches("a.b", "axb")).as("a dot in a glob is a dot").isFalse();
        assertThat(Routing.matches("/printer-[0-9]+/", "printer-42")).isTrue();
        assertThat(Routing.matches("/printer-[0-9]+/", "printer-x")).isFalse();
    }

    @Test
    void quietHoursAcrossMidnightAndWithinADay() {
        QuietHours night = QuietHours.parse("22:00-07:00");
        assertThat(night.contains(LocalTime.of(23, 0))).isTrue();
        assertThat(night.contains(LocalTime.of(6, 59))).isTrue();
        assertThat(night.contains(LocalTime.of(7, 0))).isFalse();
        assertThat(night.contains(LocalTime.of(21, 59))).isFalse();
        QuietHours lunch = QuietHours.parse("12:00-13:30");
        assertThat(lunch.contains(LocalTime.of(12, 0))).isTrue();
        assertThat(lunch.contains(LocalTime.of(13, 30))).isFalse();
        assertThat(QuietHours.NONE.contains(LocalTime.NOON)).isFalse();

        ZonedDateTime lateEvening = ZonedDateTime.of(2026, 12, 5, 23, 15, 0, 0, ZoneOffset.UTC);
        assertThat(night.endAfter(lateEvening)).isEqualTo(ZonedDateTime.of(2026, 12, 6, 7, 0, 0, 0, ZoneOffset.UTC));
        ZonedDateTime earlyMorning = ZonedDateTime.of(2026, 12, 6, 3, 0, 0, 0, ZoneOffset.UTC);
        assertThat(night.endAfter(earlyMorning)).isEqualTo(ZonedDateTime.of(2026, 12, 6, 7, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void criticalAlertsBypassQuietHoursUnlessTold() {
        Routing r = Routing.from(Receiver.props(Notifier.QUIET_HOURS, "22:00-07:00"), p -> {});
        assertThat(r.holds(Severity.WARNING, LocalTime.of(23, 0))).isTrue();
        assertThat(r.holds(Severity.CRITICAL, LocalTime.of(23, 0))).isFalse();
        assertThat(r.holds(Severity.WARNING, LocalTime.NOON)).isFalse();
        Routing strict = Routing.from(Receiver.props(Notifier.QUIET_HOURS, "22:00-07:00",
                Notifier.CRITICAL_BYPASSES_QUIET_HOURS, "false"), p -> {});
        assertThat(strict.holds(Severity.CRITICAL, LocalTime.of(23, 0))).isTrue();
    }

    @Test
    void serviceProperiesRoundTrip() {
        Routing r = Routing.from(Receiver.props(Notifier.MIN_SEVERITY, "critical", Notifier.PRINTERS, "farm-*",
                Notifier.QUIET_HOURS, "22:00-07:00", Notifier.REPEAT_SECONDS, 0L), p -> {});
        assertThat(Routing.from(r.serviceProperties(), p -> {})).isEqualTo(r);
    }
}
