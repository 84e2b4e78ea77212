package carbine.simulator.internal;

/**
 * A heater PID as printer firmware runs it: output clamped to 0..1, derivative on the smoothed measurement
 * (no kick when the target changes, no chatter from step-to-step changes), and the integral frozen while the
 * output is saturated so that a long heat-up does not wind it up into a large overshoot.
 */
final class Pid {
    private final double kp;
    private final double ki;
    private final double kd;
    private static final double SLOPE_SMOOTHING_SECONDS = 1.0;
    private double integral;
    private double smoothedSlope;
    private double previousMeasurement = Double.NaN;
    private double output;

    Pid(double kp, double ki, double kd) {
        this.kp = kp;
        this.ki = ki;
        this.kd = kd;
    }

    /**
     * @param target   °C; 0 or less switches the heater off
     * @param measured °C
     * @param seconds  time since the previous update
     * @return the heater duty, 0..1
     */
    double update(double target, double measured, double seconds) {
        if (target <= 0) {
            integral = 0;
            previousMeasurement = Double.NaN;
            smoothedSlope = 0;
            output = 0;
            return output;
        }
        double error = target - measured;
        double slope = Double.isNaN(previousMeasurement) ? 0 : (measured - previousMeasurement) / seconds;
        previousMeasurement = measured;
        smoothedSlope += (slope - smoothedSlope) * Math.min(1, seconds / SLOPE_SMOOTHING_SECONDS);
        double candidateIntegral = Math.max(0, integral + error * seconds);
        double raw = kp * error + ki * candidateIntegral - kd * smoothedSlope;
        output = Math.clamp(raw, 0.0, 1.0);
        if (raw == output) {
            integral = candidateIntegral;
        }
        return output;
    }

    double output() {
        return output;
    }
}
