package carbine.detector.iforest.internal;

import java.io.Serializable;

/**
 * The heater power normal operation needs to hold a target: {@code power ≈ meanPower + slope·(target − meanTarget)},
 * by least squares over the training window. When the window held one target only, the slope follows from
 * Newton's law of cooling instead (the power that holds a temperature is proportional to its excess over the
 * room), so that a new target is not mistaken for an anomaly before the next retraining.
 */
record PowerBaseline(double meanPower, double meanTarget, double slope) implements Serializable {
    /** Room temperature assumed for the heat loss, °C. */
    static final double ROOM_C = 25;

    static PowerBaseline fit(double[] power, double[] target) {
        int n = power.length;
        double mp = mean(power), mt = mean(target);
        double stt = 0, stp = 0;
        for (int i = 0; i < n; i++) {
            stt += (target[i] - mt) * (target[i] - mt);
            stp += (target[i] - mt) * (power[i] - mp);
        }
        double slope;
        if (stt > n) {
            // targets spread by more than about 1 °C: let the data speak
            slope = stp / stt;
        } else {
            slope = mt - ROOM_C > 10 ? mp / (mt - ROOM_C) : 0;
        }
        return new PowerBaseline(mp, mt, slope);
    }

    double expected(double target) {
        return meanPower + slope * (target - meanTarget);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
