package carbine.maintenance.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import carbine.api.detector.Finding;
import carbine.api.telemetry.TelemetrySample;

/**
 * Benchmark, not a test (run by hand: {@code java -cp ... carbine.maintenance.internal.CountingBench [printers]}, or
 * from the IDE): the cost of one counting pass over a farm after a poll cycle, and of one flush of every printer's
 * counters to {@code maintenance.db}, with a plan of three tasks that never fall due and then with one that is
 * overdue on every printer (each sample then reports an alert, as often as {@code reportSeconds} lets it).
 */
public final class CountingBench {
    private CountingBench() {}

    public static void main(String[] args) throws Exception {
        int printers = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path dir = Files.createTempDirectory("counting-bench");
        try (MaintenanceDb db = MaintenanceDb.open(dir.resolve(MaintenanceDb.FILE_NAME))) {
            long[] reports = {0};
            MaintenanceBook.Reporter reporter = new MaintenanceBook.Reporter() {
                @Override public void report(TelemetrySample sample, List<Finding> findings) { reports[0]++; }
                @Override public Set<String> printersWithOpenAlerts() { return Set.of(); }
            };
            MaintenanceBook book = new MaintenanceBook(db, () -> Settings.DEFAULTS, () -> reporter, Clock.systemUTC(),
                    p -> {});
            book.plan(List.of(new TaskPlan("nozzle", "*", Globs.compile("*"), 300, Unit.PRINTING_HOURS, "a"),
                    new TaskPlan("rods", "*", Globs.compile("*"), 100, Unit.PRINTING_HOURS, "b"),
                    new TaskPlan("belts", "*", Globs.compile("*"), 3, Unit.MONTHS, "c")));
            String[] ids = new String[printers];
            for (int i = 0; i < printers; i++) ids[i] = String.format(Locale.ROOT, "farm-%05d", i);
            run(book, db, ids, reports, 0, 40, "3 tasks, none due");
            book.plan(List.of(new TaskPlan("nozzle", "*", Globs.compile("*"), 0.001, Unit.PRINTING_HOURS, "a")));
            run(book, db, ids, reports, 40, 40, "1 task overdue everywhere");
        }
    }

    private static void run(MaintenanceBook book, MaintenanceDb db, String[] ids, long[] reports, int firstCycle,
            int cycles, String what) throws Exception {
        long passNanos = 0, flushNanos = 0;
        int flushes = 0;
        reports[0] = 0;
        for (int c = firstCycle; c < firstCycle + cycles; c++) {
            long start = System.nanoTime();
            for (String id : ids) {
                book.offer(Samples.printing(id, c * 5L, 210, 50));
            }
            if (c >= firstCycle + cycles / 2) passNanos += System.nanoTime() - start; // the second half: warm
            if (c % 2 == 1) { // every 10 s of 5 s cycles, as persistSeconds
                long f = System.nanoTime();
                book.flush();
                if (c >= firstCycle + cycles / 2) {
                    flushNanos += System.nanoTime() - f;
                    flushes++;
                }
            }
        }
        int measured = cycles - cycles / 2;
        System.out.printf(Locale.ROOT, "[counting] %d printers, %s: pass %.1f ms per cycle (%.0f ns per sample), "
                + "flush %.1f ms per 10 s, %d alert reports%n", ids.length, what, passNanos / 1e6 / measured,
                (double) passNanos / measured / ids.length, flushNanos / 1e6 / Math.max(1, flushes), reports[0]);
    }
}
