package carbine.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The soak run (issue 9, "Under load, for long"): a command, not a test of the suite. {@code run/carbine soak
 * [MINUTES]} (default 120) runs it; the suite reports it as skipped.
 *
 * <p>Carbine is started exactly as the systemd unit starts it (its {@code ExecStart}, standard input closed) with
 * {@value #PRINTERS} simulated printers polled every second ({@value #HOT} of them overheating every few minutes, so
 * alerts open and resolve all the time), a dashboard tab stays open on the overview in a real Chromium, and every
 * {@code soak.swapMinutes} (default 3) the example third-party detector is swapped through the Web Console: updated
 * to a new version, and every third swap uninstalled and installed afresh. Once a minute it samples the heap after a
 * GC (the lowest occupancy after a pause in that minute, from the GC log switched on at run time with
 * {@code jcmd VM.log}; no GC is forced) and the longest pause, RSS, threads and open files of the process
 * ({@code /proc}), the poll cycles ({@code /metrics}), the samples committed (the database, read by a separate
 * connection), the log's ERROR and WARN lines and the tab's JavaScript heap. The table goes to
 * {@code target/soak/soak.md}.
 *
 * <p>It fails on: any ERROR line in {@code carbine.log} or on the output; any poll cycle that had not ended when the
 * next tick came, or printer left out of a tick because its previous poll was still running; a minute with fewer
 * than 59 completed cycles; fewer samples committed than printers × cycles (less what one batch may still hold); a
 * tab that stopped showing the fleet; a swap not in force within 30 s; and growth: heap after GC, threads or open
 * files of the last quarter above the second quarter by more than {@value #HEAP_GROWTH} × + 16 MB, 10 threads or
 * 20 files (the first quarter is the warm-up: models being trained, caches filling).
 */
class SoakRun {
    static final int PRINTERS = 1000;
    static final int HOT = 50;
    static final double HEAP_GROWTH = 1.15;
    /** A G1 pause in the GC log: {@code GC(372) Pause Young (Normal) (G1 Evacuation Pause) 332M->86M(294M) 11.8ms}. */
    static final Pattern PAUSE = Pattern.compile("Pause .*? (\\d+)M->(\\d+)M\\((\\d+)M\\) ([\\d.]+)ms");
    /** A line of carbine.log: {@code 2026-12-06 03:40:00.123 WARN  [source] message}. */
    static final Pattern LEVEL = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} (WARN|ERROR)\\b");
    static final Pattern OVERRUN = Pattern.compile("had not ended when the next tick came");
    /** The poller's line for a printer left out of a tick (rate-limited per printer: a lower bound of the misses). */
    static final Pattern LAGGING = Pattern.compile("previous poll still running, not polled this tick");

    record Row(int minute, long heapMb, long pauseMs, long rssMb, long threads, long files, long cycles,
            long cyclesDelta, long samples, long samplesDelta, long openAlerts, long warns, long errors, long overruns,
            long lagging, long tabHeapMb, int tabRows, String event) {}

    @Test
    void soak() throws Exception {
        String minutesProperty = System.getProperty("soak.minutes");
        assumeTrue(minutesProperty != null && !minutesProperty.isBlank(), "a command: run/carbine soak [MINUTES]");
        int minutes = Integer.parseInt(minutesProperty.trim());
        int swapMinutes = Integer.getInteger("soak.swapMinutes", 3);
        Path out = Path.of(System.getProperty("browser.target", "target"), "soak");
        Files.createDirectories(out);
        Path table = out.resolve("soak.md");

        Path home = CarbineProcess.freshHome("soak");
        Files.writeString(home.resolve("conf/carbine.poller.cfg"), "intervalMillis=1000\n");
        Files.writeString(home.resolve("conf/carbine.simulator-farm.cfg"),
                "printerId=farm\ncount=" + (PRINTERS - HOT) + "\nscenario=normal\n");
        Files.writeString(home.resolve("conf/carbine.simulator-hot.cfg"),
                "printerId=hot\ncount=" + HOT + "\nscenario=overheat\n");
        Path db = home.resolve("data/printer_data.db");
        Path plugin = ServiceUnitTest.exampleJar();
        byte[] pluginJar = Files.readAllBytes(plugin);
        String pluginName = ServiceUnitTest.symbolicName(plugin);

        int port = CarbineProcess.freePort();
        List<String> command = new ArrayList<>(ServiceUnitTest.execStart(home, port));
        int niceness = Integer.getInteger("soak.nice", "root".equals(System.getProperty("user.name")) ? -10 : 0);
        if (niceness != 0) command.addAll(0, List.of("nice", "-n", String.valueOf(niceness)));
        List<Row> rows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (CarbineProcess carbine = CarbineProcess.launch(home, port, command, true)) {
            carbine.awaitReady();
            // the GC log, switched on in the running JVM (the unit's command line stays as it is): a forced full GC
            // each minute (jcmd GC.run) paused Carbine for up to 1.1 s here and overran the poll cycles it measures
            Path gcLog = home.resolve("gc.log");
            carbine.jcmd("VM.log", "output=file=" + gcLog, "what=gc", "decorators=uptime");
            long[] gcOffset = {0};
            long[] lastHeap = {-1};
            Await.until(Duration.ofSeconds(60), PRINTERS + " printers polled",
                    () -> metric(carbine, "carbine_printer_online") >= PRINTERS);
            assertThat(carbine.install(pluginJar, plugin.getFileName().toString())).isBetween(200, 399);
            awaitPlugin(carbine, pluginName, null);
            try (Browser b = new Browser(1366, 900)) {
                b.open(carbine.base + "/");
                Await.until(Duration.ofSeconds(60), "the overview's fleet table", () -> tabRows(b) == PRINTERS);
                write(table, header(minutes, swapMinutes, niceness));
                long start = System.nanoTime();
                long cyclesBefore = metric(carbine, "carbine_poll_cycles_total");
                long samplesBefore = samples(db);
                long cyclesAtStart = cyclesBefore;
                long samplesAtStart = samplesBefore;
                int swaps = 0;
                for (int minute = 1; minute <= minutes; minute++) {
                    String event = "";
                    if (minute % swapMinutes == 0) {
                        swaps++;
                        event = swap(carbine, pluginJar, pluginName, swaps);
                    }
                    long due = start + Duration.ofMinutes(minute).toNanos();
                    while (System.nanoTime() < due) { // a timer: the sampling period, not a synchronisation
                        assertThat(carbine.process.isAlive())
                                .as("Carbine alive at minute %d: %s", minute, carbine.tail()).isTrue();
                        LockSupport.parkNanos(Math.min(due - System.nanoTime(), Duration.ofSeconds(1).toNanos()));
                    }
                    long[] gc = gcPauses(gcLog, gcOffset, lastHeap);
                    long pid = carbine.process.pid();
                    long cycles = metric(carbine, "carbine_poll_cycles_total");
                    long samples = samples(db);
                    long[] logs = logLines(home);
                    Row row = new Row(minute, gc[0], gc[1], proc(pid, "VmRSS") / 1024, proc(pid, "Threads"),
                            openFiles(pid), cycles, cycles - cyclesBefore, samples, samples - samplesBefore,
                            metric(carbine, "carbine_alerts_open"), logs[0], logs[1], logs[2], logs[3], tabHeapMb(b),
                            tabRows(b), event);
                    cyclesBefore = cycles;
                    samplesBefore = samples;
                    rows.add(row);
                    write(table, line(row));
                    System.out.println("[soak] " + line(row).strip());
                    if (row.cyclesDelta < 59) {
                        failures.add("minute " + minute + ": " + row.cyclesDelta + " poll cycles");
                    }
                    if (row.tabRows != PRINTERS) {
                        failures.add("minute " + minute + ": the tab shows " + row.tabRows + " printers");
                    }
                }
                Row last = rows.get(rows.size() - 1);
                if (last.errors > 0) failures.add(last.errors + " ERROR lines (carbine.log, carbine.out)");
                if (last.overruns > 0 || last.lagging > 0) {
                    failures.add(last.overruns + " poll cycles overran, " + last.lagging
                            + " printers left out of a tick");
                }
                long cycles = last.cycles - cyclesAtStart;
                long samples = last.samples - samplesAtStart;
                // the minute's last batch may still be on its way to the disk: at most a few cycles of the fleet
                if (samples < (cycles - 3) * PRINTERS) {
                    failures.add(samples + " samples committed for " + cycles + " cycles of " + PRINTERS + " printers");
                }
                String verdict = verdict(rows, failures);
                write(table, "\n" + verdict + "\n");
                System.out.println("[soak] " + verdict);
            }
        }
        assertThat(failures).as("soak run failures (table in %s)", table).isEmpty();
    }

    /**
     * The lowest heap occupancy after a GC pause and the longest pause (ms) among the GC log's lines since the
     * last call; with no pause since, the last occupancy and 0.
     */
    private static long[] gcPauses(Path gcLog, long[] offset, long[] lastHeap) throws IOException {
        long lowest = Long.MAX_VALUE;
        long longest = 0;
        if (Files.exists(gcLog)) {
            byte[] all = Files.readAllBytes(gcLog);
            int from = (int) Math.min(offset[0], all.length);
            int to = from;
            for (int i = all.length - 1; i >= from; i--) { // whole lines only
                if (all[i] == '\n') {
                    to = i + 1;
                    break;
                }
            }
            Matcher m = PAUSE.matcher(new String(all, from, to - from, StandardCharsets.UTF_8));
            while (m.find()) {
                lowest = Math.min(lowest, Long.parseLong(m.group(2)));
                longest = Math.max(longest, Math.round(Double.parseDouble(m.group(4))));
            }
            offset[0] = to;
        }
        if (lowest != Long.MAX_VALUE) lastHeap[0] = lowest;
        return new long[] {lastHeap[0], longest};
    }

    /** Growth of the last quarter over the second (the first is the warm-up). */
    private static String verdict(List<Row> rows, List<String> failures) {
        int n = rows.size();
        if (n < 8) return "too short to judge growth (" + n + " minutes)";
        List<Row> second = rows.subList(n / 4, n / 2);
        List<Row> lastQ = rows.subList(n - n / 4, n);
        long heap2 = median(second.stream().mapToLong(Row::heapMb).toArray());
        long heap4 = median(lastQ.stream().mapToLong(Row::heapMb).toArray());
        long thr2 = median(second.stream().mapToLong(Row::threads).toArray());
        long thr4 = median(lastQ.stream().mapToLong(Row::threads).toArray());
        long fd2 = median(second.stream().mapToLong(Row::files).toArray());
        long fd4 = median(lastQ.stream().mapToLong(Row::files).toArray());
        long rss2 = median(second.stream().mapToLong(Row::rssMb).toArray());
        long rss4 = median(lastQ.stream().mapToLong(Row::rssMb).toArray());
        if (heap4 > heap2 * HEAP_GROWTH + 16) failures.add("heap after GC grew from " + heap2 + " to " + heap4 + " MB");
        if (thr4 > thr2 + 10) failures.add("threads grew from " + thr2 + " to " + thr4);
        if (fd4 > fd2 + 20) failures.add("open files grew from " + fd2 + " to " + fd4);
        return String.format("Medians, second quarter → last quarter: heap after GC %d → %d MB, RSS %d → %d MB, "
                + "threads %d → %d, open files %d → %d. %s", heap2, heap4, rss2, rss4, thr2, thr4, fd2, fd4,
                failures.isEmpty() ? "No failure." : "FAILURES: " + String.join("; ", failures));
    }

    private static long median(long[] values) {
        long[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length == 0 ? -1 : v[v.length / 2];
    }

    private static String header(int minutes, int swapMinutes, int niceness) {
        return "Soak run started " + Instant.now() + ": " + PRINTERS + " simulated printers (" + HOT
                + " overheating) polled every second for " + minutes + " minutes, the example detector swapped every "
                + swapMinutes + " minutes, one dashboard tab open on the overview; Carbine started as the systemd unit "
                + "starts it"
                + (niceness == 0 ? "" : ", under nice " + niceness + " (the machine is shared with builds)")
                + ". Log columns count from the start.\n\n"
                + "| min | heap after GC MB | longest GC pause ms | RSS MB | threads | open files | poll cycles (Δ) "
                + "| samples stored (Δ) "
                + "| open alerts | WARN | ERROR | overruns | left out | tab JS heap MB | event |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
    }

    private static String line(Row r) {
        return String.format("| %d | %d | %d | %d | %d | %d | %d (%d) | %d (%d) | %d | %d | %d | %d | %d | %d | %s |%n",
                r.minute, r.heapMb, r.pauseMs, r.rssMb, r.threads, r.files, r.cycles, r.cyclesDelta, r.samples,
                r.samplesDelta, r.openAlerts, r.warns, r.errors, r.overruns, r.lagging, r.tabHeapMb, r.event);
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    /** Updates the plug-in to a new version; every third swap uninstalls it first and installs it afresh. */
    private static String swap(CarbineProcess carbine, byte[] jar, String name, int swap) throws Exception {
        long t0 = System.nanoTime();
        String version = "0.2." + swap;
        String how = "updated";
        if (swap % 3 == 0) {
            String[] b = carbine.bundle(name);
            assertThat(b).as("the plug-in before swap %d", swap).isNotNull();
            assertThat(carbine.bundleAction(Long.parseLong(b[0]), "uninstall")).isBetween(200, 399);
            Await.until(Duration.ofSeconds(30), name + " uninstalled",
                    () -> carbine.bundle(name) == null ? true : null);
            how = "uninstalled, installed";
        }
        assertThat(carbine.install(BundleUpdateTest.withVersion(jar, version), "cusum-" + version + ".jar"))
                .isBetween(200, 399);
        awaitPlugin(carbine, name, version.replace('-', '.'));
        return "plug-in " + how + " as " + version + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms";
    }

    private static void awaitPlugin(CarbineProcess carbine, String name, String version) {
        Await.until(Duration.ofSeconds(30), name + " active" + (version == null ? "" : " in " + version), () -> {
            String[] b = carbine.bundle(name);
            return b != null && b[2].equals("Active") && (version == null || b[1].equals(version)) ? true : null;
        });
    }

    /** The sum of a metric's values over its labels, from /metrics. */
    private static long metric(CarbineProcess carbine, String name) throws Exception {
        double sum = 0;
        for (String l : carbine.get("/metrics").body().split("\n")) {
            if (l.startsWith(name + " ") || l.startsWith(name + "{")) {
                sum += Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
            }
        }
        return Math.round(sum);
    }

    /** Samples committed: the highest row id of the telemetry table (rows are only added during a run). */
    private static long samples(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT coalesce(max(rowid), 0) FROM telemetry")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** WARN lines, ERROR lines (in carbine.log and the output), overrun warnings and left-out printers so far. */
    private static long[] logLines(Path home) throws IOException {
        long[] counts = new long[4];
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> s = Files.list(home.resolve("data"))) {
            s.filter(p -> p.getFileName().toString().startsWith("carbine.log")).forEach(logs::add);
        }
        for (Path log : logs) {
            try (BufferedReader r = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
                for (String l; (l = r.readLine()) != null;) {
                    Matcher m = LEVEL.matcher(l);
                    if (m.find()) counts[m.group(1).equals("WARN") ? 0 : 1]++;
                    if (OVERRUN.matcher(l).find()) counts[2]++;
                    if (LAGGING.matcher(l).find()) counts[3]++;
                }
            }
        }
        for (String l : Files.readAllLines(home.resolve("carbine.out"), StandardCharsets.UTF_8)) {
            if (l.contains(" ERROR ") && !LEVEL.matcher(l).find()) counts[1]++; // carbine.log's lines are echoed there
        }
        return counts;
    }

    private static long proc(long pid, String key) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (l.startsWith(key + ":")) return Long.parseLong(l.substring(key.length() + 1).trim().split("\\s+")[0]);
        }
        return -1;
    }

    private static long openFiles(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return fds.count();
        }
    }

    private static int tabRows(Browser b) {
        Object rows = b.js("var t = document.querySelector('[data-rows]'); "
                + "return t ? t.getAttribute('data-rows') : null;");
        return rows == null ? -1 : Integer.parseInt(rows.toString());
    }

    private static long tabHeapMb(Browser b) {
        Object used = b.js("return performance.memory ? performance.memory.usedJSHeapSize : -1;");
        return used instanceof Number n ? n.longValue() / (1024 * 1024) : -1;
    }
}
