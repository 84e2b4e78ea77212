package carbine.storage.sqlite.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import carbine.api.store.TelemetryField;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * The downsampled tiers: {@code telemetry_minute} and {@code telemetry_hour}, one row per printer and bucket
 * (the bucket's start, epoch ms UTC), unique on {@code (printer_id, bucket)}. Per numeric field: the count of samples that had it, their sum (so means
 * merge exactly), min, max and the newest value; per bucket: the samples per {@link PrinterState}, the samples
 * with an error text and those without filament. Rows are merged with an upsert, so a bucket can be written in
 * many parts (one per batch) and the result is the same as if it were written at once.
 */
final class AggregateRows {
    private AggregateRows() {}

    /** A tier: its table and the length of its buckets. */
    enum Tier {
        MINUTE("telemetry_minute", 60_000L),
        HOUR("telemetry_hour", 3_600_000L);

        final String table;
        final long millis;

        Tier(String table, long millis) {
            this.table = table;
            this.millis = millis;
        }

        long bucketOf(long timeMillis) {
            return Math.floorDiv(timeMillis, millis) * millis;
        }
    }

    /** A numeric field of a sample, by its column name in {@code telemetry}. */
    record Field(String column, Function<TelemetrySample, Double> value) {}

    /** In the order of {@link TelemetryField}, whose indexes the history query relies on. */
    static final List<Field> FIELDS = java.util.Arrays.stream(TelemetryField.values())
            .map(f -> new Field(f.name().toLowerCase(java.util.Locale.ROOT), (Function<TelemetrySample, Double>) f::of))
            .toList();

    private static final PrinterState[] STATES = PrinterState.values();

    /** Column of the sample count of a state, e.g. {@code printing}. */
    static String stateColumn(PrinterState state) {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static List<String> fieldColumns(Field f) {
        String c = f.column();
        return List.of(c + "_n", c + "_sum", c + "_min", c + "_max", c + "_last");
    }

    /** Every column after {@code printer_id, bucket}, in the order of {@link #bind} and {@link #read}. */
    static final List<String> VALUE_COLUMNS;

    static {
        List<String> columns = new ArrayList<>(List.of("samples", "last_time"));
        for (PrinterState s : STATES) {
            columns.add(stateColumn(s));
        }
        columns.add("errors");
        columns.add("filament_out");
        for (Field f : FIELDS) {
            columns.addAll(fieldColumns(f));
        }
        VALUE_COLUMNS = List.copyOf(columns);
    }

    static String createTable(Tier tier) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(tier.table).append(" (\n")
                .append("    printer_id TEXT NOT NULL,\n")
                .append("    bucket INTEGER NOT NULL, -- start of the bucket, epoch milliseconds UTC\n")
                .append("    samples INTEGER NOT NULL,\n")
                .append("    last_time INTEGER NOT NULL, -- the newest sample's time\n");
        for (PrinterState s : STATES) {
            sql.append("    ").append(stateColumn(s)).append(" INTEGER NOT NULL, -- samples in this state\n");
        }
        sql.append("    errors INTEGER NOT NULL, -- samples with an error text\n");
        sql.append("    filament_out INTEGER NOT NULL, -- samples whose runout sensor saw no filament\n");
        for (Field f : FIELDS) {
            String c = f.column();
            sql.append("    ").append(c).append("_n INTEGER NOT NULL, ").append(c).append("_sum REAL NOT NULL, ")
                    .append(c).append("_min REAL, ").append(c).append("_max REAL, ").append(c).append("_last REAL,\n");
        }
        return sql.delete(sql.length() - 2, sql.length()).append("\n)").toString();
    }

    /**
     * The key of a tier. A rowid table with this unique index rather than a {@code WITHOUT ROWID} table keyed by
     * printer: new buckets are appended at the end of the table, all printers' buckets of one minute side by side, so
     * a batch of a whole fleet's samples rewrites a few pages at the end instead of one page per printer; only the
     * first sample of a bucket adds an index entry.
     */
    static String createIndex(Tier tier) {
        return "CREATE UNIQUE INDEX " + tier.table + "_printer_bucket ON " + tier.table + " (printer_id, bucket)";
    }

