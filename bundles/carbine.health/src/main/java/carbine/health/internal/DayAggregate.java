package carbine.health.internal;

/**
 * One indicator's observations of one day (UTC, event time): how many, their sum and their sum of squares, so that
 * two parts of one day (before and after a restart) merge exactly.
 *
 * @param epochDay days since 1970-01-01
 */
record DayAggregate(long epochDay, Indicator indicator, long count, double sum, double sumSquares) {
    DayAggregate plus(DayAggregate other) {
        if (other.epochDay != epochDay || other.indicator != indicator) {
            throw new IllegalArgumentException(other + " is not the same day and indicator as " + this);
        }
        return new DayAggregate(epochDay, indicator, count + other.count, sum + other.sum,
                sumSquares + other.sumSquares);
    }

    double value() {
        return indicator.value(this);
    }
}
