package carbine.maintenance.internal;

import static carbine.maintenance.internal.Samples.printing;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import carbine.api.maintenance.LogEntry;
import carbine.api.maintenance.Maintenance;
import carbine.api.maintenance.TaskStatus;
import carbine.api.maintenance.UsageCounters;

class MaintenanceCommandsTest {
    private final MaintenanceBook book;
    private final MaintenanceCommands commands;

    MaintenanceCommandsTest() throws Exception {
        book = new MaintenanceBook(null, () -> Settings.DEFAULTS, () -> null, Clock.systemUTC(), p -> {});
        book.plan(List.of(new TaskPlan("nozzle", "*", Globs.compile("*"), 10.0 / 3600, Unit.PRINTING_HOURS, "t")));
        for (int t = 0; t <= 60; t += 5) {
            book.offer(printing("mk4-1", t, 210, 50));
        }
        commands = new MaintenanceCommands(new Maintenance() {
            @Override public Optional<UsageCounters> counters(String printerId) { return book.counters(printerId); }
            @Override public List<UsageCounters> counters() { return book.counters(); }
            @Override public List<TaskStatus> tasks(String printerId) { return book.tasks(printerId); }
            @Override public List<TaskStatus> due() { return book.due(); }
            @Override public LogEntry markDone(String p, String t, String a, String n) { return book.markDone(p, t, a, n); }
            @Override public List<LogEntry> log(String printerId, int limit) { return List.of(); }
        });
    }

    @Test
    void countersOfAllOrOnePrinter() {
        assertThat(commands._main("counters")).contains("PRINTING h", "mk4-1", "0.02", "FILAMENT").contains(" - ");
        assertThat(commands._main("counters", "mk4-1")).contains("mk4-1");
        assertThat(commands._main("counters", "nope")).isEqualTo("no counters for printer 'nope'");
        assertThat(commands._main("counters", "a", "b")).startsWith("usage: counters");
    }

    @Test
    void whatIsDueAndMarkDone() {
        assertThat(commands._main("maintenance")).contains("mk4-1", "nozzle", "OVERDUE");
        assertThat(commands._main("maintenance-done", "mk4-1")).startsWith("usage: maintenance-done");
        assertThat(commands._main("maintenance-done", "mk4-1", "belts")).startsWith("not marked done: ")
                .contains("belts");
        assertThat(commands._main("maintenance-done", "mk4-1", "nozzle", "new", "0.4")).startsWith(
                "marked done: nozzle on mk4-1 after 0.017 printing_hours");
        assertThat(commands._main("maintenance")).isEqualTo("no maintenance is due");
        assertThat(commands._main("maintenance", "mk4-1")).contains("nozzle", "OK", "log: empty");
        assertThat(Set.of(commands._main("whatever"))).singleElement().asString().startsWith("usage:");
    }
}
