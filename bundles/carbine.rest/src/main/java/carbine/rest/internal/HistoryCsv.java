package carbine.rest.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import carbine.api.store.FieldStats;
import carbine.api.store.History;
import carbine.api.store.HistoryPoint;
import carbine.api.store.TelemetryField;

/**
 * A history as CSV for a spreadsheet: a header row, then one row per point: {@code start}, {@code end},
 * {@code samples}, {@code errors}, {@code filament_out}, and per field its {@code _mean}, {@code _min},
 * {@code _max}, {@code _last} (an empty cell where no sample of the point had the field). RFC 4180 (CRLF).
 */
public final class HistoryCsv {
    private static final String[] STATS = {"mean", "min", "max", "last"};

    private HistoryCsv() {}

    public static List<String> header() {
        List<String> header = new ArrayList<>(List.of("start", "end", "samples", "errors", "filament_out"));
        for (TelemetryField f : TelemetryField.values()) {
            for (String s : STATS) {
                header.add(RestJson.name(f) + "_" + s);
            }
        }
        return header;
    }

    public static void write(History history, Appendable out) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader(header().toArray(String[]::new)).get();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            for (HistoryPoint p : history.points()) {
                printer.printRecord(row(p));
            }
            printer.flush();
        }
    }

    static List<String> row(HistoryPoint p) {
        List<String> row = new ArrayList<>();
        row.add(p.start().toString());
        row.add(p.end().toString());
        row.add(Long.toString(p.samples()));
        row.add(Long.toString(p.errors()));
        row.add(Long.toString(p.filamentOut()));
        for (TelemetryField f : TelemetryField.values()) {
            FieldStats stats = p.field(f);
            if (stats == null) {
                for (int i = 0; i < STATS.length; i++) {
                    row.add("");
                }
            } else {
                row.add(number(stats.mean()));
                row.add(number(stats.min()));
                row.add(number(stats.max()));
                row.add(number(stats.last()));
            }
        }
        return row;
    }

    private static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }
}
