package carbine.storage.sqlite.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import carbine.api.store.History;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * What the tiers cost on disk and what a history query costs. Not a test: run it as a command (see BENCHMARKS.md).
 * <ol>
 * <li>{@value #PRINTERS} printers, {@value #DAYS} days at one sample per 5 s, through {@link SqliteStore#store}: bytes
 * per printer-day of each tier (SQLite's {@code dbstat}: the pages of each table and index), and the estimate of a
 * 1,000-printer farm after a year with the default retention (raw 7 d, minutes 90 d, hours 730 d).</li>
 * <li>Then one more printer with a year of history (one sample per 60 s, the last two days per 5 s) in the same file,
 * and {@code history(printer, now - window, now, 400)} for 10 min, 1 h, 24 h, 7 d, 30 d, 1 y: median of
 * {@value #ROUNDS} after a warm-up; and, for comparison, the raw {@code samples} of the last 24 h that the chart
 * read before the tiers.</li>
 * </ol>
 */
public final class HistoryBench {
    private static final int PRINTERS = 20;
    private static final int DAYS = 2;
    private static final int ROUNDS = 30;
    private static final StoreSettings SETTINGS = StoreSettings.DEFAULTS.withRetentionDays(0)
            .withSynchronous(Synchronous.NORMAL).withMaxQueue(200_000);

    private HistoryBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("carbine-history-bench");
        if (Boolean.getBoolean("bench.migrationOnly")) {
            migration(dir.resolve("v1.db"));
            Files.deleteIfExists(dir);
            return;
        }
        if (Boolean.getBoolean("bench.fleetOnly")) {
            fleetShapedIngest(dir.resolve("fleet.db"));
            Files.deleteIfExists(dir);
            return;
        }
        Path file = dir.resolve("printer_data.db");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        System.out.printf(Locale.ROOT, "Carbine history bench: %d printers x %d days at 5 s into %s%n", PRINTERS, DAYS,
                file);
        try (SqliteStore store = SqliteStore.open(file, SETTINGS, new QuietLog())) {
            long t0 = System.nanoTime();
            long rows = 0;
            for (int p = 0; p < PRINTERS; p++) {
                rows += ingest(store, "farm-" + p, p, now.minus(Duration.ofDays(DAYS)), now, Duration.ofSeconds(5));
            }
            System.out.printf(Locale.ROOT, "  ingested %,d samples in %.1f s (raw rows and both tiers)%n", rows,
                    (System.nanoTime() - t0) / 1e9);
        }
        sizes(file);

        try (SqliteStore store = SqliteStore.open(file, SETTINGS, new QuietLog())) {
            long t0 = System.nanoTime();
            Instant twoDaysAgo = now.minus(Duration.ofDays(2));
            long rows = ingest(store, "year", 7, now.minus(Duration.ofDays(365)), twoDaysAgo, Duration.ofSeconds(60));
            rows += ingest(store, "year", 7, twoDaysAgo, now, Duration.ofSeconds(5));
            System.out.printf(Locale.ROOT, "%nprinter 'year': %,d samples (365 days at 60 s, the last 2 days at 5 s) in "
                    + "%.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
            queries(store, now);
        }
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(dir.resolve("printer_data.db" + suffix));
        }
        fleetShapedIngest(dir.resolve("fleet.db"));
        migration(dir.resolve("v1.db"));
        Files.deleteIfExists(dir);
    }

    /**
     * The first start after the upgrade: a schema-1 file (the test resource written by the previous version, grown
     * to 2 million samples of 100 printers with plain inserts) opened by this version, which fills the tiers.
     */
    private static void migration(Path file) throws Exception {
        int rows = Integer.getInteger("bench.migrationRows", 2_000_000);
        try (var in = HistoryBench.class.getResourceAsStream("/v1/printer_data.db")) {
            Files.copy(in, file);
        }
        Random random = new Random(9);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofSeconds(5L * rows / 100));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.setAutoCommit(false);
            try (var insert = c.prepareStatement(TelemetryRows.INSERT)) {
                for (int i = 0; i < rows; i++) {
                    TelemetryRows.bind(insert, TelemetrySample.builder("m-" + (i % 100), start.plusSeconds(5L * (i / 100)),
                            PrinterState.PRINTING).nozzle(215 + random.nextGaussian(), 215.0)
                            .bed(60 + random.nextGaussian() * 0.3, 60.0).heaterPower(0.45).fan(1.0, 6000.0)
                            .progress(50.0).build());
                    insert.addBatch();
                    if (i % 10_000 == 9_999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            c.commit();
        }
        long t0 = System.nanoTime();
        try (SqliteStore store = SqliteStore.open(file, SETTINGS, new QuietLog())) {
            double open = (System.nanoTime() - t0) / 1e9;
            long filled = store.tiersFilled().get();
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%nfirst open of a schema-1 file with %,d samples: migrated and open in "
                    + "%.2f s; the tiers filled from them in the background in %.1f s (%,.0f samples/s)%n",
                    rows + 2000, open, seconds, filled / seconds);
        }
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
        }
    }

    /**
     * What the poller sends: every cycle one sample of each of 1,000 printers, so a batch of 1,000 rows touches
     * 1,000 minute and 1,000 hour buckets (the worst case for the tiers); {@code synchronous=FULL} as shipped.
     */
    private static void fleetShapedIngest(Path file) throws Exception {
        int printers = 1000;
        int cycles = Integer.getInteger("bench.cycles", 60);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofSeconds(5L * cycles));
        Random random = new Random(5);
        List<TelemetrySample> rows = new ArrayList<>(printers * cycles);
        for (int c = 0; c < cycles; c++) {
            Instant t = start.plusSeconds(5L * c);
            for (int p = 0; p < printers; p++) {
                rows.add(TelemetrySample.builder("fleet-" + p, t, PrinterState.PRINTING)
                        .nozzle(215 + random.nextGaussian() * 0.8, 215.0).bed(60 + random.nextGaussian() * 0.3, 60.0)
                        .heaterPower(0.45 + random.nextGaussian() * 0.05).fan(1.0, 6000 + random.nextGaussian() * 150)
                        .filamentDetected(true).progress(50.0).build());
            }
        }
        for (int run = 1; run <= 3; run++) {
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            }
            try (SqliteStore store = SqliteStore.open(file, SETTINGS.withSynchronous(Synchronous.FULL), new QuietLog())) {
                long t0 = System.nanoTime();
                List<CompletionStage<Void>> pending = new ArrayList<>(rows.size());
                rows.forEach(r -> pending.add(store.store(r)));
                pending.forEach(stage -> stage.toCompletableFuture().join());
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "%sfleet-shaped ingest (%d printers x %d cycles, one sample of each "
                        + "printer per cycle, FULL), run %d: %,.0f samples/s%n", run == 1 ? "\n" : "", printers, cycles,
                        run, rows.size() / seconds);
            }
        }
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
        }
    }

    /** Realistic samples of one printer: printing, idle and heating spells, noise, some fields absent. */
    private static long ingest(SqliteStore store, String printer, int seed, Instant from, Instant to, Duration every)
            throws Exception {
        Random random = new Random(seed);
        List<CompletionStage<Void>> pending = new ArrayList<>();
        long n = 0;
        for (Instant t = from; t.isBefore(to); t = t.plus(every)) {
            long minute = t.getEpochSecond() / 60;
            boolean printing = (minute / 90 + seed) % 3 != 0; // 90-minute spells, two printing in three
            TelemetrySample.Builder b = TelemetrySample.builder(printer, t,
                    printing ? PrinterState.PRINTING : PrinterState.IDLE);
            if (printing) {
                b.nozzle(215 + random.nextGaussian() * 0.8, 215.0).bed(60 + random.nextGaussian() * 0.3, 60.0)
                        .heaterPower(0.45 + random.nextGaussian() * 0.05)
                        .fan(1.0, seed % 2 == 0 ? 6000 + random.nextGaussian() * 150 : null)
                        .filamentDetected(true).filamentMoving(seed % 3 == 0 ? Boolean.TRUE : null)
                        .progress(100.0 * (minute % 90) / 90);
            } else {
                b.nozzle(24 + random.nextGaussian() * 0.2, 0.0).bed(23.5 + random.nextGaussian() * 0.1, 0.0)
                        .heaterPower(0.0).fan(0.0, seed % 2 == 0 ? 0.0 : null).filamentDetected(true);
            }
            pending.add(store.store(b.build()));
            n++;
            if (pending.size() == 100_000) {
                Samples.awaitAll(pending);
                pending.clear();
            }
        }
        Samples.awaitAll(pending);
        return n;
    }

    private static void sizes(Path file) throws Exception {
        Map<String, Long> bytes = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            try (ResultSet rs = s.executeQuery("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY name")) {
                while (rs.next()) {
                    bytes.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        double printerDays = PRINTERS * (double) DAYS;
        long raw = bytes.getOrDefault("telemetry", 0L) + bytes.getOrDefault("telemetry_printer_time", 0L);
        long minute = bytes.getOrDefault("telemetry_minute", 0L);
        long hour = bytes.getOrDefault("telemetry_hour", 0L);
        System.out.printf(Locale.ROOT, "  file %,d bytes; pages per table/index: %s%n", Files.size(file), bytes);
        double rawDay = raw / printerDays;
        double minuteDay = minute / printerDays;
        double hourDay = hour / printerDays;
        System.out.printf(Locale.ROOT, "  bytes per printer-day: raw (5 s, table + index) %,.0f   minute %,.0f   hour %,.0f%n",
                rawDay, minuteDay, hourDay);
        double farm = 1000 * (StoreSettings.DEFAULTS.rawDays() * rawDay + StoreSettings.DEFAULTS.minuteDays() * minuteDay
                + 365 * hourDay);
        double everythingRaw = 1000 * 365 * rawDay;
        System.out.printf(Locale.ROOT, "  1,000 printers at 5 s after one year, default retention (raw 7 d, minutes "
                + "90 d, hours 365 of 730 d): %.1f GB (raw %.1f + minutes %.1f + hours %.1f); after two years %.1f GB; "
                + "the raw samples of the whole year would be %.0f GB%n", farm / 1e9,
                1000 * StoreSettings.DEFAULTS.rawDays() * rawDay / 1e9, 1000 * StoreSettings.DEFAULTS.minuteDays() * minuteDay / 1e9,
                1000 * 365 * hourDay / 1e9, (farm + 1000 * 365 * hourDay) / 1e9, everythingRaw / 1e9);
    }

    private static void queries(SqliteStore store, Instant now) {
        for (int pass = 1; pass <= 2; pass++) {
            System.out.printf(Locale.ROOT, "history(year, now - window, now, 400), median of %d after a warm-up, "
                    + "pass %d of 2:%n", ROUNDS, pass);
            historyQueries(store, now);
        }
        int[] size = new int[1];
        double raw = median(() -> size[0] = store.samples("year", now.minus(Duration.ofHours(24)), now).size());
        System.out.printf(Locale.ROOT, "  for comparison, samples() of the last 24 h (what the chart read before): "
                + "%.2f ms for %,d samples%n", raw, size[0]);
    }

    private static void historyQueries(SqliteStore store, Instant now) {
        for (Duration window : List.of(Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(24),
                Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(365))) {
            History[] last = new History[1];
            double ms = median(() -> last[0] = store.history("year", now.minus(window), now, 400));
            System.out.printf(Locale.ROOT, "  %-8s %8.2f ms  %-6s step %-8s %3d points%n", name(window), ms,
                    last[0].resolution(), name(last[0].step()), last[0].points().size());
        }
    }

    private static double median(Supplier<Object> query) {
        for (int i = 0; i < 5; i++) {
            query.get();
        }
        double[] ms = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long t0 = System.nanoTime();
            query.get();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[ROUNDS / 2];
    }

    private static String name(Duration d) {
        if (d.toDays() > 0 && d.toHoursPart() == 0) {
            return d.toDays() + " d";
        }
        if (d.toHours() > 0 && d.toMinutesPart() == 0) {
            return d.toHours() + " h";
        }
        if (d.toMinutes() > 0 && d.toSecondsPart() == 0) {
            return d.toMinutes() + " min";
        }
        return d.toMillis() + " ms";
    }

    private static final class QuietLog implements StoreLog {
        @Override
        public void error(String message) {
            System.err.println("ERROR " + message);
        }

        @Override
        public void info(String message) {
            // retention is off: nothing to say
        }
    }
}
