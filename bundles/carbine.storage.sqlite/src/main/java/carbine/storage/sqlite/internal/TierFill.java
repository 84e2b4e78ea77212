package carbine.storage.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import carbine.api.telemetry.TelemetrySample;

/**
 * Fills the tiers from the raw samples that were stored before the tiers existed (a file migrated from schema
 * version 1), in the background: one chunk of raw rows per {@link #step}, in rowid order, on the writer thread
 * between batches, so the first start after the upgrade is not held up by a large file and new samples go on being
 * stored meanwhile. The cursor ({@code tier_fill}: the next rowid, the last rowid to fill) is updated in the chunk's
 * own transaction, so a failed or interrupted chunk is filled again exactly once, also after a restart. Rows stored
 * after the migration have higher rowids: the writer puts them in the tiers itself. Retention waits until the fill is
 * done, so no raw row is deleted before it has been counted.
 */
final class TierFill {
    /** Raw rows per chunk; tests make it small to see many chunks. */
    static volatile int chunkRows = 5000;

    static final String CREATE = "CREATE TABLE tier_fill (next_rowid INTEGER NOT NULL, last_rowid INTEGER NOT NULL)";
    /** The cursor of a migrated file: from its first raw row to its last; nothing when it has none. */
    static final String START = "INSERT INTO tier_fill (next_rowid, last_rowid) SELECT (SELECT min(rowid) FROM "
            + "telemetry), (SELECT max(rowid) FROM telemetry) WHERE EXISTS (SELECT 1 FROM telemetry)";

    private final StoreLog log;
    private final Object database;
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private boolean pending = true; // until a step finds no cursor; writer thread only
    private long filled;
    private long startNanos;

    TierFill(StoreLog log, Object database) {
        this.log = log;
        this.database = database;
    }

    /** True until the tiers hold every raw row stored before the migration. Writer thread only. */
    boolean pending() {
        return pending;
    }

    /** Completes with the number of raw rows filled in (0 when there was nothing to fill) once the fill is done. */
    CompletableFuture<Long> done() {
        return done;
    }

    /** Fills one chunk inside the writer's transaction; what changes here happens only after the commit. */
    Runnable step(Connection c) throws SQLException {
        long next;
        long last;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'tier_fill'")) {
            if (!rs.next()) {
                return this::finish; // a file without the cursor has nothing to fill (never fail the writer for it)
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT next_rowid, last_rowid FROM tier_fill")) {
            if (!rs.next()) {
                return this::finish;
            }
            next = rs.getLong(1);
            last = rs.getLong(2);
        }
        List<TelemetrySample> samples = new ArrayList<>();
        long maxRowid = next - 1;
        try (PreparedStatement read = c.prepareStatement(TelemetryRows.SELECT_ROWID_RANGE)) {
            read.setLong(1, next);
            read.setLong(2, last);
            read.setInt(3, chunkRows);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    samples.add(TelemetryRows.read(rs));
                    maxRowid = rs.getLong(TelemetryRows.ROWID_INDEX);
                }
            }
        }
        try (PreparedStatement minute = c.prepareStatement(AggregateRows.upsert(AggregateRows.Tier.MINUTE));
                PreparedStatement hour = c.prepareStatement(AggregateRows.upsert(AggregateRows.Tier.HOUR))) {
            AggregateRows.write(samples, minute, hour);
        }
        boolean finished = samples.size() < chunkRows || maxRowid >= last;
        try (PreparedStatement cursor = c.prepareStatement(finished ? "DELETE FROM tier_fill"
                : "UPDATE tier_fill SET next_rowid = ?")) {
            if (!finished) {
                cursor.setLong(1, maxRowid + 1);
            }
            cursor.executeUpdate();
        }
        int n = samples.size();
        return () -> {
            if (filled == 0 && n > 0) {
                startNanos = System.nanoTime();
                log.info("filling the per-minute and per-hour aggregates of " + database + " from the samples stored "
                        + "before them (rowids " + next + " to " + last + "), in the background");
            }
            filled += n;
            if (finished) {
                finish();
            }
        };
    }

    private void finish() {
        if (!pending) {
            return;
        }
        pending = false;
        if (filled > 0) {
            log.info("filled the per-minute and per-hour aggregates of " + database + " from " + filled
                    + " stored samples in " + (System.nanoTime() - startNanos) / 1_000_000 + " ms");
        }
        done.complete(filled);
    }

    /** The store closes before the fill is done: it goes on at the next start. */
    void abandon(Exception cause) {
        done.completeExceptionally(cause);
    }
}
