package carbine.detector.likelihood.internal;

/**
 * The streaming model of one numeric series (one field of one printer). Not thread-safe: one caller at a time.
 * Every update costs O(1) time (amortised); the state is a few rings of doubles, bounded by the settings.
 *
 * <ol>
 * <li><b>Raw score: the surprise of the value.</b> Two predictions of the value, each with its own scale:
 * <ul>
 * <li>the recent past: z = |x − m| / s, with m and s the mean and standard deviation of the previous
 * {@code recentWindow} values;</li>
 * <li>the same time one season ({@code seasonHours}, a day) before: the difference d = x − x(t − season) is judged
 * the same way against the previous {@code recentWindow} differences.</li>
 * </ul>
 * The surprise is the smaller of the two: a value is surprising only when neither the last minutes nor yesterday
 * explain it. The daily rise of a periodic series is not news; a missing rise is not either (the recent past
 * explains a value that stays where it was), but the broken cycle is once the rise comes back on a day after a day
 * without it. Without a value one season ago
 * (the first season, or a season longer than {@code seasonSamples} samples) only the recent past counts. Deviations
 * never drop below {@link #RESOLUTION} of the range seen while learning, so a flat or quantised series does not turn
 * every small step into a huge z.</li>
 * <li><b>Anomaly likelihood</b> (Ahmad, Lavin, Purdy and Agha 2017): the mean surprise of the last {@code shortWindow}
 * values is compared with the Gaussian fitted to the surprise of the last {@code longWindow} values; the upper tail
 * probability Q((short mean − long mean) / long deviation) is how likely so much surprise is under the series' usual
 * behaviour. A series that is always erratic has a large usual surprise, so it does not alert for being erratic;
 * only a change of its behaviour does.</li>
 * <li><b>Out of range</b> (as the "spatial" check of NAB's HTM detector): a value beyond everything seen so far by
 * more than {@code rangeMargin} of that range is anomalous at once.</li>
 * </ol>
 * An anomaly is reported when the tail probability is at most {@code tailProbability} or the value is out of range,
 * after the first {@code learnSamples} values, and then not again for {@code restSamples} values: one event, one
 * alert (as CAD OSE's rest period).
 */
final class SeriesModel {
    /** The smallest deviation, as a fraction of the range seen while learning (1 %). */
    static final double RESOLUTION = 0.01;

    /** A value one season before counts if it is at most this fraction of the season older than wanted. */
    static final double SEASON_TOLERANCE = 0.05;

    /** What the model says about one value: everything an alert needs to say why. */
    record Verdict(boolean anomaly, Reason reason, double value, double recentMean, double recentDeviation,
            double recentSurprise, double seasonSurprise, double surprise, double shortMean, double longMean,
            double longDeviation, double tail, double seenMin, double seenMax, boolean learning) {
        // seenMin and seenMax: the range of the values before this one; seasonSurprise NaN: no value a season before

        /**
         * The score shown with an alert. UNLIKELY (and no anomaly): −log10 of the tail probability (4 = one chance in
         * 10,000). OUT_OF_RANGE: how far the value lies beyond the range seen before, as a fraction of that range.
         */
        double score() {
            if (reason == Reason.OUT_OF_RANGE) {
                return beyondRange();
            }
            return -Math.log10(Math.max(tail, 1e-300));
        }

        /** Distance beyond the range seen before, as a fraction of that range (0 inside it). */
        double beyondRange() {
            double range = Math.max(seenMax - seenMin, 1e-12);
            return Math.max(0, Math.max(value - seenMax, seenMin - value)) / range;
        }
    }

    /** Why a value was anomalous. */
    enum Reason {
        NONE, UNLIKELY, OUT_OF_RANGE
    }

    private final Settings settings;
    private long seen;

    private double seenMin = Double.POSITIVE_INFINITY;
    private double seenMax = Double.NEGATIVE_INFINITY;
    private double floor;

    private final Ring recent;
    private final Ring surprises;
    private double shortSum;

    // the last seasonSamples (time, value) pairs, and where the value one season before the latest is
    private final double[] pastTimes;
    private final double[] pastValues;
    private long lagIndex = -1;
    private final Ring seasonDifferences;

    private long restUntil;

    SeriesModel(Settings settings) {
        this.settings = settings;
        this.recent = new Ring(settings.recentWindow());
        this.surprises = new Ring(settings.longWindow());
        boolean seasonal = settings.seasonHours() > 0;
        this.pastTimes = new double[seasonal ? settings.seasonSamples() : 0];
        this.pastValues = new double[pastTimes.length];
        this.seasonDifferences = new Ring(settings.recentWindow());
    }

    long seen() {
        return seen;
    }

    /** A value without a time: only the recent past predicts it. */
    Verdict update(double x) {
        return update(Double.NaN, x);
    }

