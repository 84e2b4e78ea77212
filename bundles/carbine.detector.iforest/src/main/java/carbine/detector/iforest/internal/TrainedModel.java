package carbine.detector.iforest.internal;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A forest trained on a window of normal holding observations, with what is needed to use and explain it: the
 * features it uses (its layout), the power baseline, the median and spread of each feature in training, and the
 * threshold calibrated on the training scores. Immutable and {@link Serializable} (persisted by {@link ModelStore}).
 *
 * @param layout    the features the forest was trained on, in vector order
 * @param forest    Smile's trees as flat arrays (its scores bit for bit Smile's)
 * @param c         c(ψ), the average path length of the rows per tree, that normalises {@link #scoreIfAbove}
 * @param power     baseline for {@link Feature#POWER_RESIDUAL}; null when the layout has no power
 * @param median    per layout feature, the training median
 * @param spread    per layout feature, the training IQR / 1.349 (a robust standard deviation), at least
 *                  {@link Feature#minSpread}
 * @param threshold scores above it are anomalous: the {@code quantile} of the training scores times the margin
 */
record TrainedModel(int format, Instant trainedAt, List<Feature> layout, FlatForest forest, double c,
        PowerBaseline power, double[] median, double[] spread, double quantileScore, double threshold, int rows)
        implements Serializable {

    /**
     * Bumped when the serialized form changes incompatibly; older files are ignored and retrained. 4: the forest as
     * {@link FlatForest} instead of Smile's objects (a file of format 3 is refused by the class filter).
     */
    static final int FORMAT = 4;
    /** An optional feature group is used when at least this share of the window has it. */
    static final double GROUP_COVERAGE = 0.8;
    /** Fewer usable rows than this cannot describe normal. */
    static final int MIN_ROWS = 20;

    /**
     * Trains on the settled observations of a window. Chooses the layout (core features plus every optional group
     * present in at least {@value #GROUP_COVERAGE} of the observations) and learns from the observations that have
     * all of it.
     *
     * @throws IllegalArgumentException when fewer than {@value #MIN_ROWS} observations are usable
     */
    static TrainedModel train(List<Observation> window, Settings settings, Instant at) {
        List<Feature> layout = chooseLayout(window);
        List<Observation> usable = new ArrayList<>(window.size());
        for (Observation o : window) {
            if (hasAll(o, layout)) {
                usable.add(o);
            }
        }
        if (usable.size() < MIN_ROWS) {
            throw new IllegalArgumentException("only " + usable.size() + " of " + window.size()
                    + " observations have the features " + layout + "; at least " + MIN_ROWS + " are needed");
        }
        PowerBaseline power = layout.contains(Feature.POWER_RESIDUAL) ? fitPower(usable) : null;
        double[][] rows = new double[usable.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = project(usable.get(i), layout, power);
        }
        double[] median = new double[layout.size()];
        double[] spread = new double[layout.size()];
        for (int f = 0; f < layout.size(); f++) {
            double[] column = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                column[i] = rows[i][f];
            }
            median[f] = quantile(column, 0.5);
            double iqr = quantile(column, 0.75) - quantile(column, 0.25);
            spread[f] = Math.max(iqr / 1.349, layout.get(f).minSpread);
        }
        double[][] standardized = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            standardized[i] = standardize(rows[i], median, spread);
        }
        Forests.Grown grown = Forests.grow(standardized, settings.trees(), settings.sampleSize(), settings.seed());
        FlatForest forest = grown.forest();
        double[] scores = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            scores[i] = forest.score(standardized[i]);
        }
        double quantileScore = quantile(scores, settings.quantile());
        return new TrainedModel(FORMAT, at, List.copyOf(layout), forest, grown.c(), power, median, spread,
                quantileScore, quantileScore * settings.margin(), rows.length);
    }

    /** The observation as a vector in this model's layout, or null when it lacks one of the layout's features. */
    double[] vector(Observation o) {
        return hasAll(o, layout) ? project(o, layout, power) : null;
    }

    /** The forest's score for a vector of {@link #vector}: higher is more anomalous, about 0.4–0.5 is normal. */
    double score(double[] vector) {
        return forest.score(standardize(vector, median, spread));
    }

    /**
     * The score of a vector of {@link #vector} if it is above the threshold, else NaN: the same decision as
     * {@code score(v) > threshold()}, but a clearly normal vector is settled after part of the trees. The score
     * exceeds the threshold exactly when the trees' summed path length stays below T·c·log2(1/threshold), and
     * path lengths are never negative, so once the partial sum reaches that bound the remaining trees cannot
     * change the answer. (With the default forest a normal sample is settled after about two thirds of the trees.)
     */
    double scoreIfAbove(double[] vector) {
        double[] z = standardize(vector, median, spread);
        int trees = forest.size();
        double bound = trees * c * (-Math.log(threshold) / Math.log(2));
        double sum = 0;
        for (int t = 0; t < trees; t++) {
            sum += forest.path(t, z);
            if (sum >= bound) {
                return Double.NaN;
            }
        }
        double score = Math.pow(2, -(sum / trees) / c);
        return score > threshold ? score : Double.NaN;
    }

    /** Robust z-scores: the forest's cuts treat every feature alike only when their spreads are alike. */
    private static double[] standardize(double[] vector, double[] median, double[] spread) {
        double[] z = new double[vector.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = (vector[i] - median[i]) / spread[i];
        }
        return z;
    }

    /**
     * The features that deviate most from training, by robust z-score |x − median| / spread, largest first,
     * described for people (e.g. "nozzle 6.2 °C above its normal error").
     */
    List<String> explain(double[] vector, int top) {
        Integer[] order = new Integer[vector.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> -Math.abs(z(vector, i))));
        List<String> out = new ArrayList<>(top);
        for (int k = 0; k < Math.min(top, order.length); k++) {
            int i = order[k];
            out.add(layout.get(i).describe(vector[i] - median[i]) + " (z " + Fmt.fixed(z(vector, i), 1) + ")");
        }
        return out;
    }

    private double z(double[] vector, int i) {
        return (vector[i] - median[i]) / spread[i];
    }

    private static List<Feature> chooseLayout(List<Observation> window) {
        Set<Feature.Group> groups = EnumSet.noneOf(Feature.Group.class);
        if (!window.isEmpty() && window.get(0).has(Feature.Group.SIGNAL)) {
            groups.add(Feature.Group.SIGNAL); // signal mode: the generic features only
        } else {
            groups.add(Feature.Group.CORE);
            for (Feature.Group g : List.of(Feature.Group.POWER, Feature.Group.BED, Feature.Group.FAN)) {
                long with = window.stream().filter(o -> o.has(g)).count();
                if (with >= GROUP_COVERAGE * window.size()) {
                    groups.add(g);
                }
            }
        }
        List<Feature> layout = new ArrayList<>();
        for (Feature f : Feature.ALL) {
            if (groups.contains(f.group)) {
                layout.add(f);
            }
        }
        return layout;
    }

    private static boolean hasAll(Observation o, List<Feature> layout) {
        for (Feature f : layout) {
            if (!o.has(f)) {
                return false;
            }
        }
        return true;
    }

    private static double[] project(Observation o, List<Feature> layout, PowerBaseline power) {
        double[] v = new double[layout.size()];
        for (int i = 0; i < v.length; i++) {
            Feature f = layout.get(i);
            v[i] = f == Feature.POWER_RESIDUAL
                    ? o.power() - power.expected(o.target())
                    : o.get(f);
        }
        return v;
    }

    private static PowerBaseline fitPower(List<Observation> usable) {
        int n = usable.size();
        double[] p = new double[n], t = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = usable.get(i).power();
            t[i] = usable.get(i).target();
        }
        return PowerBaseline.fit(p, t);
    }

    /** The q-quantile by the nearest-rank method. */
    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    @Override
    public String toString() {
        return "TrainedModel[" + rows + " rows, features " + layout + ", threshold " + Fmt.fixed(threshold, 4)
                + " (quantile score " + Fmt.fixed(quantileScore, 4) + "), trained at " + trainedAt + "]";
    }
}
