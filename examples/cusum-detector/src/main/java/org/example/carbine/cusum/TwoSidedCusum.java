package org.example.carbine.cusum;

import java.time.Instant;

/**
 * Page's tabular CUSUM, both sides, on standardised values z = (x - level) / sigma:
 * <pre>
 *   S+ = max(0, S+ + z - k)      S- = max(0, S- - z - k)
 * </pre>
 * A side alarms when its S exceeds h and clears when S falls back to h/2 or below. S is capped at 2h so that
 * after a long shift the statistic falls back within a few samples once the shift ends.
 */
final class TwoSidedCusum {
    private final double k;
    private final double h;
    private final Side up = new Side(+1);
    private final Side down = new Side(-1);

    TwoSidedCusum(double k, double h) {
        this.k = k;
        this.h = h;
    }

    /**
     * @param z          the standardised deviation of this sample
     * @param deviationC the same deviation in °C, for the shift estimate
     * @param time       the sample's event time
     */
    void update(double z, double deviationC, Instant time) {
        up.update(z, deviationC, time);
        down.update(z, deviationC, time);
    }

    /** The side that alarms (the stronger one if both do), or null. */
    Side alarm() {
        Side strongest = up.statistic >= down.statistic ? up : down;
        Side other = strongest == up ? down : up;
        return strongest.alarmed ? strongest : other.alarmed ? other : null;
    }

    /** One direction of the CUSUM, and the run of samples that built its statistic up. */
    final class Side {
        private final int sign;
        private double statistic;
        private boolean alarmed;
        private Instant runStart;
        private int runLength;
        private double runDeviationSumC;

        private Side(int sign) {
            this.sign = sign;
        }

        private void update(double z, double deviationC, Instant time) {
            double next = Math.max(0, statistic + sign * z - k);
            if (next == 0) {
                runStart = null;
                runLength = 0;
                runDeviationSumC = 0;
            } else {
                if (statistic == 0) {
                    // the last time S was 0 is the classic estimate of when the change began
                    runStart = time;
                }
                runLength++;
                runDeviationSumC += deviationC;
            }
            statistic = Math.min(next, 2 * h);
            if (statistic > h) {
                alarmed = true;
            } else if (statistic <= h / 2) {
                alarmed = false;
            }
        }

        boolean upward() {
            return sign > 0;
        }

        double statistic() {
            return statistic;
        }

        /** Event time of the first sample of the current run: when the shift began. */
        Instant since() {
            return runStart;
        }

        /** Mean deviation from the learned level over the current run, °C: the size of the shift. */
        double estimatedShiftC() {
            return runLength == 0 ? 0 : runDeviationSumC / runLength;
        }
    }
}
