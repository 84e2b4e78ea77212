package carbine.storage.sqlite.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/** The {@code telemetry} table: SQL, and the mapping between a row and a {@link TelemetrySample}. */
final class TelemetryRows {
    private TelemetryRows() {}

    /** The columns of schema version 1. */
    static final String V1_COLUMNS = "printer_id, time, state, nozzle_actual, nozzle_target, bed_actual, "
            + "bed_target, heater_power, fan_speed, fan_rpm, filament_detected, filament_moving, progress, error";

    /** The columns added in schema version 4 (the sample's fields of carbine.api.telemetry 1.1). */
    static final String V4_COLUMNS = "chamber_actual, chamber_target, bed_power, sensors, print_duration, "
            + "filament_used, layer, total_layers, error_code";

    /** Column order shared by {@link #INSERT} and every query that {@link #read}s rows. */
    private static final String COLUMNS = V1_COLUMNS + ", " + V4_COLUMNS;

    static final String INSERT = "INSERT INTO telemetry (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            + "?, ?, ?, ?, ?, ?, ?, ?, ?)";

    static final String SELECT_RANGE = "SELECT " + COLUMNS
            + " FROM telemetry WHERE printer_id = ? AND time >= ? AND time < ? ORDER BY time";

    /** The index of the rowid in {@link #SELECT_ROWID_RANGE}: after every column. */
    static final int ROWID_INDEX = 24;

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
        setReal(insert, 15, s.chamberActual());
        setReal(insert, 16, s.chamberTarget());
        setReal(insert, 17, s.bedPower());
        insert.setString(18, s.sensors().isEmpty() ? null : encodeSensors(s.sensors()));
        setReal(insert, 19, s.printDuration());
        setReal(insert, 20, s.filamentUsed());
        setInt(insert, 21, s.layer());
        setInt(insert, 22, s.totalLayers());
        insert.setString(23, s.errorCode());
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
                .chamber(real(rs, 15), real(rs, 16))
                .bedPower(real(rs, 17))
                .sensors(decodeSensors(rs.getString(18)))
                .printDuration(real(rs, 19))
                .filamentUsed(real(rs, 20))
                .layer(integer(rs, 21), integer(rs, 22))
                .errorCode(rs.getString(23))
                .build();
    }

    /**
     * The named sensors in one compact text: a line {@code celsius name} per sensor ({@code 41.5 mcu}), the name
     * last so that it may hold spaces; a line break in a name is stored as a space.
     */
    static String encodeSensors(Map<String, Double> sensors) {
        StringBuilder text = new StringBuilder(24 * sensors.size());
        sensors.forEach((name, celsius) -> {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(celsius).append(' ').append(name.replace('\n', ' ').replace('\r', ' '));
        });
        return text.toString();
    }

    /** The inverse of {@link #encodeSensors}; null or empty: none. A line that does not parse is skipped. */
    static Map<String, Double> decodeSensors(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Map<String, Double> sensors = new LinkedHashMap<>(4);
        for (String line : text.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                try {
                    sensors.put(line.substring(space + 1), Double.parseDouble(line.substring(0, space)));
                } catch (NumberFormatException e) {
                    // not written by encodeSensors: left out, like any other unreadable value
                }
            }
        }
        return sensors;
    }

    private static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private static Integer integer(ResultSet rs, int index) throws SQLException {
        int value = rs.getInt(index);
        return rs.wasNull() ? null : value;
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
