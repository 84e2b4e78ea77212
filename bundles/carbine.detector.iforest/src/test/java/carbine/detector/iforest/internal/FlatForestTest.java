package carbine.detector.iforest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

import smile.anomaly.IsolationForest;
import smile.anomaly.IsolationTree;

class FlatForestTest {
    /** Rows of {@code d} features, standard normal with one skewed and one nearly constant column. */
    private static double[][] rows(Random random, int n, int d) {
        double[][] rows = new double[n][d];
        for (double[] row : rows) {
            for (int f = 0; f < d; f++) {
                row[f] = random.nextGaussian();
            }
            row[0] = Math.exp(row[0]);
            row[d - 1] = Math.round(row[d - 1] * 2) / 2.0;
        }
        return rows;
    }

    /** Points near, at and far from the rows, on one feature or all, and exact training rows. */
    private static double[] point(Random random, double[][] rows, int i) {
        int d = rows[0].length;
        return switch (i % 5) {
            case 0 -> rows[random.nextInt(rows.length)].clone();
            case 1 -> {
                double[] x = rows[random.nextInt(rows.length)].clone();
                x[random.nextInt(d)] += random.nextGaussian() * 20;
                yield x;
            }
            case 2 -> {
                double[] x = new double[d];
                for (int f = 0; f < d; f++) {
                    x[f] = random.nextGaussian() * (1 + i % 7);
                }
                yield x;
            }
            case 3 -> {
                double[] x = rows[random.nextInt(rows.length)].clone();
                x[random.nextInt(d)] = -0.0;
                yield x;
            }
            default -> {
                double[] x = new double[d];
                x[random.nextInt(d)] = random.nextBoolean() ? 1e300 : -1e-300;
                yield x;
            }
        };
    }

    @Test
    void pathsAndScoresAreBitForBitSmiles() {
        int compared = 0;
        // (seed, rows, features, trees, sample size): the defaults, a small window, core features only, signal mode
        long[][] cases = { { 42, 2000, 7, 100, 256 }, { 7, 300, 7, 50, 256 }, { 43, 1500, 4, 100, 256 },
                { -5, 800, 4, 30, 64 }, { 1234567, 200, 5, 20, 1000 }, { 42, 60, 1, 10, 256 } };
        for (long[] c : cases) {
            long seed = c[0];
            int n = (int) c[1], d = (int) c[2], trees = (int) c[3], sampleSize = (int) c[4];
            Random random = new Random(seed);
            double[][] rows = rows(random, n, d);
            IsolationTree[] smileTrees = Forests.growTrees(rows, trees, sampleSize, seed);
            int perTree = Forests.rowsPerTree(n, sampleSize);
            IsolationForest smile = new IsolationForest(perTree, d - 1, smileTrees);
            FlatForest flat = FlatForest.of(smileTrees, perTree, d);

            assertThat(flat.size()).isEqualTo(trees);
            for (int i = 0; i < 2000; i++) {
                double[] x = point(random, rows, i);
                for (int t = 0; t < trees; t++) {
                    assertThat(Double.doubleToRawLongBits(flat.path(t, x)))
                            .as("seed %d tree %d point %d", seed, t, i)
                            .isEqualTo(Double.doubleToRawLongBits(smileTrees[t].path(x)));
                }
                assertThat(Double.doubleToRawLongBits(flat.score(x))).as("seed %d point %d", seed, i)
                        .isEqualTo(Double.doubleToRawLongBits(smile.score(x)));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(6 * 2000);
    }

    @Test
    void theForestGrownForAModelIsTheFlatCopyOfSmilesTrees() {
        double[][] rows = rows(new Random(3), 2000, 7);
        Forests.Grown grown = Forests.grow(rows, 100, 256, 42);
        IsolationForest smile = new IsolationForest(256, 6, Forests.growTrees(rows, 100, 256, 42));

        Random random = new Random(4);
        for (int i = 0; i < 1000; i++) {
            double[] x = point(random, rows, i);
            assertThat(grown.forest().score(x)).isEqualTo(smile.score(x));
        }
    }
}
