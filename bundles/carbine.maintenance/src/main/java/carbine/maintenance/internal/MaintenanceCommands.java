package carbine.maintenance.internal;

import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import carbine.api.maintenance.LogEntry;
import carbine.api.maintenance.Maintenance;
import carbine.api.maintenance.TaskStatus;
import carbine.api.maintenance.UsageCounters;

/**
 * Gogo commands: {@code carbine:counters [printer]}, {@code carbine:maintenance [printer]} (what is due, or one
 * printer's tasks and log) and {@code carbine:maintenance-done <printer> <task> [note]}. A command name with a '-'
 * is no Java method name: Gogo then calls {@link #_main} with the command's name first.
 */
@Component(service = MaintenanceCommands.class, property = {"osgi.command.scope=carbine",
        "osgi.command.function=counters", "osgi.command.function=maintenance",
        "osgi.command.function=maintenance-done"})
public class MaintenanceCommands {
    private final Maintenance maintenance;

    @Activate
    public MaintenanceCommands(@Reference Maintenance maintenance) {
        this.maintenance = maintenance;
    }

    public String _main(String... argv) {
        String command = argv.length == 0 ? "" : argv[0];
        String[] args = Arrays.copyOfRange(argv, Math.min(1, argv.length), argv.length);
        return switch (command) {
            case "counters" -> args.length <= 1 ? counters(args.length == 0 ? null : args[0]) : "usage: counters [printer]";
            case "maintenance" -> args.length <= 1 ? maintenance(args.length == 0 ? null : args[0])
                    : "usage: maintenance [printer]";
            case "maintenance-done" -> args.length >= 2
                    ? done(args[0], args[1], String.join(" ", Arrays.copyOfRange(args, 2, args.length)))
                    : "usage: maintenance-done <printer> <task> [note]";
            default -> "usage: counters [printer] | maintenance [printer] | maintenance-done <printer> <task> [note]";
        };
    }

    String counters(String printer) {
        List<UsageCounters> list = printer == null ? maintenance.counters()
                : maintenance.counters(printer).map(List::of).orElse(List.of());
        if (list.isEmpty()) {
            return printer == null ? "no printer counted yet" : "no counters for printer '" + printer + "'";
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-20s %10s %10s %10s %10s %7s %9s %7s %9s  %s%n",
                "PRINTER", "PRINTING h", "HOTEND h", "BED h", "FAN h", "CYCLES", "FINISHED", "FAILED", "FILAMENT",
                "SINCE"));
        for (UsageCounters c : list) {
            out.append(String.format(Locale.ROOT, "%-20s %10.2f %10.2f %10.2f %10.2f %7d %9d %7d %9s  %s%n",
                    c.printerId(), c.printingHours(), c.hotendHours(), c.bedHours(), c.fanHours(), c.heatCycles(),
                    c.jobsFinished(), c.jobsFailed(), c.filamentMeters() == null ? "-" : c.filamentMeters() + " m",
                    c.since().truncatedTo(ChronoUnit.SECONDS)));
        }
        return out.toString().stripTrailing();
    }

    String maintenance(String printer) {
        if (printer == null) {
            List<TaskStatus> due = maintenance.due();
            return due.isEmpty() ? "no maintenance is due" : tasks(due);
        }
        List<TaskStatus> tasks = maintenance.tasks(printer);
        StringBuilder out = new StringBuilder(tasks.isEmpty() ? "no tasks planned on printer '" + printer + "'\n" : tasks(tasks) + "\n");
        List<LogEntry> log = maintenance.log(printer, 20);
        out.append(log.isEmpty() ? "log: empty" : "log (newest first):");
        for (LogEntry e : log) {
            out.append(String.format(Locale.ROOT, "%n  %s %s by %s after %s %s%s", e.at().truncatedTo(ChronoUnit.SECONDS),
                    e.task(), e.actor(), MaintenanceBook.amount(e.used()), e.unit(),
                    e.note().isEmpty() ? "" : ": " + e.note()));
        }
        return out.toString();
    }

    private static String tasks(List<TaskStatus> tasks) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-20s %-16s %-9s %10s %10s %-15s %s%n",
                "PRINTER", "TASK", "DUE", "USED", "EVERY", "UNIT", "LAST DONE"));
        for (TaskStatus t : tasks) {
            out.append(String.format(Locale.ROOT, "%-20s %-16s %-9s %10.1f %10s %-15s %s%n", t.printerId(), t.task(),
                    t.due(), t.used(), MaintenanceBook.amount(t.every()), t.unit(),
                    t.lastDone() == null ? "never" : t.lastDone().truncatedTo(ChronoUnit.SECONDS)));
        }
        return out.toString().stripTrailing();
    }

    String done(String printer, String task, String note) {
        try {
            LogEntry e = maintenance.markDone(printer, task, "shell", note);
            return "marked done: " + task + " on " + printer + " after " + MaintenanceBook.amount(e.used()) + " "
                    + e.unit() + "; its count starts again now";
        } catch (IllegalArgumentException | IllegalStateException e) {
            return "not marked done: " + e.getMessage();
        }
    }
}
