package carbine.storage.sqlite.internal;

import static carbine.storage.sqlite.internal.Samples.DEADLINE;
import static carbine.storage.sqlite.internal.Samples.SETTINGS;
import static carbine.storage.sqlite.internal.Samples.T0;
import static carbine.storage.sqlite.internal.Samples.awaitAll;
import static carbine.storage.sqlite.internal.TiersMatch.assertTiersMatchRaw;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import carbine.api.alert.Alert;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/** The minute and hour tiers: written with the raw rows, equal to what the raw rows say, migrated, retained. */
class TiersTest {
    @TempDir
    Path dir;
    RecordingLog log = new RecordingLog();

    /** Random samples of three printers, 1–9 s apart, with absent fields, every state, errors and runouts. */
    static List<TelemetrySample> randomSeries(Instant start, int n, long seed) {
        Random random = new Random(seed);
        List<TelemetrySample> samples = new ArrayList<>();
        Instant t = start;
        PrinterState[] states = PrinterState.values();
        for (int i = 0; i < n; i++) {
            t = t.plusMillis(1000 + random.nextInt(8000));
            for (String printer : List.of("p1", "p2", "p3")) {
                if (random.nextInt(4) == 0) {
                    continue;
                }
                PrinterState state = states[random.nextInt(states.length)];
                TelemetrySample.Builder b = TelemetrySample.builder(printer, t.plusMillis(random.nextInt(500)), state);
                if (state != PrinterState.OFFLINE) {
                    b.nozzle(random.nextInt(10) == 0 ? null : 180 + 60 * random.nextDouble(), 215.0)
                            .bed(40 + 30 * random.nextDouble(), random.nextBoolean() ? 60.0 : null)
                            .heaterPower(random.nextDouble()).fan(random.nextDouble(), random.nextInt(3) == 0 ? null
                                    : 3000 + 4000 * random.nextDouble())
                            .filamentDetected(random.nextInt(20) != 0).progress(100 * random.nextDouble())
                            .error(state == PrinterState.ERROR ? "fault " + i : null);
                }
                samples.add(b.build());
            }
        }
        return samples;
    }

    @Test
    void theTiersAreExactlyWhatTheRawRowsSay_whateverTheBatches() throws Exception {
        Path file = dir.resolve("t.db");
        // small batches: most buckets are written in several parts and merged
        try (SqliteStore store = SqliteStore.open(file, SETTINGS.withBatchSize(37), log)) {
            List<CompletionStage<Void>> stages = new ArrayList<>();
            for (TelemetrySample s : randomSeries(T0.minusSeconds(7200), 4000, 1)) {
                stages.add(store.store(s));
            }
            awaitAll(stages);
        }

        assertThat(count(file, "SELECT count(*) FROM telemetry_minute")).isGreaterThan(500);
        assertThat(count(file, "SELECT count(*) FROM telemetry_hour")).isGreaterThanOrEqualTo(6);
        assertThat(count(file, "SELECT sum(samples) FROM telemetry_hour"))
                .isEqualTo(count(file, "SELECT count(*) FROM telemetry"));
        assertTiersMatchRaw(file);
    }

