package org.example.carbine.cusum;

import java.util.Arrays;

/**
 * A printer's usual temperature error while holding, learned robustly: the median, and the median absolute
 * deviation scaled to a Gaussian sigma (1.4826 x MAD). A few outliers in the learning window barely move them.
 *
 * @param levelC the usual error (actual - target), °C
 * @param sigmaC the spread of the error, °C, never below the configured minimum
 */
record RobustBaseline(double levelC, double sigmaC) {
    private static final double MAD_TO_SIGMA = 1.4826;

    static RobustBaseline learn(double[] errorsC, double minSigmaC) {
        double median = median(errorsC);
        double[] deviations = new double[errorsC.length];
        for (int i = 0; i < errorsC.length; i++) {
            deviations[i] = Math.abs(errorsC[i] - median);
        }
        double sigma = MAD_TO_SIGMA * median(deviations);
        return new RobustBaseline(median, Math.max(sigma, minSigmaC));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
