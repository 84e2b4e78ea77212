package carbine.api.store;

/**
 * One field over the samples of a {@link HistoryPoint} that had it.
 *
 * @param count how many samples had the field (at least 1)
 * @param sum   their sum: with {@code count}, points merge exactly
 * @param min   the smallest value
 * @param max   the largest value
 * @param last  the newest value
 */
public record FieldStats(long count, double sum, double min, double max, double last) {
    public FieldStats {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
    }

    public double mean() {
        return sum / count;
    }
}
