package carbine.storage.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import carbine.api.telemetry.PrinterState;

/**
 * Checks the tiers against the raw rows with SQL of its own (not the store's code): every bucket of every printer,
 * every count, sum, min, max and newest value. Sums may differ in the last bits (another order of additions).
 */
final class TiersMatch {
    private TiersMatch() {}

    static void assertTiersMatchRaw(Path file) throws Exception {
        for (AggregateRows.Tier tier : AggregateRows.Tier.values()) {
            List<Object[]> expected = rows(file, expected(tier));
            List<Object[]> actual = rows(file, actual(tier));
            assertThat(actual).as(tier + " buckets").hasSameSizeAs(expected);
            for (int r = 0; r < expected.size(); r++) {
                Object[] e = expected.get(r);
                Object[] a = actual.get(r);
                for (int c = 0; c < e.length; c++) {
                    String what = tier + " bucket " + e[0] + " " + e[1] + " column " + c;
                    if (e[c] instanceof Double d && a[c] instanceof Number n) {
                        assertThat(n.doubleValue()).as(what).isCloseTo(d, within(1e-9 * Math.max(1, Math.abs(d))));
                    } else if (e[c] instanceof Number d && a[c] instanceof Number n) {
                        assertThat(n.doubleValue()).as(what).isEqualTo(d.doubleValue());
                    } else {
                        assertThat(a[c]).as(what).isEqualTo(e[c]);
                    }
                }
            }
        }
    }

    private static String expected(AggregateRows.Tier tier) {
        String bucket = "(t.time - t.time % " + tier.millis + ")";
        StringBuilder sql = new StringBuilder("SELECT printer_id, " + bucket + " AS b, count(*), max(time)");
        for (PrinterState s : PrinterState.values()) {
            sql.append(", sum(state = '").append(s.name()).append("')");
        }
        sql.append(", sum(error IS NOT NULL), coalesce(sum(filament_detected = 0), 0)");
        for (AggregateRows.Field f : AggregateRows.FIELDS) {
            String c = f.column();
            sql.append(", count(").append(c).append("), total(").append(c).append("), min(").append(c)
                    .append("), max(").append(c).append("), (SELECT t2.").append(c).append(" FROM telemetry t2 WHERE ")
                    .append("t2.printer_id = t.printer_id AND t2.time >= ").append(bucket).append(" AND t2.time < ")
                    .append(bucket).append(" + ").append(tier.millis).append(" AND t2.").append(c)
                    .append(" IS NOT NULL ORDER BY t2.time DESC, t2.rowid DESC LIMIT 1)");
        }
        return sql.append(" FROM telemetry t GROUP BY printer_id, b ORDER BY printer_id, b").toString();
    }

    private static String actual(AggregateRows.Tier tier) {
        return "SELECT printer_id, bucket, " + String.join(", ", AggregateRows.VALUE_COLUMNS) + " FROM " + tier.table
                + " ORDER BY printer_id, bucket";
    }

    private static List<Object[]> rows(Path file, String sql) throws Exception {
        List<Object[]> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Object[] row = new Object[meta.getColumnCount()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
