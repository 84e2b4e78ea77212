package carbine.health.internal;

import java.util.Arrays;

/**
 * The Theil–Sen line: the slope is the median of the slopes between all pairs of points, the intercept the median
 * of {@code y − slope·x}. Up to ~29 % of the points can be wild without moving it, unlike least squares.
 *
 * <p>The band is Sen's (1968) distribution-free confidence interval of the slope, as given by Gilbert, <i>Statistical
 * Methods for Environmental Pollution Monitoring</i> (1987), §16.5: with N pairwise slopes in ascending order and
 * {@code C = z·√(n(n−1)(2n+5)/18)}, the limits are the slopes of rank {@code M1 = (N − C)/2} and {@code M2 + 1} with
 * {@code M2 = (N + C)/2} (ties in x are skipped; ties in y are ignored in the variance, which only widens nothing
 * for our daily values).
 */
final class TheilSen {
    private TheilSen() {}

    /**
     * @param slope      median pairwise slope (y units per x unit)
     * @param intercept  median of y − slope·x
     * @param slopeLow   lower limit of the slope's band
     * @param slopeHigh  upper limit of the slope's band
     * @param points     how many points were fitted
     */
    record Line(double slope, double intercept, double slopeLow, double slopeHigh, int points) {
        double at(double x) {
            return intercept + slope * x;
        }
    }

    /**
     * Fits x, y (same length, at least 2 points with different x).
     *
     * @param confidence two-sided confidence of the slope's band, e.g. 0.9
     */
    static Line fit(double[] x, double[] y, double confidence) {
        int n = x.length;
        if (y.length != n) {
            throw new IllegalArgumentException("x and y differ in length: " + n + " and " + y.length);
        }
        double[] slopes = new double[n * (n - 1) / 2];
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (x[j] != x[i]) {
                    slopes[count++] = (y[j] - y[i]) / (x[j] - x[i]);
                }
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("a line needs two points with different x");
        }
        Arrays.sort(slopes, 0, count);
        double slope = median(slopes, count);
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) {
            residuals[i] = y[i] - slope * x[i];
        }
        Arrays.sort(residuals);
        double intercept = median(residuals, n);

        double c = normalQuantile(0.5 + confidence / 2) * Math.sqrt(n * (n - 1.0) * (2 * n + 5) / 18);
        double m1 = (count - c) / 2;
        double m2 = (count + c) / 2;
        // ranks are 1-based: the M1-th smallest and the (M2 + 1)-th smallest, rounded to the nearest rank
        int low = (int) Math.clamp(Math.round(m1) - 1, 0, count - 1);
        int high = (int) Math.clamp(Math.round(m2), 0, count - 1);
        return new Line(slope, intercept, Math.min(slopes[low], slope), Math.max(slopes[high], slope), n);
    }

    private static double median(double[] sorted, int count) {
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    }

    /**
     * The standard normal quantile, Acklam's rational approximation (relative error below 1.2e-9), good enough for
     * a band's width.
     */
    static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1): " + p);
        }
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            return -normalQuantile(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
