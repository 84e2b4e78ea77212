package carbine.storage.sqlite.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * Ingest rate of {@link SqliteStore#store} against plain sqlite-jdbc batched inserts of the same rows into the
 * same schema with the same pragmas and batch size; then query latency. Not a test: run it as a command, see the
 * module README. Each run writes a fresh file; runs alternate store/raw after one warm-up pair.
 */
public final class StorageBench {
    private static final int PRINTERS = 100;
    private static final int ROWS = 200_000;
    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final int REPETITIONS = 5;
    private static final int QUERY_ROUNDS = 200;

    private final List<TelemetrySample> rows;
    private final Path dir;
    private int runNumber;

    private StorageBench(List<TelemetrySample> rows, Path dir) {
        this.rows = rows;
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        Instant end = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        StorageBench bench = new StorageBench(realisticRows(end), Files.createTempDirectory("carbine-storage-bench"));
        System.out.printf(Locale.ROOT, "Carbine SQLite storage bench: %d samples of %d printers (1 sample / %d s), "
                + "batch %d, %d alternating repetitions after a warm-up; files in %s%n", ROWS, PRINTERS,
                INTERVAL.toSeconds(), StoreSettings.DEFAULTS.batchSize(), REPETITIONS, bench.dir);
        Path lastStoreFile = null;
        for (Synchronous sync : Synchronous.values()) {
            lastStoreFile = bench.compare(sync);
        }
        bench.queries(lastStoreFile, end);
        bench.deleteAll();
    }

    /** Runs warm-up and repetitions for one sync level; returns a kept file written by the store, for queries. */
    private Path compare(Synchronous sync) throws Exception {
        System.out.printf(Locale.ROOT, "%nsynchronous=%s%n", sync);
        deleteDatabase(ingestWithStore(sync).file);
        deleteDatabase(ingestRaw(sync).file);
        double[] store = new double[REPETITIONS];
        double[] raw = new double[REPETITIONS];
        Path kept = null;
        for (int i = 0; i < REPETITIONS; i++) {
            Run a;
            Run b;
            if (i % 2 == 0) {
                a = ingestWithStore(sync);
                b = ingestRaw(sync);
            } else {
                b = ingestRaw(sync);
                a = ingestWithStore(sync);
            }
            store[i] = a.rowsPerSecond();
            raw[i] = b.rowsPerSecond();
            System.out.printf(Locale.ROOT, "  repetition %d: store %,9.0f rows/s   raw %,9.0f rows/s   (%s first)%n",
                    i + 1, store[i], raw[i], i % 2 == 0 ? "store" : "raw");
            deleteDatabase(b.file);
            if (kept != null) {
                deleteDatabase(kept);
            }
            kept = a.file;
        }
        double storeMedian = median(store);
        double rawMedian = median(raw);
        System.out.printf(Locale.ROOT, "  median:       store %,9.0f rows/s   raw %,9.0f rows/s   ratio store/raw = "
                + "%.2f (target >= 0.80)%n", storeMedian, rawMedian, storeMedian / rawMedian);
        return kept;
    }

    private record Run(Path file, long nanos) {
        double rowsPerSecond() {
            return ROWS / (nanos / 1e9);
        }
    }

    private Path freshFile() {
        return dir.resolve("run-" + (++runNumber) + ".db");
    }

    private StoreSettings settings(Synchronous sync) {
        // a producer this fast would otherwise meet the back pressure (a real poller writes ~100 rows/s)
        return StoreSettings.DEFAULTS.withSynchronous(sync).withMaxQueue(ROWS);
    }

    /** (a) through the store: enqueue every row, then wait for every future. */
    private Run ingestWithStore(Synchronous sync) throws Exception {
        Path file = freshFile();
        RecordingLog log = new RecordingLog();
        try (SqliteStore store = SqliteStore.open(file, settings(sync), log)) {
            List<CompletionStage<Void>> futures = new ArrayList<>(ROWS);
            long start = System.nanoTime();
            for (TelemetrySample row : rows) {
                futures.add(store.store(row));
            }
            CompletionStage<Void> previous = null;
            for (CompletionStage<Void> f : futures) {
                if (f != previous) { // rows of one transaction share their future: wait once for it
                    f.toCompletableFuture().join();
                    previous = f;
                }
            }
            long nanos = System.nanoTime() - start;
            if (!log.errors().isEmpty()) {
                throw new IllegalStateException("the store reported errors: " + log.errors());
            }
            return new Run(file, nanos);
        }
    }

    /** (b) plain sqlite-jdbc: same schema (made by the store), same pragmas, same batch size, one thread. */
    private Run ingestRaw(Synchronous sync) throws Exception {
        Path file = freshFile();
        StoreSettings settings = settings(sync);
        SqliteStore.open(file, settings, new RecordingLog()).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + settings.busyTimeoutMillis());
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = " + sync.name());
            }
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO telemetry (printer_id, time, state, "
                    + "nozzle_actual, nozzle_target, bed_actual, bed_target, heater_power, fan_speed, fan_rpm, "
                    + "filament_detected, filament_moving, progress, error) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int batchSize = settings.batchSize();
                long start = System.nanoTime();
                int inBatch = 0;
                for (TelemetrySample row : rows) {
                    insert.setString(1, row.printerId());
                    insert.setLong(2, row.time().toEpochMilli());
                    insert.setString(3, row.state().name());
                    real(insert, 4, row.nozzleActual());
                    real(insert, 5, row.nozzleTarget());
                    real(insert, 6, row.bedActual());
                    real(insert, 7, row.bedTarget());
                    real(insert, 8, row.heaterPower());
                    real(insert, 9, row.fanSpeed());
                    real(insert, 10, row.fanRpm());
                    flag(insert, 11, row.filamentDetected());
                    flag(insert, 12, row.filamentMoving());
                    real(insert, 13, row.progress());
                    insert.setString(14, row.error());
                    insert.addBatch();
                    if (++inBatch == batchSize) {
                        insert.executeBatch();
                        c.commit();
                        inBatch = 0;
                    }
                }
                if (inBatch > 0) {
                    insert.executeBatch();
                    c.commit();
                }
                return new Run(file, System.nanoTime() - start);
            }
        }
    }

    private static void real(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.REAL);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static void flag(PreparedStatement ps, int i, Boolean v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v ? 1 : 0);
        }
    }

    private void queries(Path file, Instant end) throws Exception {
        try (SqliteStore store = SqliteStore.open(file, StoreSettings.DEFAULTS.withRetentionDays(0),
                new RecordingLog())) {
            String printer = printerId(42);
            System.out.printf(Locale.ROOT, "%nqueries through SqliteStore on a file of %d rows, printer %s "
                    + "(1 sample / %d s), median of %d after warm-up:%n", ROWS, printer, INTERVAL.toSeconds(),
                    QUERY_ROUNDS);
            time("samples, last 10 minutes", () -> store.samples(printer, end.minusSeconds(600), end.plusSeconds(1)).size());
            time("samples, last hour", () -> store.samples(printer, end.minusSeconds(3600), end.plusSeconds(1)).size());
            time("count, last hour", () -> store.count(printer, end.minusSeconds(3600), end.plusSeconds(1)));
            time("latest", () -> store.latest(printer).isPresent() ? 1 : 0);
            time("printerIds", () -> store.printerIds().size());
        }
    }

    private static void time(String what, Supplier<Number> query) {
        Number result = null;
        for (int i = 0; i < QUERY_ROUNDS / 4; i++) {
            result = query.get();
        }
        double[] millis = new double[QUERY_ROUNDS];
        for (int i = 0; i < QUERY_ROUNDS; i++) {
            long start = System.nanoTime();
            result = query.get();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        System.out.printf(Locale.ROOT, "  %-26s %7.3f ms  (result %s)%n", what, median(millis), result);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String printerId(int i) {
        return String.format(Locale.ROOT, "printer-%03d", i);
    }

    /**
     * What a farm's poller would write: every 5 s one sample per printer. 60 printers print (Klipper-like, some
     * with fan tachometer or filament motion sensor), 25 idle, 15 report no heater power, rpm or motion (Bambu-like).
     */
    static List<TelemetrySample> realisticRows(Instant end) {
        Random random = new Random(2026);
        int ticks = ROWS / PRINTERS;
        Instant start = end.minus(INTERVAL.multipliedBy(ticks - 1));
        List<TelemetrySample> rows = new ArrayList<>(ROWS);
        for (int tick = 0; tick < ticks; tick++) {
            Instant time = start.plus(INTERVAL.multipliedBy(tick));
            double progress = 100.0 * tick / ticks;
            for (int p = 0; p < PRINTERS; p++) {
                TelemetrySample.Builder b;
                if (p < 60) {
                    b = TelemetrySample.builder(printerId(p), time, PrinterState.PRINTING)
                            .nozzle(215 + random.nextGaussian() * 0.8, 215.0)
                            .bed(60 + random.nextGaussian() * 0.3, 60.0)
                            .heaterPower(0.45 + random.nextGaussian() * 0.05)
                            .fan(1.0, p % 2 == 0 ? 6000 + random.nextGaussian() * 150 : null)
                            .filamentDetected(true)
                            .filamentMoving(p % 3 == 0 ? Boolean.TRUE : null)
                            .progress(progress);
                } else if (p < 85) {
                    b = TelemetrySample.builder(printerId(p), time, PrinterState.IDLE)
                            .nozzle(24 + random.nextGaussian() * 0.2, 0.0)
                            .bed(23.5 + random.nextGaussian() * 0.1, 0.0)
                            .heaterPower(0.0)
                            .fan(0.0, p % 2 == 0 ? 0.0 : null)
                            .filamentDetected(true);
                } else {
                    b = TelemetrySample.builder(printerId(p), time, PrinterState.PRINTING)
                            .nozzle(220 + random.nextGaussian(), 220.0)
                            .bed(55 + random.nextGaussian() * 0.5, 55.0)
                            .fan(0.8, null)
                            .progress(progress);
                }
                rows.add(b.build());
            }
        }
        return rows;
    }

    private static void deleteDatabase(Path file) throws IOException {
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
        }
    }

    private void deleteAll() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