    /**
     * @param time  event time in seconds (any epoch, never decreasing); NaN: unknown, only the recent past counts
     * @param value the value
     */
    Verdict update(double time, double x) {
        seen++;
        boolean learning = seen <= settings.learnSamples();
        if (floor == 0 || seen == settings.learnSamples()) {
            // the first value sets a fine floor, the end of learning the floor for good
            double range = Math.max(seenMax, x) - Math.min(seenMin, x);
            floor = RESOLUTION * (range > 0 && seen > 1 ? range : Math.max(Math.abs(x) * 1e-3, 1e-9));
        }
        boolean outside = false;
        if (!learning && settings.rangeMargin() > 0) {
            double margin = settings.rangeMargin() * Math.max(seenMax - seenMin, 1e-12);
            outside = x > seenMax + margin || x < seenMin - margin;
        }
        double seenMinBefore = seenMin;
        double seenMaxBefore = seenMax;
        seenMin = Math.min(seenMin, x);
        seenMax = Math.max(seenMax, x);

        double recentMean = recent.mean();
        double recentDeviation = recent.deviation() + floor;
        double recentSurprise = recent.size() >= Math.min(5, settings.recentWindow())
                ? Math.min(Math.abs(x - recentMean) / recentDeviation, 100) : 0;
        recent.add(x);
        double seasonSurprise = seasonSurprise(time, x);
        double surprise = Double.isNaN(seasonSurprise) ? recentSurprise : Math.min(recentSurprise, seasonSurprise);

        int shortWindow = settings.shortWindow();
        if (surprises.size() >= shortWindow) {
            shortSum -= surprises.ago(shortWindow);
        }
        surprises.add(surprise);
        shortSum += surprise;
        double shortMean = shortSum / Math.min(surprises.size(), shortWindow);
        double longMean = surprises.mean();
        double longDeviation = Math.max(surprises.deviation(), settings.minDeviation());
        double tail = upperTail((shortMean - longMean) / longDeviation);

        Reason reason = Reason.NONE;
        if (!learning && seen >= restUntil) {
            if (outside) {
                reason = Reason.OUT_OF_RANGE;
            } else if (tail <= settings.tailProbability()) {
                reason = Reason.UNLIKELY;
            }
            if (reason != Reason.NONE) {
                restUntil = seen + settings.restSamples() + 1;
            }
        }
        return new Verdict(reason != Reason.NONE, reason, x, recentMean, recentDeviation, recentSurprise,
                seasonSurprise, surprise, shortMean, longMean, longDeviation, tail, seenMinBefore, seenMaxBefore,
                learning);
    }

    /** The surprise of x − (the value one season before), or NaN when there is no such value. */
    private double seasonSurprise(double time, double x) {
        int capacity = pastTimes.length;
        if (capacity == 0 || Double.isNaN(time)) {
            return Double.NaN;
        }
        long index = seen - 1;
        pastTimes[(int) (index % capacity)] = time;
        pastValues[(int) (index % capacity)] = x;
        double season = settings.seasonHours() * 3600;
        double wanted = time - season;
        long oldest = Math.max(0, index - capacity + 1);
        if (lagIndex < oldest) {
            lagIndex = oldest - 1;
        }
        // the latest stored value at or before the wanted time; times never decrease, so the lag only moves on
        while (lagIndex + 1 < index && pastTimes[(int) ((lagIndex + 1) % capacity)] <= wanted) {
            lagIndex++;
        }
        if (lagIndex < oldest) {
            return Double.NaN;
        }
        double lagTime = pastTimes[(int) (lagIndex % capacity)];
        if (lagTime > wanted || wanted - lagTime > season * SEASON_TOLERANCE) {
            return Double.NaN;
        }
        double difference = x - pastValues[(int) (lagIndex % capacity)];
        double z = Double.NaN;
        if (seasonDifferences.size() >= Math.min(5, settings.recentWindow())) {
            z = Math.min(Math.abs(difference - seasonDifferences.mean()) / (seasonDifferences.deviation() + floor),
                    100);
        }
        seasonDifferences.add(difference);
        return z;
    }

    /**
     * Q(z) = P(Z > z) for a standard normal Z. Below 3: 1/2 − φ(z)·(z + z³/3 + z⁵/(3·5) + …), the Taylor series
     * of Φ, which converges everywhere; from 3 on: Laplace's continued fraction φ(z) / (z + 1/(z + 2/(z + 3/(z + …)))),
     * exact to double precision there, so that tails of 1e-12 are still right in relative terms.
     */
    static double upperTail(double z) {
        if (Double.isNaN(z)) {
            return 1;
        }
        if (z < 0) {
            return 1 - upperTail(-z);
        }
        double density = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
        if (z < 3) {
            double term = z;
            double sum = z;
            for (int k = 1; k < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); k++) {
                term *= z * z / (2 * k + 1);
                sum += term;
            }
            return Math.max(0, 0.5 - density * sum);
        }
        double fraction = z;
        for (int k = 80; k >= 1; k--) {
            fraction = z + k / fraction;
        }
        return density / fraction;
    }

    /** The last {@code capacity} values with their running sum and sum of squares. */
    private static final class Ring {
        private final double[] values;
        private int size;
        private int next;
        private double sum;
        private double squares;

        Ring(int capacity) {
            values = new double[capacity];
        }

        int size() {
            return size;
        }

        /** The value added {@code k} additions ago (1 = the latest); k at most size. */
        double ago(int k) {
            return values[(next - k + values.length) % values.length];
        }

        void add(double v) {
            if (size == values.length) {
                double old = values[next];
                sum -= old;
                squares -= old * old;
            } else {
                size++;
            }
            values[next] = v;
            next = (next + 1) % values.length;
            sum += v;
            squares += v * v;
            if (next == 0) {
                // once per turn, sum afresh: running sums of millions of values would drift
                sum = 0;
                squares = 0;
                for (double value : values) {
                    sum += value;
                    squares += value * value;
                }
            }
        }

        double mean() {
            return size == 0 ? 0 : sum / size;
        }

        double deviation() {
            if (size == 0) {
                return 0;
            }
            double m = sum / size;
            return Math.sqrt(Math.max(0, squares / size - m * m));
        }
    }
}