    /** Inserts a partial bucket, or merges it into the stored one. */
    static String upsert(Tier tier) {
        List<String> all = new ArrayList<>(List.of("printer_id", "bucket"));
        all.addAll(VALUE_COLUMNS);
        List<String> sets = new ArrayList<>();
        sets.add("samples = samples + excluded.samples");
        sets.add("last_time = max(last_time, excluded.last_time)");
        for (PrinterState s : STATES) {
            sets.add(sum(stateColumn(s)));
        }
        sets.add(sum("errors"));
        sets.add(sum("filament_out"));
        for (Field f : FIELDS) {
            String c = f.column();
            sets.add(sum(c + "_n"));
            sets.add(sum(c + "_sum"));
            // min()/max() of SQLite are NULL when an argument is: then the one that is not NULL
            sets.add(c + "_min = coalesce(min(" + c + "_min, excluded." + c + "_min), " + c + "_min, excluded."
                    + c + "_min)");
            sets.add(c + "_max = coalesce(max(" + c + "_max, excluded." + c + "_max), " + c + "_max, excluded."
                    + c + "_max)");
            // the newer part's value, when it has one (on the right side, columns are the stored row's values)
            sets.add(c + "_last = CASE WHEN excluded." + c + "_last IS NOT NULL AND excluded.last_time >= last_time "
                    + "THEN excluded." + c + "_last ELSE coalesce(" + c + "_last, excluded." + c + "_last) END");
        }
        return "INSERT INTO " + tier.table + " (" + String.join(", ", all) + ") VALUES ("
                + all.stream().map(c -> "?").collect(Collectors.joining(", ")) + ") ON CONFLICT (printer_id, bucket) "
                + "DO UPDATE SET " + String.join(", ", sets);
    }

    private static String sum(String column) {
        return column + " = " + column + " + excluded." + column;
    }

    static String selectRange(Tier tier) {
        return "SELECT printer_id, bucket, " + String.join(", ", VALUE_COLUMNS) + " FROM " + tier.table
                + " WHERE printer_id = ? AND bucket >= ? AND bucket < ? ORDER BY bucket";
    }

    static String firstPrinter(Tier tier) {
        return "SELECT min(printer_id) FROM " + tier.table;
    }

    static String nextPrinter(Tier tier) {
        return "SELECT min(printer_id) FROM " + tier.table + " WHERE printer_id > ?";
    }

    /** Deletes at most one chunk of a printer's buckets that start before a time: (printer, time, limit). */
    static String deleteOldChunk(Tier tier) {
        return "DELETE FROM " + tier.table + " WHERE rowid IN (SELECT rowid FROM " + tier.table
                + " WHERE printer_id = ? AND bucket < ? LIMIT ?)";
    }

    /** Statistics of one field in one bucket (or part of one). */
    static final class Stats {
        long n;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        Double last;
        long lastTime = Long.MIN_VALUE;

        void add(double v, long time) {
            n++;
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
            if (time >= lastTime) {
                last = v;
                lastTime = time;
            }
        }

        void merge(Stats o) {
            n += o.n;
            sum += o.sum;
            min = Math.min(min, o.min);
            max = Math.max(max, o.max);
            if (o.last != null && o.lastTime >= lastTime) {
                last = o.last;
                lastTime = o.lastTime;
            }
        }
    }

    /** One bucket of one printer, or a part of it (the samples of one batch). */
    static final class Bucket {
        final String printerId;
        final long start;
        long samples;
        long lastTime = Long.MIN_VALUE;
        final long[] states = new long[STATES.length];
        long errors;
        long filamentOut;
        final Stats[] fields = new Stats[FIELDS.size()];

        Bucket(String printerId, long start) {
            this.printerId = printerId;
            this.start = start;
            for (int i = 0; i < fields.length; i++) {
                fields[i] = new Stats();
            }
        }

