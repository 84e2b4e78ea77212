package carbine.detector.iforest.internal;

import java.util.ArrayList;
import java.util.List;

import smile.anomaly.IsolationTree;
import smile.math.MathEx;
import smile.stat.distribution.GaussianDistribution;

/**
 * Grows Smile isolation forests repeatably. Smile 4.4's {@code IsolationForest.fit} grows its trees in a
 * parallel stream on the common fork-join pool, where {@code MathEx}'s thread-local generators are not the one
 * {@code MathEx.setSeed} seeds, so its forests differ from run to run. This does what {@code fit} does
 * (per tree a random sample of the rows without replacement, extension level d − 1, i.e. cuts at random
 * slopes), but with ψ = {@code sampleSize} rows per tree (256 as Liu et al. and scikit-learn), height limit
 * log2(ψ) and scores normalised by c(ψ), on the calling thread after seeding it (see {@link #seed}): the same rows and seed give the same
 * forest, and training does not compete for the common pool.
 *
 * <p>The rows must be standardized (comparable spreads): a slanted cut is dominated by the feature with the
 * largest numbers. With axis-parallel cuts (extension level 0) a point far out on one feature among several
 * scores hardly above the training edge; with slanted cuts on standardized features it stands out (measured on
 * 7 standard normal features: in-sample 99.5 % quantile 0.555, a point 10 spreads out on one feature 0.67).
 */
final class Forests {
    private Forests() {}

    /**
     * The trees as grown, copied into flat arrays (scores bit for bit Smile's {@code IsolationForest} of them), and
     * c(ψ), the normalising average path length.
     */
    record Grown(FlatForest forest, double c) {}

    /** Smile's {@code IsolationForest.factor} (package-private there): the average path length c(n) of n rows. */
    static double averagePathLength(int n) {
        return 2 * (Math.log(n - 1) + 0.5772156649) - 2.0 * (n - 1) / n;
    }

    static Grown grow(double[][] rows, int trees, int sampleSize, long seed) {
        int perTree = rowsPerTree(rows.length, sampleSize);
        FlatForest forest = FlatForest.of(growTrees(rows, trees, sampleSize, seed), perTree, rows[0].length);
        // path lengths normalised by c(ψ), the rows a tree saw, not by the window (what Smile's fit does): the
        // scores then mean what Liu et al.'s mean, about 0.5 for normal rows and towards 1 for isolated ones
        return new Grown(forest, averagePathLength(perTree));
    }

    static int rowsPerTree(int rows, int sampleSize) {
        return Math.max(2, Math.min(sampleSize, rows));
    }

    /** Smile's trees, grown repeatably; scored as Smile's {@code new IsolationForest(rowsPerTree, d − 1, trees)}. */
    static IsolationTree[] growTrees(double[][] rows, int trees, int sampleSize, long seed) {
        int n = rows.length;
        int extensionLevel = rows[0].length - 1;
        int perTree = rowsPerTree(n, sampleSize);
        // height limit log2(ψ) as Liu et al.: deeper trees only describe normal in detail
        int maxDepth = Math.max(1, (int) Math.ceil(MathEx.log2(perTree)));
        seed(seed);
        IsolationTree[] forest = new IsolationTree[trees];
        for (int t = 0; t < trees; t++) {
            int[] order = MathEx.permutate(n);
            List<double[]> sample = new ArrayList<>(perTree);
            for (int i = 0; i < perTree; i++) {
                sample.add(rows[order[i % n]]);
            }
            forest[t] = new IsolationTree(sample, maxDepth, extensionLevel);
        }
        return forest;
    }

    /**
     * Seeds this thread's generator and empties the cache of Smile's shared Gaussian generator. The trees draw
     * their random slopes from {@code GaussianDistribution.getInstance()}, a Box–Muller generator that keeps every
     * second value for the next call: whether one is kept depends on earlier trainings (with an odd number of
     * features), so it is brought to "nothing kept" first. Only this bundle's training thread uses it.
     */
    private static void seed(long seed) {
        MathEx.setSeed(seed);
        double firstUniform = MathEx.random();
        MathEx.setSeed(seed);
        GaussianDistribution gaussian = GaussianDistribution.getInstance();
        gaussian.rand();
        if (MathEx.random() != firstUniform) {
            // it drew a new pair and kept one: take that one too
            gaussian.rand();
        }
        MathEx.setSeed(seed);
    }
}
