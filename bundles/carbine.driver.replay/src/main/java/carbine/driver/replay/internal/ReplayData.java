package carbine.driver.replay.internal;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * The usable rows of one replay file, column by column in primitive arrays (a {@link TelemetrySample} is built
 * only when a row is replayed). Event times are strictly increasing epoch milliseconds.
 */
final class ReplayData {
    private final long[] eventMillis;
    private final int[] rows;
    private final Map<TelemetryField, double[]> numbers;
    /** booleans and states: -1 absent, else 0/1 or the {@link PrinterState} ordinal */
    private final Map<TelemetryField, byte[]> codes;
    private final String[] errors;

    private ReplayData(Builder b) {
        int n = b.size;
        eventMillis = Arrays.copyOf(b.eventMillis, n);
        rows = Arrays.copyOf(b.rows, n);
        numbers = new EnumMap<>(TelemetryField.class);
        b.numbers.forEach((field, values) -> numbers.put(field, Arrays.copyOf(values, n)));
        codes = new EnumMap<>(TelemetryField.class);
        b.codes.forEach((field, values) -> codes.put(field, Arrays.copyOf(values, n)));
        errors = b.errors == null ? null : Arrays.copyOf(b.errors, n);
    }

    int size() { return eventMillis.length; }

    /** Event time of usable row {@code i}, epoch milliseconds. */
    long eventMillis(int i) { return eventMillis[i]; }

    /** The 0-based index of usable row {@code i} among all data rows of the file (skipped rows count too). */
    int fileRow(int i) { return rows[i]; }

    /** The usable row whose event time is {@code millis}, or -1. */
    int indexOf(long millis) {
        int i = Arrays.binarySearch(eventMillis, millis);
        return i >= 0 ? i : -1;
    }

    /** Row {@code i} as a sample, its event time shifted by {@code shiftMillis}. */
    TelemetrySample sample(int i, String printerId, long shiftMillis, PrinterState defaultState) {
        byte stateCode = code(TelemetryField.STATE, i);
        PrinterState state = stateCode < 0 ? defaultState : PrinterState.values()[stateCode];
        return TelemetrySample.builder(printerId, java.time.Instant.ofEpochMilli(eventMillis[i] + shiftMillis), state)
                .nozzle(number(TelemetryField.NOZZLE_ACTUAL, i), number(TelemetryField.NOZZLE_TARGET, i))
                .bed(number(TelemetryField.BED_ACTUAL, i), number(TelemetryField.BED_TARGET, i))
                .heaterPower(number(TelemetryField.HEATER_POWER, i))
                .fan(number(TelemetryField.FAN_SPEED, i), number(TelemetryField.FAN_RPM, i))
                .filamentDetected(flag(TelemetryField.FILAMENT_DETECTED, i))
                .filamentMoving(flag(TelemetryField.FILAMENT_MOVING, i))
                .progress(number(TelemetryField.PROGRESS, i))
                .chamber(number(TelemetryField.CHAMBER_ACTUAL, i), number(TelemetryField.CHAMBER_TARGET, i))
                .bedPower(number(TelemetryField.BED_POWER, i))
                .printDuration(number(TelemetryField.PRINT_DURATION, i))
                .filamentUsed(number(TelemetryField.FILAMENT_USED, i))
                .layer(whole(TelemetryField.LAYER, i), whole(TelemetryField.TOTAL_LAYERS, i))
                .error(errors == null ? null : errors[i])
                .build();
    }

    /** The state of row {@code i}, or {@code defaultState} if the row has none. */
    PrinterState state(int i, PrinterState defaultState) {
        byte stateCode = code(TelemetryField.STATE, i);
        return stateCode < 0 ? defaultState : PrinterState.values()[stateCode];
    }

    /** The error text of row {@code i}, or null. */
    String error(int i) {
        return errors == null ? null : errors[i];
    }

    private Double number(TelemetryField field, int i) {
        double[] column = numbers.get(field);
        return column == null || Double.isNaN(column[i]) ? null : column[i];
    }

    /** A whole number (a layer); absent when the cell is empty or not whole. */
    private Integer whole(TelemetryField field, int i) {
        Double value = number(field, i);
        return value == null || value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE ? null
                : value.intValue();
    }

    private byte code(TelemetryField field, int i) {
        byte[] column = codes.get(field);
        return column == null ? -1 : column[i];
    }

    private Boolean flag(TelemetryField field, int i) {
        byte c = code(field, i);
        return c < 0 ? null : c == 1;
    }

    /** Collects rows; every cell is set through {@link #set}, absent cells are left as they are. */
    static final class Builder {
        private int size;
        private long[] eventMillis = new long[1024];
        private int[] rows = new int[1024];
        private final Map<TelemetryField, double[]> numbers = new EnumMap<>(TelemetryField.class);
        private final Map<TelemetryField, byte[]> codes = new EnumMap<>(TelemetryField.class);
        private String[] errors;

        Builder(Iterable<TelemetryField> fields) {
            for (TelemetryField field : fields) {
                switch (field.kind()) {
                    case NUMBER -> numbers.put(field, filled(new double[1024]));
                    case BOOLEAN, STATE -> codes.put(field, filled(new byte[1024]));
                    case TEXT -> errors = new String[1024];
                }
            }
        }

        int size() { return size; }

        /** Starts row number {@link #size()}. */
        void add(long eventMillis, int fileRow) {
            if (size == rows.length) {
                grow();
            }
            this.eventMillis[size] = eventMillis;
            this.rows[size] = fileRow;
            size++;
        }

        /** Sets a parsed cell of the last added row: a Double, a Boolean, a PrinterState or a String. */
        void set(TelemetryField field, Object value) {
            setAt(size - 1, field, value);
        }

        /** Sets a cell of an earlier row {@code i} (&lt; {@link #size()}), e.g. a progress known only later. */
        void setAt(int i, TelemetryField field, Object value) {
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException(i);
            }
            switch (field.kind()) {
                case NUMBER -> numbers.get(field)[i] = (Double) value;
                case BOOLEAN -> codes.get(field)[i] = (byte) ((Boolean) value ? 1 : 0);
                case STATE -> codes.get(field)[i] = (byte) ((PrinterState) value).ordinal();
                case TEXT -> errors[i] = (String) value;
            }
        }

        ReplayData build() {
            return new ReplayData(this);
        }

        private void grow() {
            int capacity = rows.length * 2;
            eventMillis = Arrays.copyOf(eventMillis, capacity);
            rows = Arrays.copyOf(rows, capacity);
            numbers.replaceAll((field, values) -> filled(Arrays.copyOf(values, capacity), values.length));
            codes.replaceAll((field, values) -> filled(Arrays.copyOf(values, capacity), values.length));
            if (errors != null) {
                errors = Arrays.copyOf(errors, capacity);
            }
        }

        private static double[] filled(double[] values) { return filled(values, 0); }

        private static double[] filled(double[] values, int from) {
            Arrays.fill(values, from, values.length, Double.NaN);
            return values;
        }

        private static byte[] filled(byte[] values) { return filled(values, 0); }

        private static byte[] filled(byte[] values, int from) {
            Arrays.fill(values, from, values.length, (byte) -1);
            return values;
        }
    }
}
