package carbine.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import carbine.api.notify.Notifications;

/**
 * Gogo commands of notifications (while carbine.notify runs): {@code carbine:notifications} (channels, snoozes and
 * the latest deliveries), {@code carbine:notify-test <channel>}, {@code carbine:snooze <alert|printer|channel> <id>
 * <length>}, {@code carbine:unsnooze <alert|printer|channel> <id>}. The shell is the operator at the console: its
 * actions are recorded as by {@code shell}.
 */
@Component(service = NotifyCommands.class, property = {"osgi.command.scope=carbine",
        "osgi.command.function=notifications", "osgi.command.function=notify-test", "osgi.command.function=snooze",
        "osgi.command.function=unsnooze"})
public class NotifyCommands {
    static final String USAGE = "usage: notifications | notify-test <channel> | snooze <alert|printer|channel> <id> "
            + "<length: 90 (minutes), 30m, 2h, 1d> | unsnooze <alert|printer|channel> <id>";
    private static final String ACTOR = "shell";
    private final Notifications notifications;

    @Activate
    public NotifyCommands(@Reference Notifications notifications) {
        this.notifications = notifications;
    }

    public String _main(String... argv) {
        String command = argv.length == 0 ? "" : argv[0];
        String[] args = Arrays.copyOfRange(argv, Math.min(1, argv.length), argv.length);
        try {
            return switch (command) {
                case "notifications" -> args.length == 0 ? notifications() : USAGE;
                case "notify-test" -> args.length == 1 ? test(args[0]) : "usage: notify-test <channel id or name>";
                case "snooze" -> args.length == 3 ? snooze(target(args[0]), args[1], length(args[2]))
                        : "usage: snooze <alert|printer|channel> <id> <length: 90 (minutes), 30m, 2h, 1d>";
                case "unsnooze" -> args.length == 2 ? unsnooze(target(args[0]), args[1])
                        : "usage: unsnooze <alert|printer|channel> <id>";
                default -> USAGE;
            };
        } catch (IllegalArgumentException | NoSuchElementException | IllegalStateException e) {
            return command + ": " + e.getMessage();
        }
    }

    String notifications() {
        Table channels = new Table("CHANNEL", "TYPE", "STATE", "WAITING", "DELIVERED", "FAILED", "SNOOZED UNTIL", "ID");
        for (Notifications.Channel c : notifications.channels()) {
            channels.row(c.name(), c.type(), state(c), c.waiting(), c.delivered(), c.failed(), time(c.snoozedUntil()),
                    c.id());
        }
        StringBuilder out = new StringBuilder(channels.size() == 0 ? "no notification channels\n" : channels.toString());
        List<Notifications.Snooze> snoozes = notifications.snoozes();
        out.append(System.lineSeparator()).append(snoozes.isEmpty() ? "no snoozes" : "snoozes:").append(System.lineSeparator());
        for (Notifications.Snooze z : snoozes) {
            out.append("  ").append(z.target().name().toLowerCase(Locale.ROOT)).append(' ').append(z.id())
                    .append(" until ").append(time(z.until())).append(" by ").append(z.actor())
                    .append(System.lineSeparator());
        }
        List<Notifications.Delivery> deliveries = notifications.deliveries(20);
        out.append(System.lineSeparator());
        if (deliveries.isEmpty()) {
            out.append("no deliveries yet");
        } else {
            Table t = new Table("TIME", "CHANNEL", "STATUS", "ATTEMPTS", "TITLE", "ERROR");
            for (Notifications.Delivery d : deliveries) {
                t.row(time(d.time()), d.channel(), d.status() + (d.test() ? " (test)" : ""), d.attempts(), d.title(),
                        d.error());
            }
            out.append("latest deliveries (waiting first):").append(System.lineSeparator()).append(t);
        }
        return out.toString().stripTrailing();
    }

    static String state(Notifications.Channel c) {
        return c.failing() ? "failing: " + c.lastError()
                : c.failures() > 0 ? "retrying (" + c.failures() + " failed): " + c.lastError() : "ok";
    }

    String test(String channel) {
        Notifications.TestResult r = notifications.test(channel, ACTOR);
        return (r.delivered() ? "test message delivered: " : "test message NOT delivered: ") + r.answer();
    }

    String snooze(Notifications.Target target, String id, Duration length) {
        Notifications.Snooze z = notifications.snooze(target, id, length, ACTOR);
        return "snoozed " + target.name().toLowerCase(Locale.ROOT) + " " + z.id() + " until " + time(z.until());
    }

    String unsnooze(Notifications.Target target, String id) {
        return notifications.unsnooze(target, id, ACTOR) ? "snooze of " + target.name().toLowerCase(Locale.ROOT) + " "
                + id + " lifted" : "no snooze of " + target.name().toLowerCase(Locale.ROOT) + " " + id;
    }

    static Notifications.Target target(String text) {
        try {
            return Notifications.Target.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not alert, printer or channel");
        }
    }

    /** 90 (minutes), 30m, 2h, 1d or ISO-8601 (PT2H). */
    static Duration length(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            char unit = t.charAt(t.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofMinutes(Long.parseLong(t));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (unit) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                default -> throw new NumberFormatException(t);
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a length; use e.g. 90 (minutes), 30m, 2h or 1d");
        }
    }

    private static String time(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