    @Test
    void aDatabaseOfVersionOneIsMigrated_keepingEveryRow_andItsTiersAreFilledInTheBackground() throws Exception {
        Path file = dir.resolve("printer_data.db");
        try (InputStream in = getClass().getResourceAsStream("/v1/printer_data.db")) {
            Files.copy(in, file); // written by carbine.storage.sqlite before the tiers (schema version 1)
        }
        assertThat(count(file, "PRAGMA user_version")).isEqualTo(1);
        List<TelemetrySample> samplesBefore = allSamples(file);
        assertThat(samplesBefore).hasSize(2000);
        int chunk = TierFill.chunkRows;
        TierFill.chunkRows = 150; // many chunks, with batches of new samples between them

        List<Alert> alertsBefore;
        try (SqliteStore store = SqliteStore.open(file, SETTINGS.withBatchSize(7), log)) {
            assertThat(count(file, "PRAGMA user_version")).isEqualTo(Schema.currentVersion()); // migrated at once; the fill follows
            assertThat(store.samples("v1-a", Instant.MIN, Instant.MAX)).hasSize(1500);
            alertsBefore = store.alerts(Instant.MIN, Instant.MAX, 100);
            assertThat(alertsBefore).hasSize(2);
            // samples keep coming while the tiers are filled: into minutes the fill also writes to, and new ones
            List<CompletionStage<Void>> stages = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                stages.add(store.store(Samples.full(i % 2 == 0 ? "v1-a" : "v1-b",
                        Instant.parse("2026-06-01T13:30:00.5Z").plusSeconds(i * 2L))));
            }
            assertThat(store.tiersFilled().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(2000);
            awaitAll(stages);
        } finally {
            TierFill.chunkRows = chunk;
        }

        List<TelemetrySample> after = allSamples(file);
        assertThat(after).hasSize(2300).containsAll(samplesBefore);
        assertThat(count(file, "SELECT count(*) FROM tier_fill")).isZero();
        assertThat(count(file, "SELECT sum(samples) FROM telemetry_minute")).isEqualTo(2300);
        assertThat(count(file, "SELECT sum(samples) FROM telemetry_hour")).isEqualTo(2300);
        assertTiersMatchRaw(file);
        assertThat(log.infos()).anySatisfy(line -> assertThat(line).contains("filled the per-minute and per-hour "
                + "aggregates").contains("from 2000 stored samples"));
        try (SqliteStore store = SqliteStore.open(file, SETTINGS, log)) {
            assertThat(store.alerts(Instant.MIN, Instant.MAX, 100)).isEqualTo(alertsBefore);
            assertThat(store.tiersFilled().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isZero();
        }
    }

    @Test
    void aFillInterruptedByClosingGoesOnAtTheNextStart_countingEverySampleOnce() throws Exception {
        Path file = dir.resolve("printer_data.db");
        try (InputStream in = getClass().getResourceAsStream("/v1/printer_data.db")) {
            Files.copy(in, file);
        }
        int chunk = TierFill.chunkRows;
        TierFill.chunkRows = 1;
        try {
            SqliteStore store = SqliteStore.open(file, SETTINGS, log);
            Await.until("a few chunks filled", () -> {
                try {
                    return count(file, "SELECT sum(samples) FROM telemetry_minute") >= 5;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            store.close();
            assertThat(store.tiersFilled()).isCompletedExceptionally();
            long partly = count(file, "SELECT sum(samples) FROM telemetry_minute");
            assertThat(partly).isBetween(5L, 1999L);
            assertThat(count(file, "SELECT next_rowid FROM tier_fill")).isEqualTo(partly + 1);
        } finally {
            TierFill.chunkRows = chunk;
        }
        try (SqliteStore store = SqliteStore.open(file, SETTINGS, log)) {
            store.tiersFilled().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        }
        assertThat(count(file, "SELECT sum(samples) FROM telemetry_minute")).isEqualTo(2000);
        assertTiersMatchRaw(file);
    }

    @Test
    void aFileWithoutTheFillCursorHasNothingToFill_andWritesGoOn() throws Exception {
        Path file = dir.resolve("t.db");
        SqliteStore.open(file, SETTINGS, log).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("DROP TABLE tier_fill");
        }

        try (SqliteStore store = SqliteStore.open(file, SETTINGS, log)) {
            assertThat(store.tiersFilled().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isZero();
            awaitAll(List.of(store.store(Samples.full("a", T0))));
        }
        assertThat(log.errors()).isEmpty();
        assertTiersMatchRaw(file);
    }

    @Test
    void eachTierIsKeptForItsOwnDays() throws Exception {
        Instant now = Instant.parse("2026-06-10T00:00:00Z");
        Path file = dir.resolve("r.db");
        try (SqliteStore store = SqliteStore.open(file, StoreSettings.DEFAULTS.withTierDays(1, 2, 3), log,
                Clock.fixed(now, ZoneOffset.UTC))) {
            store.runRetention().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS); // the run at start is over
            List<CompletionStage<Void>> stages = new ArrayList<>();
            for (double days : new double[] { 0.5, 1.5, 2.5, 3.5 }) {
                stages.add(store.store(Samples.full("a", now.minusSeconds((long) (days * 86400)))));
            }
            awaitAll(stages);

            assertThat(store.runRetention().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(3);
            assertThat(store.count("a", Instant.MIN, Instant.MAX)).isEqualTo(1);
        }
        assertThat(count(file, "SELECT count(*) FROM telemetry_minute")).isEqualTo(2);
        assertThat(count(file, "SELECT count(*) FROM telemetry_hour")).isEqualTo(3);
        assertThat(log.infos()).anySatisfy(line -> assertThat(line).contains("retention: deleted 3 telemetry samples")
                .contains("2 minute aggregates").contains("1 hour aggregates"));
    }

    @Test
    void aBucketIsDeletedOnlyOnceAllOfItIsOlderThanThePeriod() throws Exception {
        Instant now = Instant.parse("2026-06-10T00:30:00Z");
        Path file = dir.resolve("r.db");
        try (SqliteStore store = SqliteStore.open(file, StoreSettings.DEFAULTS.withTierDays(0, 0, 1), log,
                Clock.fixed(now, ZoneOffset.UTC))) {
            awaitAll(List.of(store.store(Samples.full("a", Instant.parse("2026-06-08T23:59:00Z"))),
                    store.store(Samples.full("a", Instant.parse("2026-06-09T00:10:00Z")))));

            store.runRetention().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        }
        // the hour 00:00–01:00 of yesterday is partly younger than one day: kept; the hour before is gone
        assertThat(count(file, "SELECT count(*) FROM telemetry_hour")).isEqualTo(1);
        assertThat(count(file, "SELECT count(*) FROM telemetry_minute")).isEqualTo(2);
        assertThat(count(file, "SELECT count(*) FROM telemetry")).isEqualTo(2);
    }

    static long count(Path file, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<TelemetrySample> allSamples(Path file) throws Exception {
        List<TelemetrySample> samples = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                // a file before schema version 4 has none of its columns: read as absent
                ResultSet rs = s.executeQuery(Schema.intPragma(c, "user_version") >= 4
                        ? TelemetryRows.SELECT_ALL_BY_PRINTER_AND_TIME
                        : TelemetryRows.SELECT_ALL_BY_PRINTER_AND_TIME.replace(TelemetryRows.V4_COLUMNS,
                                "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"))) {
            while (rs.next()) {
                samples.add(TelemetryRows.read(rs));
            }
        }
        return samples;
    }
}
