package carbine.storage.sqlite.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Opens the connections to the database file. The order of the steps matters: nothing is written to the file
 * before it passed the integrity check and the schema-version check, so a damaged, foreign or newer database is
 * refused exactly as it was found.
 */
final class Database {
    private Database() {}

    /**
     * Opens the writer connection: checks the directory and the file, sets WAL and the sync level, migrates
     * the schema. The connection is returned in JDBC auto-commit mode: its user manages transactions explicitly.
     */
    static Connection openWriter(Path file, StoreSettings settings) throws StoreOpenException {
        checkLocation(file);
        Connection c = connect(file, settings.busyTimeoutMillis());
        try {
            quickCheck(c, file);
            Schema.checkCompatible(c, file);
            String mode = stringPragma(c, "journal_mode = WAL");
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new StoreOpenException("cannot switch " + file + " to WAL mode (SQLite kept '" + mode
                        + "'); is it on a network file system?");
            }
            execute(c, "PRAGMA synchronous = " + settings.synchronous().name());
            c.setAutoCommit(false);
            Schema.migrate(c);
            // from here on the writer runs BEGIN IMMEDIATE / COMMIT / ROLLBACK itself (see BatchWriter: the
            // driver's own transaction handling goes wrong after SQLite rolled a transaction back by itself)
            c.setAutoCommit(true);
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw translate(e, file, settings);
        } catch (StoreOpenException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** Opens a connection that can only read; in WAL mode it reads while the writer writes. */
    static Connection openReader(Path file, StoreSettings settings) throws StoreOpenException {
        Connection c = connect(file, settings.busyTimeoutMillis());
        try {
            execute(c, "PRAGMA query_only = 1");
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw translate(e, file, settings);
        }
    }

    private static void checkLocation(Path file) throws StoreOpenException {
        if (file.toString().contains("?")) {
            throw new StoreOpenException("the database path " + file + " contains '?', which SQLite's JDBC driver "
                    + "reads as the start of connection options; choose another path");
        }
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreOpenException("cannot create the directory " + dir + " for the database " + file + ": "
                    + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new StoreOpenException("the directory " + dir + " of the database " + file + " is not writable "
                    + "(SQLite needs to create the -wal and -shm files beside the database)");
        }
        if (Files.exists(file) && !(Files.isRegularFile(file) && Files.isWritable(file))) {
            throw new StoreOpenException("the database " + file + " is not a writable regular file");
        }
    }

    private static Connection connect(Path file, int busyTimeoutMillis) throws StoreOpenException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(busyTimeoutMillis);
        try {
            // the driver class is used directly: in OSGi, DriverManager does not see the driver bundle
            return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (SQLException e) {
            throw new StoreOpenException("cannot open the database " + file + ": " + e.getMessage(), e);
        }
    }

    private static void quickCheck(Connection c, Path file) throws SQLException, StoreOpenException {
        List<String> problems = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
            while (rs.next()) {
                problems.add(rs.getString(1));
            }
        }
        if (!problems.equals(List.of("ok"))) {
            throw damaged(file, "quick_check reports " + problems.subList(0, Math.min(3, problems.size())), null);
        }
    }

    private static StoreOpenException translate(SQLException e, Path file, StoreSettings settings) {
        int primaryCode = e instanceof SQLiteException se ? se.getResultCode().code & 0xff : -1;
        if (primaryCode == SQLiteErrorCode.SQLITE_NOTADB.code || primaryCode == SQLiteErrorCode.SQLITE_CORRUPT.code) {
            return damaged(file, e.getMessage(), e);
        }
        if (primaryCode == SQLiteErrorCode.SQLITE_BUSY.code || primaryCode == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return new StoreOpenException(file + " is locked by another connection or process (waited "
                    + settings.busyTimeoutMillis() + " ms): " + e.getMessage(), e);
        }
        return new StoreOpenException("cannot open the database " + file + ": " + e.getMessage(), e);
    }

    private static StoreOpenException damaged(Path file, String detail, Throwable cause) {
        return new StoreOpenException(file + " is not an SQLite database or is damaged (" + detail + "). The file "
                + "was left untouched: move it aside or restore a backup, or configure another file.", cause);
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String stringPragma(Connection c, String pragma) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing more to do with a connection that cannot even close
        }
    }
}
