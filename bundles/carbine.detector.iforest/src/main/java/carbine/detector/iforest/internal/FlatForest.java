package carbine.detector.iforest.internal;

import java.io.Serializable;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import smile.anomaly.IsolationTree;

/**
 * Smile isolation trees copied into a few primitive arrays, scored by the same arithmetic, so that path lengths
 * and scores are bit for bit Smile's ({@code IsolationTree.path}, {@code IsolationForest.score}; proven by
 * {@code FlatForestTest}). Smile keeps one object per node with two arrays of its own (the cut's normal vector and
 * a point on the cut, of which only their dot product, the bias, is needed to judge): with 7 features, 100 trees of
 * 256 rows about 1.8 MB per model; this about 0.55 MB, and a model file of this is half the size of Smile's.
 *
 * <p>Nodes are referred to by an int: {@code k >= 0} is internal node k, whose cut is the block
 * {@code cuts[k·(d+1) .. k·(d+1)+d]} (the d slopes, then the bias) and whose children are {@code left[k]},
 * {@code right[k]}; {@code k < 0} is a leaf, whose path length (depth plus c of the rows it kept) is
 * {@code leaves[~k]}: leaves of the same path length share it (a forest has a few hundred different ones for
 * over 7,000 leaves). Immutable and {@link Serializable} (only primitive arrays).
 */
final class FlatForest implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Features per row (the cut's dimension). */
    private final int dimension;
    /** Per tree, its root. */
    private final int[] roots;
    private final double[] cuts;
    private final int[] left;
    private final int[] right;
    /** The different path lengths of the leaves. */
    private final double[] leaves;
    /** Smile's normaliser of the mean path length, {@code IsolationForest.factor(n)} of the rows per tree. */
    private final double c;

    private FlatForest(int dimension, int[] roots, double[] cuts, int[] left, int[] right, double[] leaves,
            double c) {
        this.dimension = dimension;
        this.roots = roots;
        this.cuts = cuts;
        this.left = left;
        this.right = right;
        this.leaves = leaves;
        this.c = c;
    }

    /** Smile's {@code IsolationForest.factor(n)} (package-private there), the same expression. */
    static double smileFactor(int n) {
        return 2.0 * ((Math.log(n - 1) + 0.5772156649) - (n - 1.0) / n);
    }

    /**
     * Copies Smile's trees, grown on {@code rowsPerTree} rows of {@code dimension} features each; scores are then
     * those of Smile's {@code new IsolationForest(rowsPerTree, extensionLevel, trees)}.
     */
    static FlatForest of(IsolationTree[] trees, int rowsPerTree, int dimension) {
        Builder b = new Builder(dimension);
        int[] roots = new int[trees.length];
        for (int t = 0; t < trees.length; t++) {
            roots[t] = b.copy(SmileNodes.root(trees[t]));
        }
        return new FlatForest(dimension, roots, Arrays.copyOf(b.cuts, b.internal * (dimension + 1)),
                Arrays.copyOf(b.left, b.internal), Arrays.copyOf(b.right, b.internal),
                Arrays.copyOf(b.leaves, b.leafCount), smileFactor(rowsPerTree));
    }

    int size() {
        return roots.length;
    }

    /** Tree {@code t}'s path length of {@code x}: Smile's {@code IsolationTree.path}. */
    double path(int t, double[] x) {
        int node = roots[t];
        int d = dimension;
        while (node >= 0) {
            int at = node * (d + 1);
            // MathEx.dot(x, slope): the same products summed in the same order from 0.0
            double dot = 0.0;
            for (int i = 0; i < d; i++) {
                dot += x[i] * cuts[at + i];
            }
            node = dot < cuts[at + d] ? left[node] : right[node];
        }
        return leaves[~node];
    }

    /** Smile's {@code IsolationForest.score}: 2^(−mean path length / c). */
    double score(double[] x) {
        double length = 0.0;
        for (int t = 0; t < roots.length; t++) {
            length += path(t, x);
        }
        length /= roots.length;
        return Math.pow(2.0, -length / c);
    }

    private static final class Builder {
        final int dimension;
        double[] cuts = new double[1024];
        int[] left = new int[128];
        int[] right = new int[128];
        double[] leaves = new double[128];
        /** Raw bits of a path length to its index in {@code leaves}. */
        final Map<Long, Integer> leafIndex = new HashMap<>();
        int internal;
        int leafCount;

        Builder(int dimension) {
            this.dimension = dimension;
        }

        /** Copies a Smile node and its subtree (pre-order); returns its reference. */
        int copy(Object node) {
            if (SmileNodes.isLeaf(node)) {
                double depth = SmileNodes.depth(node);
                int index = leafIndex.computeIfAbsent(Double.doubleToRawLongBits(depth), bits -> {
                    if (leafCount == leaves.length) {
                        leaves = Arrays.copyOf(leaves, leafCount * 2);
                    }
                    leaves[leafCount] = depth;
                    return leafCount++;
                });
                return ~index;
            }
            int k = internal++;
            if (k == left.length) {
                left = Arrays.copyOf(left, k * 2);
                right = Arrays.copyOf(right, k * 2);
            }
            int width = dimension + 1;
            if ((k + 1) * width > cuts.length) {
                cuts = Arrays.copyOf(cuts, Math.max(cuts.length * 2, (k + 1) * width));
            }
            double[] slope = SmileNodes.slope(node);
            if (slope.length != dimension) {
                throw new IllegalArgumentException("a cut of " + slope.length + " features, expected " + dimension);
            }
            System.arraycopy(slope, 0, cuts, k * width, dimension);
            cuts[k * width + dimension] = SmileNodes.bias(node);
            int l = copy(SmileNodes.left(node));
            int r = copy(SmileNodes.right(node));
            left[k] = l;
            right[k] = r;
            return k;
        }
    }

    /**
     * Reads Smile 4.4's tree nodes (its fields are private or package-private: {@code IsolationTree.root},
     * {@code IsolationTree.Node.{depth, slope, bias, left, right}}), once per node when a forest is copied.
     * A Smile whose fields differ fails here, at training, loudly (and {@code FlatForestTest} fails).
     */
    private static final class SmileNodes {
        private static final Field ROOT;
        private static final Field DEPTH;
        private static final Field SLOPE;
        private static final Field BIAS;
        private static final Field LEFT;
        private static final Field RIGHT;

        static {
            try {
                ROOT = accessible(IsolationTree.class.getDeclaredField("root"));
                Class<?> node = ROOT.getType();
                DEPTH = accessible(node.getDeclaredField("depth"));
                SLOPE = accessible(node.getDeclaredField("slope"));
                BIAS = accessible(node.getDeclaredField("bias"));
                LEFT = accessible(node.getDeclaredField("left"));
                RIGHT = accessible(node.getDeclaredField("right"));
            } catch (NoSuchFieldException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private static Field accessible(Field f) {
            f.setAccessible(true);
            return f;
        }

        static Object root(IsolationTree tree) {
            return get(ROOT, tree);
        }

        /** Smile's {@code Node.path}: a leaf has no children. */
        static boolean isLeaf(Object node) {
            return get(LEFT, node) == null && get(RIGHT, node) == null;
        }

        static double depth(Object node) {
            try {
                return DEPTH.getDouble(node);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        static double bias(Object node) {
            try {
                return BIAS.getDouble(node);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        static double[] slope(Object node) {
            return (double[]) get(SLOPE, node);
        }

        static Object left(Object node) {
            return get(LEFT, node);
        }

        static Object right(Object node) {
            return get(RIGHT, node);
        }

        private static Object get(Field f, Object o) {
            try {
                return f.get(o);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
