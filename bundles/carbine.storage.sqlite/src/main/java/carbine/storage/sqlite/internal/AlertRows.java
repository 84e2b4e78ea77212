package carbine.storage.sqlite.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;

/** The {@code alerts} table: SQL, and the mapping between a row and an {@link Alert}. */
final class AlertRows {
    private AlertRows() {}

    private static final String COLUMNS = "id, printer_id, detector, kind, severity, message, first_seen, last_seen, "
            + "count, score, state, resolved_at";

    /** The 13th parameter is who acknowledged it, or NULL: a save without one keeps the one recorded before. */
    static final String UPSERT = "INSERT INTO alerts (" + COLUMNS + ", acknowledged_by) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (id) DO UPDATE SET printer_id = excluded.printer_id, detector = excluded.detector, "
            + "kind = excluded.kind, severity = excluded.severity, message = excluded.message, "
            + "first_seen = excluded.first_seen, last_seen = excluded.last_seen, count = excluded.count, "
            + "score = excluded.score, state = excluded.state, resolved_at = excluded.resolved_at, "
            + "acknowledged_by = coalesce(excluded.acknowledged_by, alerts.acknowledged_by)";

    static final String SELECT_ACKNOWLEDGED_BY = "SELECT acknowledged_by FROM alerts WHERE id = ?";

    /** An alert to save with who acted on it (the queue's row for {@code saveAlert(alert, actor)}). */
    record Acted(Alert alert, String actor) {
    }

    static final String SELECT_RANGE = "SELECT " + COLUMNS
            + " FROM alerts WHERE last_seen >= ? AND last_seen < ? ORDER BY last_seen DESC, id LIMIT ?";

    static final String SELECT_OPEN = "SELECT " + COLUMNS + " FROM alerts WHERE state <> '" + AlertState.RESOLVED.name()
            + "' ORDER BY last_seen DESC, id";

    /** True if every time of the alert can be stored as epoch milliseconds. */
    static boolean fits(Alert a) {
        return EpochMillis.fits(a.firstSeen()) && EpochMillis.fits(a.lastSeen())
                && (a.resolvedAt() == null || EpochMillis.fits(a.resolvedAt()));
    }

    static void bind(PreparedStatement upsert, Alert a, String actor) throws SQLException {
        bind(upsert, a);
        upsert.setString(13, actor);
    }

    private static void bind(PreparedStatement upsert, Alert a) throws SQLException {
        upsert.setString(1, a.id());
        upsert.setString(2, a.printerId());
        upsert.setString(3, a.detector());
        upsert.setString(4, a.kind());
        upsert.setString(5, a.severity().name());
        upsert.setString(6, a.message());
        upsert.setLong(7, a.firstSeen().toEpochMilli());
        upsert.setLong(8, a.lastSeen().toEpochMilli());
        upsert.setLong(9, a.count());
        // SQLite turns NaN into NULL anyway; writing NULL says what we mean: "no score".
        TelemetryRows.setReal(upsert, 10, Double.isNaN(a.score()) ? null : a.score());
        upsert.setString(11, a.state().name());
        if (a.resolvedAt() == null) {
            upsert.setNull(12, Types.INTEGER);
        } else {
            upsert.setLong(12, a.resolvedAt().toEpochMilli());
        }
    }

    static Alert read(ResultSet rs) throws SQLException {
        Double score = TelemetryRows.real(rs, 10);
        long resolvedAt = rs.getLong(12);
        Instant resolved = rs.wasNull() ? null : Instant.ofEpochMilli(resolvedAt);
        return new Alert(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Severity.valueOf(rs.getString(5)), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)),
                Instant.ofEpochMilli(rs.getLong(8)), rs.getLong(9), score == null ? Double.NaN : score,
                AlertState.valueOf(rs.getString(11)), resolved);
    }
}
