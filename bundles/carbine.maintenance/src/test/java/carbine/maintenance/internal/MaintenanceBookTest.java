package carbine.maintenance.internal;

import static carbine.maintenance.internal.Samples.idle;
import static carbine.maintenance.internal.Samples.printing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import carbine.api.alert.Severity;
import carbine.api.detector.Finding;
import carbine.api.maintenance.LogEntry;
import carbine.api.maintenance.TaskStatus;
import carbine.api.maintenance.UsageCounters;
import carbine.api.telemetry.TelemetrySample;

class MaintenanceBookTest {
    @TempDir
    Path dir;

    record Report(TelemetrySample sample, List<Finding> findings) {}

    private final List<Report> reports = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<MaintenanceDb> open = new ArrayList<>();
    private Instant wallClock = Samples.T0.plusSeconds(3600);
    private java.util.Set<String> openAlerts = java.util.Set.of();

    @AfterEach
    void close() throws Exception {
        for (MaintenanceDb db : open) {
            db.close();
        }
    }

    private MaintenanceBook book(Settings settings) throws Exception {
        MaintenanceDb db = MaintenanceDb.open(dir.resolve(MaintenanceDb.FILE_NAME));
        open.add(db);
        Clock clock = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return wallClock; }
        };
        MaintenanceBook.Reporter reporter = new MaintenanceBook.Reporter() {
            @Override
            public void report(TelemetrySample sample, List<Finding> findings) {
                reports.add(new Report(sample, findings));
            }

            @Override
            public java.util.Set<String> printersWithOpenAlerts() {
                return openAlerts;
            }
        };
        return new MaintenanceBook(db, () -> settings, () -> reporter, clock, problems::add);
    }

    private static TaskPlan task(String name, double every, Unit unit, String printers) {
        return new TaskPlan(name, printers, Globs.compile(printers), every, unit, "test-" + name);
    }

    private static Settings settings() {
        return Settings.DEFAULTS;
    }

    /** Prints for {@code seconds} at 5 s per sample from {@code start}. */
    private static void print(MaintenanceBook book, String printer, long start, long seconds) {
        for (long t = start; t <= start + seconds; t += 5) {
            book.offer(printing(printer, t, 210, 50));
        }
    }

    @Test
    void aTaskIsDueSoonWithinTenPercentThenOverdue() throws Exception {
        MaintenanceBook book = book(settings());
        book.plan(List.of(task("nozzle", 100.0 / 3600, Unit.PRINTING_HOURS, "*"))); // 100 s of printing
        print(book, "p1", 0, 85);
        assertThat(book.tasks("p1")).singleElement().extracting(TaskStatus::due).isEqualTo(TaskStatus.Due.OK);
        assertThat(reports).as("nothing due, nothing open: nothing to report").isEmpty();

        reports.clear();
        print(book, "p1", 90, 0); // 90 s: within 10 % of 100
        assertThat(book.tasks("p1")).singleElement().extracting(TaskStatus::due).isEqualTo(TaskStatus.Due.DUE_SOON);
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.findings()).singleElement().satisfies(f -> {
                assertThat(f.kind()).isEqualTo("MAINTENANCE_DUE");
                assertThat(f.severity()).isEqualTo(Severity.INFO);
                assertThat(f.message()).isEqualTo("nozzle due soon: 0.025 of 0.028 printing hours since counting began");
            });
        });

        reports.clear();
        print(book, "p1", 95, 5); // 100 s
        assertThat(book.tasks("p1")).singleElement().extracting(TaskStatus::due).isEqualTo(TaskStatus.Due.OVERDUE);
        assertThat(reports).last().satisfies(r -> assertThat(r.findings()).singleElement()
                .extracting(Finding::severity).isEqualTo(Severity.WARNING));
        assertThat(book.due()).extracting(TaskStatus::printerId, TaskStatus::task)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("p1", "nozzle"));
    }

    @Test
    void anAlertLeftOpenBeforeARestartIsReportedClearWhenNothingIsDue() throws Exception {
        openAlerts = java.util.Set.of("p1");
        MaintenanceBook book = book(settings());
        book.plan(List.of(task("nozzle", 1, Unit.PRINTING_HOURS, "*")));
        book.offer(printing("p1", 0, 210, 0));
        book.offer(printing("p2", 0, 210, 0));
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.sample().printerId()).isEqualTo("p1");
            assertThat(r.findings()).isEmpty();
        });
    }

    @Test
    void theMessageSaysWhatTaskAndHowMuchWasUsed() {
        TaskStatus overdue = new TaskStatus("p1", "nozzle", "printing_hours", 300, 312.44, null, TaskStatus.Due.OVERDUE);
        TaskStatus soon = new TaskStatus("p1", "belts", "months", 3, 2.8, Instant.parse("2026-09-05T10:11:12Z"),
                TaskStatus.Due.DUE_SOON);
        assertThat(MaintenanceBook.amount(300.0)).isEqualTo("300");
        assertThat(MaintenanceBook.amount(0.5)).isEqualTo("0.5");
        assertThat(MaintenanceBook.amount(12.04)).isEqualTo("12");
        assertThat(MaintenanceBook.message(List.of(overdue, soon))).isEqualTo("nozzle overdue: 312.4 of 300 printing "
                + "hours since counting began; belts due soon: 2.8 of 3 months since last done 2026-09-05T10:11:00Z");
    }

    @Test
    void markDoneResetsTheTaskLogsWhoAndClearsTheAlert() throws Exception {
        MaintenanceBook book = book(settings());
        book.plan(List.of(task("nozzle", 100.0 / 3600, Unit.PRINTING_HOURS, "p*"),
                task("rods", 1000.0 / 3600, Unit.PRINTING_HOURS, "p*")));
        print(book, "p1", 0, 120);
        assertThat(reports).last().satisfies(r -> assertThat(r.findings()).isNotEmpty());

        reports.clear();
        LogEntry entry = book.markDone("p1", "nozzle", "admin from 10.0.0.5 (api)", "new 0.4 mm\nbrass");
        assertThat(entry.used()).isCloseTo(120.0 / 3600, within(1e-9));
        assertThat(entry.note()).isEqualTo("new 0.4 mm brass");
        assertThat(entry.at()).isEqualTo(wallClock);
        assertThat(reports).singleElement().satisfies(r -> assertThat(r.findings()).isEmpty());
        assertThat(book.tasks("p1")).filteredOn(t -> t.task().equals("nozzle")).singleElement().satisfies(t -> {
            assertThat(t.used()).isZero();
            assertThat(t.due()).isEqualTo(TaskStatus.Due.OK);
            assertThat(t.lastDone()).isEqualTo(wallClock);
        });
        assertThat(book.log("p1", 10)).singleElement().satisfies(l -> {
            assertThat(l.actor()).isEqualTo("admin from 10.0.0.5 (api)");
            assertThat(l.task()).isEqualTo("nozzle");
            assertThat(l.unit()).isEqualTo("printing_hours");
        });

        // the clear report goes on (event time) so that the alert service's resolve delay can pass
        reports.clear();
        print(book, "p1", 125, 60);
        assertThat(reports).hasSizeGreaterThanOrEqualTo(5).allSatisfy(r -> assertThat(r.findings()).isEmpty());
        assertThat(book.tasks("p1")).filteredOn(t -> t.task().equals("nozzle")).singleElement()
                .satisfies(t -> assertThat(t.used()).isCloseTo(65.0 / 3600, within(1e-9)));
    }

    @Test
    void unknownPrinterOrTaskIsRefusedAndNothingIsLogged() throws Exception {
        MaintenanceBook book = book(settings());
        book.plan(List.of(task("nozzle", 1, Unit.PRINTING_HOURS, "farm-*")));
        print(book, "p1", 0, 10);
        assertThatThrownBy(() -> book.markDone("p9", "nozzle", "shell", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("p9");
        assertThatThrownBy(() -> book.markDone("p1", "nozzle", "shell", "")).as("not planned on p1")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nozzle");
        assertThatThrownBy(() -> book.markDone("p1", "belts", "shell", "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(book.log("p1", 10)).isEmpty();
    }

    @Test
    void calendarTasksCountDaysFromCountingOrFromWhenDone() throws Exception {
        MaintenanceBook book = book(settings());
        book.plan(List.of(task("belts", 3, Unit.MONTHS, "*"), task("clean", 1, Unit.WEEKS, "*"),
                task("check", 10, Unit.DAYS, "*")));
        book.offer(idle("p1", 0, 25));
        book.offer(idle("p1", 9 * 86400, 25)); // a gap, but calendar time passes anyway
        Map<String, TaskStatus> byName = byName(book.tasks("p1"));
        assertThat(byName.get("check").due()).isEqualTo(TaskStatus.Due.DUE_SOON);
        assertThat(byName.get("check").used()).isCloseTo(9, within(1e-9));
        assertThat(byName.get("clean").due()).isEqualTo(TaskStatus.Due.OVERDUE);
        assertThat(byName.get("belts").used()).isCloseTo(9 / Unit.DAYS_PER_MONTH, within(1e-9));
        assertThat(byName.get("belts").due()).isEqualTo(TaskStatus.Due.OK);

        wallClock = Samples.T0.plusSeconds(9 * 86400);
        book.markDone("p1", "clean", "shell", "");
        book.offer(idle("p1", 9 * 86400 + 3 * 86400, 25));
        assertThat(byName(book.tasks("p1")).get("clean").used()).isCloseTo(3.0 / 7, within(1e-9));
        assertThat(byName(book.tasks("p1")).get("belts").due()).isEqualTo(TaskStatus.Due.OK);
        book.offer(idle("p1", 85 * 86400, 25));
        assertThat(byName(book.tasks("p1")).get("belts").due()).isEqualTo(TaskStatus.Due.DUE_SOON);
        book.offer(idle("p1", 92 * 86400, 25));
        assertThat(byName(book.tasks("p1")).get("belts").due()).isEqualTo(TaskStatus.Due.OVERDUE);
    }

    @Test
    void otherUnitsCountTheirCounters() throws Exception {
        MaintenanceBook book = book(settings());
        book.plan(List.of(task("cycles", 2, Unit.HEAT_CYCLES, "*"), task("jobs", 2, Unit.JOBS, "*"),
                task("fan", 10.0 / 3600, Unit.FAN_HOURS, "*"), task("bed", 10.0 / 3600, Unit.BED_HOURS, "*"),
                task("hotend", 10.0 / 3600, Unit.HOTEND_HOURS, "*")));
        for (int job = 0; job < 2; job++) {
            long t = job * 100;
            book.offer(idle("p1", t, 25));
            book.offer(printing("p1", t + 5, 210, 50));
            book.offer(printing("p1", t + 10, 210, 100));
            book.offer(idle("p1", t + 15, 30));
        }
        assertThat(book.tasks("p1")).allSatisfy(t -> assertThat(t.due()).as(t.task()).isEqualTo(TaskStatus.Due.OVERDUE));
        assertThat(byName(book.tasks("p1")).get("cycles").used()).isEqualTo(2);
        assertThat(byName(book.tasks("p1")).get("jobs").used()).isEqualTo(2);
    }

    @Test
    void countersTasksAndLogSurviveARestartAndReplaysStayIgnored() throws Exception {
        MaintenanceBook first = book(settings());
        first.plan(List.of(task("nozzle", 1, Unit.PRINTING_HOURS, "*")));
        print(first, "p1", 0, 40);
        print(first, "p2", 0, 20);
        first.markDone("p2", "nozzle", "shell", "swap");
        print(first, "p2", 25, 10);
        first.flush();
        UsageCounters before = first.counters("p1").orElseThrow();
        open.remove(0).close();

        MaintenanceBook second = book(settings());
        second.plan(List.of(task("nozzle", 1, Unit.PRINTING_HOURS, "*")));
        assertThat(second.counters("p1")).contains(before);
        assertThat(second.counters()).hasSize(2);
        // a replay of what was already counted changes nothing
        print(second, "p1", 0, 40);
        assertThat(second.counters("p1")).contains(before);
        // counting goes on where it was
        print(second, "p1", 45, 0);
        assertThat(second.counters("p1").orElseThrow().printingHours()).isCloseTo(45.0 / 3600, within(1e-12));
        assertThat(byName(second.tasks("p2")).get("nozzle").used()).isCloseTo(15.0 / 3600, within(1e-12));
        assertThat(second.log("p2", 10)).singleElement().extracting(LogEntry::note).isEqualTo("swap");
    }

    @Test
    void aLateFlushOfAnOlderStateNeverTakesCountsBack() throws Exception {
        MaintenanceDb db = MaintenanceDb.open(dir.resolve("x.db"));
        open.add(db);
        PrinterCounter c = new PrinterCounter("p1", null);
        c.offer(printing("p1", 0, 210, 0), Samples.RULES);
        c.offer(printing("p1", 10, 210, 0), Samples.RULES);
        CounterState older = c.state();
        c.offer(printing("p1", 20, 210, 0), Samples.RULES);
        db.saveCounters(Map.of("p1", c.state()));
        db.saveCounters(Map.of("p1", older));
        assertThat(db.counters().get("p1")).isEqualTo(c.state());
    }

    @Test
    void twoTasksOfOneNameKeepTheFirst() throws Exception {
        MaintenanceBook book = book(settings());
        book.plan(List.of(task("nozzle", 1, Unit.PRINTING_HOURS, "*"), task("nozzle", 2, Unit.JOBS, "*")));
        assertThat(book.plan()).singleElement().extracting(TaskPlan::every).isEqualTo(1.0);
        assertThat(problems).singleElement().asString().contains("nozzle", "configured twice");
    }

    private static Map<String, TaskStatus> byName(List<TaskStatus> tasks) {
        Map<String, TaskStatus> m = new HashMap<>();
        tasks.forEach(t -> m.put(t.task(), t));
        return m;
    }
}
