package carbine.storage.sqlite.internal;

import static carbine.storage.sqlite.internal.Samples.SETTINGS;
import static carbine.storage.sqlite.internal.Samples.T0;
import static carbine.storage.sqlite.internal.Samples.awaitAll;
import static carbine.storage.sqlite.internal.Samples.storeSeries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link SqliteStore#open} accepts, migrates and refuses; a refused file must stay byte for byte as it was. */
class OpeningTest {
    @TempDir
    Path dir;
    RecordingLog log = new RecordingLog();

    @Test
    void aNewFileInAMissingDirectoryGetsTheCurrentSchema() throws Exception {
        Path file = dir.resolve("not/yet/there.db");

        SqliteStore.open(file, SETTINGS, log).close();

        assertThat(pragma(file, "user_version")).isEqualTo(Schema.currentVersion()).isEqualTo(4);
        assertThat(pragma(file, "application_id")).isEqualTo(Schema.APPLICATION_ID);
        assertThat(query(file, "PRAGMA journal_mode")).isEqualTo("wal");
        assertThat(query(file, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema ORDER BY name)"))
                .isEqualTo("alerts,alerts_last_seen,sqlite_autoindex_alerts_1,"
                        + "telemetry,telemetry_hour,telemetry_hour_printer_bucket,telemetry_minute,telemetry_minute_printer_bucket,"
                        + "telemetry_printer_time,tier_fill");
    }

    @Test
    void aVersionOneFileGetsTheColumnsOfApi11_itsRowsReadWithThemAbsent_andNewSamplesKeepThem() throws Exception {
        Path file = dir.resolve("printer_data.db");
        try (var in = getClass().getResourceAsStream("/v1/printer_data.db")) {
            Files.copy(in, file); // written by carbine.storage.sqlite before the tiers (schema version 1)
        }
        assertThat(pragma(file, "user_version")).isEqualTo(1);
        assertThat(query(file, "SELECT group_concat(name, ',') FROM pragma_table_info('telemetry')"))
                .doesNotContain("error_code");

        try (SqliteStore store = SqliteStore.open(file, SETTINGS, log)) {
            assertThat(pragma(file, "user_version")).isEqualTo(Schema.currentVersion());
            var old = store.samples("v1-a", Instant.MIN, Instant.MAX);
            assertThat(old).hasSize(1500).allSatisfy(s -> {
                assertThat(s.chamberActual()).isNull();
                assertThat(s.chamberTarget()).isNull();
                assertThat(s.bedPower()).isNull();
                assertThat(s.sensors()).isEmpty();
                assertThat(s.printDuration()).isNull();
                assertThat(s.filamentUsed()).isNull();
                assertThat(s.layer()).isNull();
                assertThat(s.totalLayers()).isNull();
                assertThat(s.errorCode()).isNull();
            });
            var fresh = Samples.fullApi11("v1-a", Instant.parse("2030-01-01T00:00:00Z"));
            awaitAll(java.util.List.of(store.store(fresh)));
            assertThat(store.latest("v1-a")).contains(fresh);
            assertThat(fresh.sensors()).isNotEmpty();
            assertThat(fresh.layer()).isNotNull();
        }
        assertThat(query(file, "SELECT group_concat(name, ',') FROM pragma_table_info('telemetry')"))
                .endsWith("error,chamber_actual,chamber_target,bed_power,sensors,print_duration,filament_used,layer,"
                        + "total_layers,error_code");
    }

    @Test
    void namedSensorsAreStoredInOneCompactText() {
        var sensors = new java.util.LinkedHashMap<String, Double>();
        sensors.put("mcu", 41.5);
        sensors.put("tmc2209 stepper_x", -3.25);
        sensors.put("line\nbreak", 20.0);

        String text = TelemetryRows.encodeSensors(sensors);

        assertThat(text).isEqualTo("41.5 mcu\n-3.25 tmc2209 stepper_x\n20.0 line break");
        assertThat(TelemetryRows.decodeSensors(text)).containsExactly(java.util.Map.entry("mcu", 41.5),
                java.util.Map.entry("tmc2209 stepper_x", -3.25), java.util.Map.entry("line break", 20.0));
        assertThat(TelemetryRows.decodeSensors(null)).isNull();
        assertThat(TelemetryRows.decodeSensors("garbage\n12 ok")).containsExactly(java.util.Map.entry("ok", 12.0));
    }

    @Test
    void anEmptyVersionZeroFileIsMigrated() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.db"));
        assertThat(pragma(file, "user_version")).isZero();

        try (SqliteStore store = SqliteStore.open(file, SETTINGS, log)) {
            awaitAll(storeSeries(store, "a", T0, 3));
            assertThat(store.count("a", Instant.MIN, Instant.MAX)).isEqualTo(3);
        }
        assertThat(pragma(file, "user_version")).isEqualTo(Schema.currentVersion());
    }