        void add(TelemetrySample s) {
            long time = s.time().toEpochMilli();
            samples++;
            lastTime = Math.max(lastTime, time);
            states[s.state().ordinal()]++;
            if (s.error() != null) {
                errors++;
            }
            if (Boolean.FALSE.equals(s.filamentDetected())) {
                filamentOut++;
            }
            for (int i = 0; i < fields.length; i++) {
                Double v = FIELDS.get(i).value().apply(s);
                // NaN cannot be stored (SQLite makes it NULL), so it is absent here as it is in the raw row
                if (v != null && !v.isNaN()) {
                    fields[i].add(v, time);
                }
            }
        }

        void merge(Bucket o) {
            samples += o.samples;
            lastTime = Math.max(lastTime, o.lastTime);
            for (int i = 0; i < states.length; i++) {
                states[i] += o.states[i];
            }
            errors += o.errors;
            filamentOut += o.filamentOut;
            for (int i = 0; i < fields.length; i++) {
                fields[i].merge(o.fields[i]);
            }
        }
    }

    /** Groups samples into the buckets of one tier, in the order the buckets first appear. */
    static Map<String, Bucket> group(Tier tier, Iterable<TelemetrySample> samples) {
        Map<String, Bucket> buckets = new LinkedHashMap<>();
        for (TelemetrySample s : samples) {
            long start = tier.bucketOf(s.time().toEpochMilli());
            buckets.computeIfAbsent(s.printerId() + '\u0000' + start, k -> new Bucket(s.printerId(), start)).add(s);
        }
        return buckets;
    }

    static void bind(PreparedStatement upsert, Bucket b) throws SQLException {
        int i = 1;
        upsert.setString(i++, b.printerId);
        upsert.setLong(i++, b.start);
        upsert.setLong(i++, b.samples);
        upsert.setLong(i++, b.lastTime);
        for (long count : b.states) {
            upsert.setLong(i++, count);
        }
        upsert.setLong(i++, b.errors);
        upsert.setLong(i++, b.filamentOut);
        for (Stats f : b.fields) {
            upsert.setLong(i++, f.n);
            upsert.setDouble(i++, f.sum);
            if (f.n == 0) {
                upsert.setNull(i++, Types.REAL);
                upsert.setNull(i++, Types.REAL);
            } else {
                upsert.setDouble(i++, f.min);
                upsert.setDouble(i++, f.max);
            }
            TelemetryRows.setReal(upsert, i++, f.last);
        }
    }

    /** Writes the tiers' parts of these samples: one upsert per printer and bucket of each tier. */
    static void write(List<TelemetrySample> samples, PreparedStatement upsertMinute, PreparedStatement upsertHour)
            throws SQLException {
        if (samples.isEmpty()) {
            return;
        }
        upsert(upsertMinute, group(Tier.MINUTE, samples));
        upsert(upsertHour, group(Tier.HOUR, samples));
    }

    private static void upsert(PreparedStatement upsert, Map<String, Bucket> buckets) throws SQLException {
        upsert.clearBatch(); // left over by a failed attempt
        for (Bucket b : buckets.values()) {
            bind(upsert, b);
            upsert.addBatch();
        }
        upsert.executeBatch();
    }

    /** Reads a row of {@link #selectRange}. The field's last time is the bucket's last time (not stored apart). */
    static Bucket read(ResultSet rs) throws SQLException {
        int i = 1;
        Bucket b = new Bucket(rs.getString(i++), rs.getLong(i++));
        b.samples = rs.getLong(i++);
        b.lastTime = rs.getLong(i++);
        for (int s = 0; s < b.states.length; s++) {
            b.states[s] = rs.getLong(i++);
        }
        b.errors = rs.getLong(i++);
        b.filamentOut = rs.getLong(i++);
        for (Stats f : b.fields) {
            f.n = rs.getLong(i++);
            f.sum = rs.getDouble(i++);
            Double min = TelemetryRows.real(rs, i++);
            Double max = TelemetryRows.real(rs, i++);
            f.last = TelemetryRows.real(rs, i++);
            if (min != null) {
                f.min = min;
                f.max = max;
            }
            f.lastTime = f.last == null ? Long.MIN_VALUE : b.lastTime;
        }
        return b;
    }
}
