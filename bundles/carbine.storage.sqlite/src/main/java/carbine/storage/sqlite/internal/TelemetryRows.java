package carbine.storage.sqlite.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/** The {@code telemetry} table: SQL, and the mapping between a row and a {@link TelemetrySample}. */
final class TelemetryRows {
    private TelemetryRows() {}

    /** Column order shared by {@link #INSERT} and every query that {@link #read}s rows. */
    private static final String COLUMNS = "printer_id, time, state, nozzle_actual, nozzle_target, bed_actual, "
            + "bed_target, heater_power, fan_speed, fan_rpm, filament_detected, filament_moving, progress, error";

    static final String INSERT = "INSERT INTO telemetry (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    static final String SELECT_RANGE = "SELECT " + COLUMNS
            + " FROM telemetry WHERE printer_id = ? AND time >= ? AND time < ? ORDER BY time";

    /** Samples by rowid range ({@code >= ?, <= ?}, at most {@code ?}), with the rowid as the last column. */
    static final String SELECT_ROWID_RANGE = "SELECT " + COLUMNS + ", rowid FROM telemetry WHERE rowid >= ? "
            + "AND rowid <= ? ORDER BY rowid LIMIT ?";

    /** Every sample in the order of the index (printer, time). */
    static final String SELECT_ALL_BY_PRINTER_AND_TIME = "SELECT " + COLUMNS
            + " FROM telemetry ORDER BY printer_id, time";

    static final String COUNT_RANGE = "SELECT count(*) FROM telemetry WHERE printer_id = ? AND time >= ? AND time < ?";

    static final String SELECT_LATEST = "SELECT " + COLUMNS
            + " FROM telemetry WHERE printer_id = ? ORDER BY time DESC LIMIT 1";

    /** With {@link #NEXT_PRINTER}: walks the distinct printer ids through the index, one lookup per printer. */
    static final String FIRST_PRINTER = "SELECT min(printer_id) FROM telemetry";

    static final String NEXT_PRINTER = "SELECT min(printer_id) FROM telemetry WHERE printer_id > ?";

    /** Deletes at most one chunk ({@code LIMIT ?}) of one printer's old rows, found through the index. */
    static final String DELETE_OLD_CHUNK = "DELETE FROM telemetry WHERE rowid IN "
            + "(SELECT rowid FROM telemetry WHERE printer_id = ? AND time < ? LIMIT ?)";

    static void bind(PreparedStatement insert, TelemetrySample s) throws SQLException {
        insert.setString(1, s.printerId());
        insert.setLong(2, s.time().toEpochMilli());
        insert.setString(3, s.state().name());
        setReal(insert, 4, s.nozzleActual());
        setReal(insert, 5, s.nozzleTarget());
        setReal(insert, 6, s.bedActual());
        setReal(insert, 7, s.bedTarget());
        setReal(insert, 8, s.heaterPower());
        setReal(insert, 9, s.fanSpeed());
        setReal(insert, 10, s.fanRpm());
        setFlag(insert, 11, s.filamentDetected());
        setFlag(insert, 12, s.filamentMoving());
        setReal(insert, 13, s.progress());
        insert.setString(14, s.error());
    }

    static TelemetrySample read(ResultSet rs) throws SQLException {
        return TelemetrySample
                .builder(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), PrinterState.valueOf(rs.getString(3)))
                .nozzle(real(rs, 4), real(rs, 5))
                .bed(real(rs, 6), real(rs, 7))
                .heaterPower(real(rs, 8))
                .fan(real(rs, 9), real(rs, 10))
                .filamentDetected(flag(rs, 11))
                .filamentMoving(flag(rs, 12))
                .progress(real(rs, 13))
                .error(rs.getString(14))
                .build();
    }

    static void setReal(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.REAL);
        } else {
            ps.setDouble(index, value);
        }
    }

    static Double real(ResultSet rs, int index) throws SQLException {
        double value = rs.getDouble(index);
        return rs.wasNull() ? null : value;
    }

    private static void setFlag(PreparedStatement ps, int index, Boolean value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value ? 1 : 0);
        }
    }

    private static Boolean flag(ResultSet rs, int index) throws SQLException {
        int value = rs.getInt(index);
        return rs.wasNull() ? null : value != 0;
    }

    /**
     * Every printer id with samples, in order, each found with one index lookup instead of a scan of the table.
     *
     * @param first a prepared {@link #FIRST_PRINTER}
     * @param next  a prepared {@link #NEXT_PRINTER}
     */
    static List<String> printerIds(PreparedStatement first, PreparedStatement next) throws SQLException {
        List<String> ids = new ArrayList<>();
        String id = single(first);
        while (id != null) {
            ids.add(id);
            next.setString(1, id);
            id = single(next);
        }
        return ids;
    }

    private static String single(PreparedStatement query) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
