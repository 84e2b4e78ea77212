package carbine.driver.replay.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a replay file once: a Klipper {@code klippy.log}, recognised by its content ({@link KlippyLog}), the NAB
 * format ({@code timestamp,value}, the value going to one chosen field) or the multi-column format
 * ({@code timestamp,<field>,...}). Unreadable rows are skipped and counted; repeated and
 * backward timestamps are moved to 1 ms after the previous row's event time, so event times strictly increase.
 */
final class ReplayFile {
    /** How many skipped lines a load report names. */
    static final int EXAMPLES = 5;

    // empty lines are records here (and skipped below), so that each record starts on the line after the previous one
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(false).get();

    /**
     * What loading a file gave.
     *
     * @param data        the usable rows, or null if there are none (then {@code error} says why)
     * @param error       why the file cannot be replayed at all, else null
     * @param dataRows    data rows in the file (after the header), usable or not
     * @param skipped     rows that could not be read
     * @param skipReasons the first {@value #EXAMPLES} skipped rows, as "line N: reason"
     * @param repeated    rows whose timestamp equals the previous row's, moved
     * @param backward    rows whose timestamp is before the previous row's, moved
     * @param crowded     rows whose timestamp is after the previous row's but not after its (moved) event time
     */
    record Load(ReplayData data, String error, int dataRows, int skipped, List<String> skipReasons, int repeated,
            int backward, int crowded) {
        int moved() {
            return repeated + backward + crowded;
        }

        boolean usable() {
            return data != null;
        }
    }

    private ReplayFile() {}

    /**
     * @param nabField the field the {@code value} column of a NAB file goes to
     * @param zone     the zone of timestamps without zone or offset
     */
    static Load load(Path file, TelemetryField nabField, ZoneId zone) {
        if (KlippyLog.recognise(file)) {
            return KlippyLog.load(file, zone);
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = FORMAT.parse(reader)) {
            return read(file, parser, nabField, new Timestamps(zone));
        } catch (NoSuchFileException e) {
            return failed("file " + file + " does not exist");
        } catch (IOException | UncheckedIOException e) {
            // commons-csv reports malformed CSV (an unclosed quote, say) as an IOException naming the line
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            return failed("cannot read " + file + ": " + cause.getMessage());
        }
    }

    private static Load failed(String error) {
        return new Load(null, error, 0, 0, List.of(), 0, 0, 0);
    }

    private static Load read(Path file, CSVParser parser, TelemetryField nabField, Timestamps timestamps) {
        var records = parser.iterator();
        if (!records.hasNext()) {
            return failed(file + " is empty; it needs a header line such as timestamp,value");
        }
        CSVRecord header = records.next();
        List<TelemetryField> columns = new ArrayList<>();
        Optional<String> headerError = columns(header, nabField, columns);
        if (headerError.isPresent()) {
            return failed(file + " line 1: " + headerError.get());
        }
        ReplayData.Builder data = new ReplayData.Builder(EnumSet.copyOf(columns.isEmpty()
                ? List.of(nabField) : columns));
        int dataRows = 0;
        int skipped = 0;
        List<String> reasons = new ArrayList<>();
        EventTimes times = new EventTimes();
        Object[] cells = new Object[header.size()];
        long previousLine = parser.getCurrentLineNumber();
        while (records.hasNext()) {
            CSVRecord record = records.next();
            long line = previousLine + 1;
            previousLine = parser.getCurrentLineNumber();
            if (record.size() == 1 && record.get(0).isEmpty()) {
                continue; // an empty line is no data row
            }
            int fileRow = dataRows++;
            long raw;
            try {
                if (record.size() != header.size()) {
                    throw new IllegalArgumentException(record.size() + " columns instead of " + header.size());
                }
                raw = timestamps.toEpochMilli(record.get(0));
                for (int c = 1; c < cells.length; c++) {
                    TelemetryField field = columns.get(c - 1);
                    cells[c] = cell(field, record.get(c), header.get(c));
                }
            } catch (IllegalArgumentException e) {
                skipped++;
                if (reasons.size() < EXAMPLES) {
                    reasons.add("line " + line + ": " + e.getMessage());
                }
                continue;
            }
            data.add(times.next(raw), fileRow);
            for (int c = 1; c < cells.length; c++) {
                if (cells[c] != null) {
                    data.set(columns.get(c - 1), cells[c]);
                }
            }
        }
        if (data.size() == 0) {
            String why = dataRows == 0 ? "it has no data rows" : "none of its " + dataRows + " data rows can be read ("
                    + String.join("; ", reasons) + (skipped > reasons.size() ? "; ..." : "") + ")";
            return new Load(null, file + " has no usable rows: " + why, dataRows, skipped, List.copyOf(reasons),
                    0, 0, 0);
        }
        return new Load(data.build(), null, dataRows, skipped, List.copyOf(reasons), times.repeated(),
                times.backward(), times.crowded());
    }

    /** Fills {@code columns} with the field of each column after the timestamp; or says what is wrong. */
    private static Optional<String> columns(CSVRecord header, TelemetryField nabField, List<TelemetryField> columns) {
        if (header.size() < 2 || !header.get(0).trim().equalsIgnoreCase("timestamp")) {
            return Optional.of("the header must be timestamp,value (NAB) or timestamp,<field>,... but is '"
                    + String.join(",", header.values()) + "'");
        }
        if (header.size() == 2 && header.get(1).trim().toLowerCase(Locale.ROOT).equals("value")) {
            columns.add(nabField);
            return Optional.empty();
        }
        for (int c = 1; c < header.size(); c++) {
            String name = header.get(c);
            Optional<TelemetryField> field = TelemetryField.byName(name);
            if (field.isEmpty()) {
                return Optional.of("unknown column '" + name + "'; a column after timestamp must be one of "
                        + TelemetryField.acceptedNames() + " (or, alone, value for the NAB format)");
            }
            if (columns.contains(field.get())) {
                return Optional.of("column '" + name + "' repeats " + field.get().camelName());
            }
            columns.add(field.get());
        }
        return Optional.empty();
    }

    /** The parsed cell, null if empty (an absent field, never 0). */
    private static Object cell(TelemetryField field, String text, String column) {
        String cell = text.trim();
        if (cell.isEmpty()) {
            return null;
        }
        try {
            return switch (field.kind()) {
                case NUMBER -> number(cell);
                case BOOLEAN -> TelemetryField.parseBoolean(cell);
                case STATE -> TelemetryField.parseState(cell);
                case TEXT -> cell;
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("column " + column + ": " + e.getMessage());
        }
    }

    private static Double number(String cell) {
        double value;
        try {
            value = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + cell + "' is not a number");
        }
        // NaN marks an absent cell in ReplayData; an infinite reading is as unreadable as a NaN one
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("'" + cell + "' is not a finite number");
        }
        return value;
    }
}
