package carbine.maintenance.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.sqlite.SQLiteConfig;

import carbine.api.maintenance.LogEntry;
import carbine.api.telemetry.PrinterState;

/**
 * The bundle's own SQLite file ({@code <data>/maintenance.db}): each printer's counters, when each task was last
 * done, and the maintenance log. Counters are written in one transaction per flush and only ever move forward
 * (a row older than the stored one is not written), so a late or repeated flush cannot take counts back.
 */
final class MaintenanceDb implements AutoCloseable {
    static final String FILE_NAME = "maintenance.db";
    private static final int SCHEMA = 1;

    private final Connection connection;
    private final Path file;

    private MaintenanceDb(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    static MaintenanceDb open(Path file) throws IOException, SQLException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(5000);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        // the driver class directly: in OSGi, DriverManager does not see the driver bundle
        Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            int version;
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > SCHEMA) {
                throw new SQLException(file + " was written by a newer Carbine (schema " + version + ")");
            }
            s.executeUpdate("CREATE TABLE IF NOT EXISTS counters(printer TEXT PRIMARY KEY, since_ms INTEGER NOT NULL, "
                    + "last_ms INTEGER NOT NULL, last_state TEXT NOT NULL, hotend_on INTEGER NOT NULL, "
                    + "bed_on INTEGER NOT NULL, fan_on INTEGER NOT NULL, last_progress REAL, heat TEXT NOT NULL, "
                    + "printing_ms INTEGER NOT NULL, hotend_ms INTEGER NOT NULL, bed_ms INTEGER NOT NULL, "
                    + "fan_ms INTEGER NOT NULL, heat_cycles INTEGER NOT NULL, jobs_finished INTEGER NOT NULL, "
                    + "jobs_failed INTEGER NOT NULL)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS done(printer TEXT NOT NULL, task TEXT NOT NULL, "
                    + "at_ms INTEGER NOT NULL, printing_ms INTEGER NOT NULL, hotend_ms INTEGER NOT NULL, "
                    + "bed_ms INTEGER NOT NULL, fan_ms INTEGER NOT NULL, heat_cycles INTEGER NOT NULL, "
                    + "jobs INTEGER NOT NULL, PRIMARY KEY(printer, task))");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS log(seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                    + "printer TEXT NOT NULL, task TEXT NOT NULL, at_ms INTEGER NOT NULL, actor TEXT NOT NULL, "
                    + "note TEXT NOT NULL, used REAL NOT NULL, unit TEXT NOT NULL)");
            s.executeUpdate("CREATE INDEX IF NOT EXISTS log_printer ON log(printer, seq)");
            s.executeUpdate("PRAGMA user_version = " + SCHEMA);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return new MaintenanceDb(file, c);
    }

    Path file() {
        return file;
    }

    synchronized Map<String, CounterState> counters() throws SQLException {
        Map<String, CounterState> result = new HashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT printer, since_ms, last_ms, last_state, hotend_on, bed_on, "
                        + "fan_on, last_progress, heat, printing_ms, hotend_ms, bed_ms, fan_ms, heat_cycles, "
                        + "jobs_finished, jobs_failed FROM counters")) {
            while (rs.next()) {
                double progress = rs.getDouble(8);
                if (rs.wasNull()) {
                    progress = Double.NaN;
                }
                result.put(rs.getString(1), new CounterState(rs.getLong(2), rs.getLong(3),
                        PrinterState.valueOf(rs.getString(4)), rs.getInt(5) != 0, rs.getInt(6) != 0, rs.getInt(7) != 0,
                        progress, CounterState.HeatPhase.valueOf(rs.getString(9)), rs.getLong(10), rs.getLong(11),
                        rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getLong(15), rs.getLong(16)));
            }
        }
        return result;
    }

    /** Writes the given counters in one transaction; a stored row with a later sample is kept. */
    synchronized void saveCounters(Map<String, CounterState> states) throws SQLException {
        if (states.isEmpty()) {
            return;
        }
        transaction(() -> {
            try (PreparedStatement p = connection.prepareStatement("INSERT INTO counters(printer, since_ms, last_ms, "
                    + "last_state, hotend_on, bed_on, fan_on, last_progress, heat, printing_ms, hotend_ms, bed_ms, "
                    + "fan_ms, heat_cycles, jobs_finished, jobs_failed) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                    + "ON CONFLICT(printer) DO UPDATE SET since_ms=excluded.since_ms, last_ms=excluded.last_ms, "
                    + "last_state=excluded.last_state, hotend_on=excluded.hotend_on, bed_on=excluded.bed_on, "
                    + "fan_on=excluded.fan_on, last_progress=excluded.last_progress, heat=excluded.heat, "
                    + "printing_ms=excluded.printing_ms, hotend_ms=excluded.hotend_ms, bed_ms=excluded.bed_ms, "
                    + "fan_ms=excluded.fan_ms, heat_cycles=excluded.heat_cycles, "
                    + "jobs_finished=excluded.jobs_finished, jobs_failed=excluded.jobs_failed "
                    + "WHERE excluded.last_ms >= counters.last_ms")) {
                for (Map.Entry<String, CounterState> e : states.entrySet()) {
                    CounterState s = e.getValue();
                    p.setString(1, e.getKey());
                    p.setLong(2, s.sinceMillis());
                    p.setLong(3, s.lastMillis());
                    p.setString(4, s.lastState().name());
                    p.setInt(5, s.hotendOn() ? 1 : 0);
                    p.setInt(6, s.bedOn() ? 1 : 0);
                    p.setInt(7, s.fanOn() ? 1 : 0);
                    if (Double.isNaN(s.lastProgress())) {
                        p.setNull(8, java.sql.Types.REAL);
                    } else {
                        p.setDouble(8, s.lastProgress());
                    }
                    p.setString(9, s.heat().name());
                    p.setLong(10, s.printingMillis());
                    p.setLong(11, s.hotendMillis());
                    p.setLong(12, s.bedMillis());
                    p.setLong(13, s.fanMillis());
                    p.setLong(14, s.heatCycles());
                    p.setLong(15, s.jobsFinished());
                    p.setLong(16, s.jobsFailed());
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    /** (printer, task) → when last done. */
    synchronized Map<Key, Done> done() throws SQLException {
        Map<Key, Done> result = new HashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT printer, task, at_ms, printing_ms, hotend_ms, bed_ms, fan_ms, "
                        + "heat_cycles, jobs FROM done")) {
            while (rs.next()) {
                result.put(new Key(rs.getString(1), rs.getString(2)), new Done(rs.getLong(3), new Unit.Snapshot(
                        rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9))));
            }
        }
        return result;
    }

    /** Records a task done and its log line in one transaction, together with the counters it was measured on. */
    synchronized void markDone(String printer, CounterState counters, String task, Done done, LogEntry entry)
            throws SQLException {
        transaction(() -> {
            try (PreparedStatement p = connection.prepareStatement("INSERT OR REPLACE INTO done(printer, task, at_ms, "
                    + "printing_ms, hotend_ms, bed_ms, fan_ms, heat_cycles, jobs) VALUES (?,?,?,?,?,?,?,?,?)")) {
                Unit.Snapshot s = done.snapshot();
                p.setString(1, printer);
                p.setString(2, task);
                p.setLong(3, done.atMillis());
                p.setLong(4, s.printingMillis());
                p.setLong(5, s.hotendMillis());
                p.setLong(6, s.bedMillis());
                p.setLong(7, s.fanMillis());
                p.setLong(8, s.heatCycles());
                p.setLong(9, s.jobs());
                p.executeUpdate();
            }
            try (PreparedStatement p = connection.prepareStatement(
                    "INSERT INTO log(printer, task, at_ms, actor, note, used, unit) VALUES (?,?,?,?,?,?,?)")) {
                p.setString(1, printer);
                p.setString(2, task);
                p.setLong(3, entry.at().toEpochMilli());
                p.setString(4, entry.actor());
                p.setString(5, entry.note());
                p.setDouble(6, entry.used());
                p.setString(7, entry.unit());
                p.executeUpdate();
            }
            return null;
        });
        // outside the transaction above so that a failure there leaves the counters to the next flush
        saveCounters(Map.of(printer, counters));
    }

    synchronized List<LogEntry> log(String printer, int limit) throws SQLException {
        List<LogEntry> result = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement("SELECT task, at_ms, actor, note, used, unit FROM log "
                + "WHERE printer = ? ORDER BY seq DESC LIMIT ?")) {
            p.setString(1, printer);
            p.setInt(2, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    result.add(new LogEntry(printer, rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                            rs.getString(3), rs.getString(4), rs.getDouble(5), rs.getString(6)));
                }
            }
        }
        return result;
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T transaction(Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            // SQLite may already have rolled back by itself (SQLITE_FULL): then there is nothing left to undo
            if (!connection.getAutoCommit()) {
                try {
                    connection.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    record Key(String printer, String task) {}
}
