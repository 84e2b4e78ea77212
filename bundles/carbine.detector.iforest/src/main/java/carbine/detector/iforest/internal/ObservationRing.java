package carbine.detector.iforest.internal;

import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import carbine.detector.iforest.internal.PhaseTracker.Phase;

/**
 * A first-in first-out queue of {@link Observation}s kept as columns of primitives, instead of an object (a record,
 * an {@code Instant} and an array of all {@link Feature}s) per observation: about 70 instead of 180 bytes per
 * observation of a printer holding a temperature (a column that is the same throughout its chunk, such as the
 * target or a missing feature, is kept as one value). Reading gives back equal observations (every NaN as
 * {@link Double#NaN}, as {@link Observation#has} reads it). Not thread-safe, except {@link #snapshot}s, which may
 * be read on any thread.
 *
 * <p>Rows are stored in chunks of {@value #CHUNK} rows that are only appended to; a chunk is dropped when its
 * last row is removed. A {@link #snapshot} holds the chunks it spans and seals the last one (the next row starts a
 * new chunk), so that nothing it reads is ever written again: it costs no copy, and training on it does not
 * stop the queue from moving on.
 */
final class ObservationRing {
    static final int CHUNK = 128;
    private static final Phase[] PHASES = Phase.values();
    /** Columns of {@link Chunk#doubles}: the features by ordinal, then the target, then the power. */
    private static final int TARGET = Feature.ALL.length;
    private static final int POWER = TARGET + 1;
    private static final int DOUBLES = POWER + 1;

    private final ArrayList<Chunk> chunks = new ArrayList<>();
    /** Rows of the first chunk already removed. */
    private int head;
    private int size;
    /** The oldest observation once read (it is peeked at once per sample, then removed), else null. */
    private Observation first;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        first = null;
        chunks.clear();
        head = 0;
        size = 0;
    }

    void addLast(Observation o) {
        Chunk last = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
        if (last == null || last.sealed || last.rows == CHUNK) {
            last = new Chunk();
            chunks.add(last);
        }
        last.set(last.rows, o);
        last.rows++;
        size++;
    }

    /** The oldest observation, or null when empty. */
    Observation peekFirst() {
        if (first == null && size > 0) {
            first = chunks.get(0).get(head);
        }
        return first;
    }

    /** Removes and returns the oldest observation; null when empty. */
    Observation removeFirst() {
        Observation removed = peekFirst();
        dropFirst();
        return removed;
    }

    /** Removes the oldest observation without reading it (nothing when empty). */
    void dropFirst() {
        if (size == 0) {
            return;
        }
        first = null;
        size--;
        head++;
        if (head == chunks.get(0).rows) {
            // a chunk is appended to only while it is the last: this one is used up
            chunks.remove(0);
            head = 0;
        }
    }

    /** The observations now queued, oldest first; unaffected by later changes, readable on any thread. */
    List<Observation> snapshot() {
        if (!chunks.isEmpty()) {
            chunks.get(chunks.size() - 1).seal();
        }
        return new Snapshot(chunks.toArray(Chunk[]::new), head, size);
    }

    private static final class Chunk {
        long[] seconds = new long[CHUNK];
        int[] nanos = new int[CHUNK];
        /** Phase ordinal + 1 (0: none), plus 128 when settled. */
        byte[] flags = new byte[CHUNK];
        /** Per column, its values, or null while all of them are {@code constants[column]}. */
        final double[][] doubles = new double[DOUBLES][];
        /** Per column without values, the value of all its rows (NaN until a row has one). */
        final double[] constants = new double[DOUBLES];
        int rows;
        /** Set by a snapshot: no row is written into it any more. */
        boolean sealed;

        Chunk() {
            Arrays.fill(constants, Double.NaN);
        }

        /** No more rows: the arrays are cut to the rows written (a snapshot is taken every retraining). */
        void seal() {
            sealed = true;
            if (rows < CHUNK) {
                seconds = Arrays.copyOf(seconds, rows);
                nanos = Arrays.copyOf(nanos, rows);
                flags = Arrays.copyOf(flags, rows);
                for (int c = 0; c < doubles.length; c++) {
                    if (doubles[c] != null) {
                        doubles[c] = Arrays.copyOf(doubles[c], rows);
                    }
                }
            }
        }

        void set(int row, Observation o) {
            Instant time = o.time();
            seconds[row] = time.getEpochSecond();
            nanos[row] = time.getNano();
            int phase = o.nozzlePhase() == null ? 0 : o.nozzlePhase().ordinal() + 1;
            flags[row] = (byte) (phase | (o.settled() ? 0x80 : 0));
            double[] values = o.values();
            if (values.length != Feature.ALL.length) {
                throw new IllegalArgumentException("an observation of " + values.length + " features");
            }
            for (int f = 0; f < values.length; f++) {
                put(f, row, values[f]);
            }
            put(TARGET, row, o.target());
            put(POWER, row, o.power());
        }

        private void put(int column, int row, double value) {
            double[] values = doubles[column];
            if (values == null) {
                if (Double.doubleToLongBits(value) == Double.doubleToLongBits(constants[column])) {
                    return;
                }
                if (row == 0) {
                    constants[column] = Double.isNaN(value) ? Double.NaN : value;
                    return;
                }
                values = new double[CHUNK];
                Arrays.fill(values, 0, row, constants[column]);
                doubles[column] = values;
            }
            values[row] = value;
        }

        private double read(int column, int row) {
            double[] values = doubles[column];
            double value = values == null ? constants[column] : values[row];
            return Double.isNaN(value) ? Double.NaN : value;
        }

        Observation get(int row) {
            double[] values = new double[Feature.ALL.length];
            for (int f = 0; f < values.length; f++) {
                values[f] = read(f, row);
            }
            int flag = flags[row] & 0xff;
            int phase = flag & 0x7f;
            return new Observation(Instant.ofEpochSecond(seconds[row], nanos[row]),
                    phase == 0 ? null : PHASES[phase - 1], (flag & 0x80) != 0, read(TARGET, row), read(POWER, row),
                    values);
        }
    }

    /** Sealed chunks from a start row: immutable. */
    private static final class Snapshot extends AbstractList<Observation> {
        private final Chunk[] chunks;
        /** Per chunk, the index (in this list) after its last row. */
        private final int[] ends;
        private final int head;
        private final int size;

        Snapshot(Chunk[] chunks, int head, int size) {
            this.chunks = chunks;
            this.head = head;
            this.size = size;
            this.ends = new int[chunks.length];
            int end = -head;
            for (int i = 0; i < chunks.length; i++) {
                end += chunks[i].rows;
                ends[i] = end;
            }
        }

        @Override
        public Observation get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException(index);
            }
            // the first chunk whose end is after index (chunks are never empty)
            int i = Arrays.binarySearch(ends, index + 1);
            i = i >= 0 ? i : -i - 1;
            return chunks[i].get(chunks[i].rows - (ends[i] - index));
        }

        @Override
        public int size() {
            return size;
        }
    }
}
