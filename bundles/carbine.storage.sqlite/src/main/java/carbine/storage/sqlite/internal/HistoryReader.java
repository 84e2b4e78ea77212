package carbine.storage.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import carbine.api.alert.Alert;
import carbine.api.telemetry.TelemetrySample;

/**
 * Answers the queries on its own read-only connection, which in WAL mode sees every committed transaction
 * without waiting for the writer. A JDBC connection is not thread-safe, so queries take turns; each is a few
 * milliseconds on indexed ranges.
 */
final class HistoryReader implements AutoCloseable {
    private final Connection connection;
    private final Object database;
    private final PreparedStatement samples;
    private final PreparedStatement count;
    private final PreparedStatement latest;
    private final PreparedStatement firstPrinter;
    private final PreparedStatement nextPrinter;
    private final PreparedStatement alerts;
    private final PreparedStatement openAlerts;
    private final PreparedStatement acknowledgedBy;
    private final PreparedStatement minutes;
    private final PreparedStatement hours;
    private boolean closed;

    private interface Query<T> {
        T run() throws SQLException;
    }

    HistoryReader(Connection connection, Object database) throws SQLException {
        this.connection = connection;
        this.database = database;
        this.samples = connection.prepareStatement(TelemetryRows.SELECT_RANGE);
        this.count = connection.prepareStatement(TelemetryRows.COUNT_RANGE);
        this.latest = connection.prepareStatement(TelemetryRows.SELECT_LATEST);
        this.firstPrinter = connection.prepareStatement(TelemetryRows.FIRST_PRINTER);
        this.nextPrinter = connection.prepareStatement(TelemetryRows.NEXT_PRINTER);
        this.alerts = connection.prepareStatement(AlertRows.SELECT_RANGE);
        this.openAlerts = connection.prepareStatement(AlertRows.SELECT_OPEN);
        this.acknowledgedBy = connection.prepareStatement(AlertRows.SELECT_ACKNOWLEDGED_BY);
        this.minutes = connection.prepareStatement(AggregateRows.selectRange(AggregateRows.Tier.MINUTE));
        this.hours = connection.prepareStatement(AggregateRows.selectRange(AggregateRows.Tier.HOUR));
    }

    List<TelemetrySample> samples(String printerId, Instant from, Instant to) {
        return query("reading samples of printer " + printerId, () -> {
            bindRange(samples, printerId, from, to);
            List<TelemetrySample> result = new ArrayList<>();
            try (ResultSet rs = samples.executeQuery()) {
                while (rs.next()) {
                    result.add(TelemetryRows.read(rs));
                }
            }
            return result;
        });
    }

    /** The buckets of one tier and printer that start in {@code [fromMillis, toMillis)}, oldest first. */
    List<AggregateRows.Bucket> buckets(AggregateRows.Tier tier, String printerId, long fromMillis, long toMillis) {
        return query("reading the " + tier.name().toLowerCase(java.util.Locale.ROOT) + " history of printer "
                + printerId, () -> {
            PreparedStatement range = tier == AggregateRows.Tier.MINUTE ? minutes : hours;
            range.setString(1, printerId);
            range.setLong(2, fromMillis);
            range.setLong(3, toMillis);
            List<AggregateRows.Bucket> result = new ArrayList<>();
            try (ResultSet rs = range.executeQuery()) {
                while (rs.next()) {
                    result.add(AggregateRows.read(rs));
                }
            }
            return result;
        });
    }

    long count(String printerId, Instant from, Instant to) {
        return query("counting samples of printer " + printerId, () -> {
            bindRange(count, printerId, from, to);
            try (ResultSet rs = count.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    Optional<TelemetrySample> latest(String printerId) {
        return query("reading the latest sample of printer " + printerId, () -> {
            latest.setString(1, printerId);
            try (ResultSet rs = latest.executeQuery()) {
                return rs.next() ? Optional.of(TelemetryRows.read(rs)) : Optional.empty();
            }
        });
    }

    List<String> printerIds() {
        return query("listing printers", () -> TelemetryRows.printerIds(firstPrinter, nextPrinter));
    }

    List<Alert> alerts(Instant from, Instant to, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return query("reading alerts", () -> {
            alerts.setLong(1, EpochMillis.ceil(from));
            alerts.setLong(2, EpochMillis.ceil(to));
            alerts.setInt(3, limit);
            return readAlerts(alerts);
        });
    }

    List<Alert> openAlerts() {
        return query("reading open alerts", () -> readAlerts(openAlerts));
    }

    Optional<String> acknowledgedBy(String alertId) {
        return query("reading who acknowledged alert " + alertId, () -> {
            acknowledgedBy.setString(1, alertId);
            try (ResultSet rs = acknowledgedBy.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
            }
        });
    }

    private static List<Alert> readAlerts(PreparedStatement query) throws SQLException {
        List<Alert> result = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                result.add(AlertRows.read(rs));
            }
        }
        return result;
    }

    private static void bindRange(PreparedStatement query, String printerId, Instant from, Instant to)
            throws SQLException {
        query.setString(1, printerId);
        query.setLong(2, EpochMillis.ceil(from));
        query.setLong(3, EpochMillis.ceil(to));
    }

    private synchronized <T> T query(String what, Query<T> query) {
        if (closed) {
            throw new IllegalStateException("the store of " + database + " is closed");
        }
        try {
            return query.run();
        } catch (SQLException e) {
            throw new IllegalStateException(what + " from " + database + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Database.closeQuietly(connection); // closes its statements too
        }
    }
}