    @Test
    void reopeningKeepsDataAndVersion() throws Exception {
        Path file = dir.resolve("x.db");
        try (SqliteStore store = SqliteStore.open(file, SETTINGS, log)) {
            awaitAll(storeSeries(store, "a", T0, 3));
        }
        try (SqliteStore store = SqliteStore.open(file, SETTINGS, log)) {
            assertThat(store.count("a", Instant.MIN, Instant.MAX)).isEqualTo(3);
        }
        assertThat(pragma(file, "user_version")).isEqualTo(Schema.currentVersion());
    }

    @Test
    void aNewerSchemaVersionIsRefusedUntouched() throws Exception {
        Path file = dir.resolve("future.db");
        execute(file, "PRAGMA user_version = 99");
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> SqliteStore.open(file, SETTINGS, log))
                .isInstanceOf(StoreOpenException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("99").hasMessageContaining("untouched");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void randomBytesAreRefusedUntouched() throws Exception {
        Path file = dir.resolve("printer_data.db");
        byte[] garbage = new byte[64 * 1024];
        new Random(42).nextBytes(garbage);
        Files.write(file, garbage);

        assertThatThrownBy(() -> SqliteStore.open(file, SETTINGS, log))
                .isInstanceOf(StoreOpenException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not an SQLite database or is damaged")
                .hasMessageContaining("left untouched");
        assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
    }

    @Test
    void aDatabaseWithDamagedPagesIsRefusedUntouched() throws Exception {
        Path file = dir.resolve("damaged.db");
        try (SqliteStore store = SqliteStore.open(file, SETTINGS, log)) {
            awaitAll(storeSeries(store, "a", T0, 20_000));
        }
        byte[] bytes = Files.readAllBytes(file);
        byte[] noise = new byte[3 * 4096];
        new Random(7).nextBytes(noise);
        System.arraycopy(noise, 0, bytes, 10 * 4096, noise.length); // pages 11..13: inside the telemetry b-tree
        Files.write(file, bytes);

        assertThatThrownBy(() -> SqliteStore.open(file, SETTINGS, log))
                .isInstanceOf(StoreOpenException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("left untouched");
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    }

    @Test
    void anotherApplicationsDatabaseIsRefusedUntouched() throws Exception {
        Path file = dir.resolve("recipes.db");
        execute(file, "CREATE TABLE recipes (name TEXT)");
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> SqliteStore.open(file, SETTINGS, log))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("[recipes]")
                .hasMessageContaining("untouched");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsReportedClearly() throws Exception {
        Path blocker = Files.createFile(dir.resolve("a-file"));

        assertThatThrownBy(() -> SqliteStore.open(blocker.resolve("sub/printer_data.db"), SETTINGS, log))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("cannot create the directory");
    }

    @Test
    void aDatabaseLockedByAnotherProcessAtStartIsReportedAsLocked() throws Exception {
        Path file = dir.resolve("busy.db");
        execute(file, "PRAGMA journal_mode = DELETE");
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = other.createStatement()) {
            s.execute("BEGIN EXCLUSIVE"); // rollback-journal mode: not even readers get in

            assertThatThrownBy(() -> SqliteStore.open(file, SETTINGS.withBusyTimeoutMillis(50), log))
                    .isInstanceOf(StoreOpenException.class).hasMessageContaining("locked")
                    .hasMessageContaining(file.toString());
            s.execute("ROLLBACK");
        }
    }

    private static int pragma(Path file, String name) throws Exception {
        return Integer.parseInt(query(file, "PRAGMA " + name));
    }

    private static String query(Path file, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void execute(Path file, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
