package carbine.storage.sqlite.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables, versioned with {@code PRAGMA user_version}. Migration {@code i} (0-based) brings a database from
 * version {@code i} to {@code i + 1}; each runs in its own transaction together with the version bump, so a crash
 * leaves the database at the old or the new version, never in between. Append new migrations, never edit old ones.
 */
final class Schema {
    private Schema() {}

    /** Marks the file as Carbine's ({@code PRAGMA application_id}, "CRBN"), so foreign databases are recognised. */
    static final int APPLICATION_ID = 0x4352424E;

    /** One step of the schema; runs inside the migration's transaction. */
    private interface Migration {
        void apply(Connection c) throws SQLException;
    }

    private static Migration sql(String... statements) {
        return c -> {
            try (Statement s = c.createStatement()) {
                for (String statement : statements) {
                    s.execute(statement);
                }
            }
        };
    }

    private static final List<Migration> MIGRATIONS = List.of(
            // v1: telemetry history and alert history
            sql("""
                    CREATE TABLE telemetry (
                        printer_id        TEXT    NOT NULL,
                        time              INTEGER NOT NULL, -- event time, epoch milliseconds UTC
                        state             TEXT    NOT NULL,
                        nozzle_actual     REAL,             -- every optional field: NULL when absent, never 0
                        nozzle_target     REAL,
                        bed_actual        REAL,
                        bed_target        REAL,
                        heater_power      REAL,
                        fan_speed         REAL,
                        fan_rpm           REAL,
                        filament_detected INTEGER,          -- 0/1
                        filament_moving   INTEGER,          -- 0/1
                        progress          REAL,
                        error             TEXT
                    )""",
                    "CREATE INDEX telemetry_printer_time ON telemetry (printer_id, time)",
                    """
                    CREATE TABLE alerts (
                        id          TEXT    PRIMARY KEY,
                        printer_id  TEXT    NOT NULL,
                        detector    TEXT    NOT NULL,
                        kind        TEXT    NOT NULL,
                        severity    TEXT    NOT NULL,
                        message     TEXT    NOT NULL,
                        first_seen  INTEGER NOT NULL, -- epoch milliseconds UTC
                        last_seen   INTEGER NOT NULL,
                        count       INTEGER NOT NULL,
                        score       REAL,             -- NULL when the detector has no score (NaN)
                        state       TEXT    NOT NULL,
                        resolved_at INTEGER
                    )""",
                    "CREATE INDEX alerts_last_seen ON alerts (last_seen)",
                    "PRAGMA application_id = " + APPLICATION_ID),
            // v2: the downsampled tiers; the samples already stored are filled in afterwards, in the background
            sql(AggregateRows.createTable(AggregateRows.Tier.MINUTE),
                    AggregateRows.createIndex(AggregateRows.Tier.MINUTE),
                    AggregateRows.createTable(AggregateRows.Tier.HOUR),
                    AggregateRows.createIndex(AggregateRows.Tier.HOUR),
                    TierFill.CREATE,
                    TierFill.START),
            // v3: who acknowledged an alert (as alerts.log says it), NULL for alerts nobody acknowledged
            sql("ALTER TABLE alerts ADD COLUMN acknowledged_by TEXT"),
            // v4: the fields of carbine.api.telemetry 1.1, NULL when absent (and in every row stored before): adding
            // a column only rewrites the table's definition, not its rows, so a large database upgrades at once
            sql("ALTER TABLE telemetry ADD COLUMN chamber_actual REAL",
                    "ALTER TABLE telemetry ADD COLUMN chamber_target REAL",
                    "ALTER TABLE telemetry ADD COLUMN bed_power REAL",
                    "ALTER TABLE telemetry ADD COLUMN sensors TEXT", // 'celsius name' lines, see TelemetryRows
                    "ALTER TABLE telemetry ADD COLUMN print_duration REAL", // seconds
                    "ALTER TABLE telemetry ADD COLUMN filament_used REAL", // mm
                    "ALTER TABLE telemetry ADD COLUMN layer INTEGER",
                    "ALTER TABLE telemetry ADD COLUMN total_layers INTEGER",
                    "ALTER TABLE telemetry ADD COLUMN error_code TEXT"));

    /** The version this code writes and reads. */
    static int currentVersion() {
        return MIGRATIONS.size();
    }

    /**
     * Refuses, before anything is written, a database that this code must not touch: one written by a newer
     * Carbine, or another application's database.
     */
    static void checkCompatible(Connection c, Path file) throws SQLException, StoreOpenException {
        int version = intPragma(c, "user_version");
        if (version > currentVersion()) {
            throw new StoreOpenException(file + " has schema version " + version + " but this carbine.storage.sqlite "
                    + "knows versions up to " + currentVersion() + " (a newer Carbine wrote it). The file was left "
                    + "untouched; run a newer carbine.storage.sqlite or configure another file.");
        }
        int applicationId = intPragma(c, "application_id");
        if (applicationId != 0 && applicationId != APPLICATION_ID) {
            throw notCarbine(file, "its application_id is " + applicationId);
        }
        if (version == 0) {
            List<String> tables = userTables(c);
            if (!tables.isEmpty()) {
                throw notCarbine(file, "it has no schema version but already holds the tables " + tables);
            }
        }
    }

    private static StoreOpenException notCarbine(Path file, String why) {
        return new StoreOpenException(file + " is an SQLite database of another application (" + why
                + "). The file was left untouched; configure another file for Carbine.");
    }

    /** Brings the database to {@link #currentVersion()}; the connection must not be in auto-commit mode. */
    static void migrate(Connection c) throws SQLException {
        for (int version = intPragma(c, "user_version"); version < currentVersion(); version++) {
            try (Statement s = c.createStatement()) {
                MIGRATIONS.get(version).apply(c);
                s.execute("PRAGMA user_version = " + (version + 1));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
        c.commit(); // ends the read transaction of the version check
    }

    static int intPragma(Connection c, String pragma) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static List<String> userTables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' "
                        + "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
