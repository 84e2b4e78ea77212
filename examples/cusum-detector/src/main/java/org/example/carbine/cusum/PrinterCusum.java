package org.example.carbine.cusum;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import carbine.api.alert.Severity;
import carbine.api.detector.Finding;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * What the detector remembers about one printer: where the nozzle is in its heat cycle, the learned baseline
 * and the CUSUM. Memory is bounded: a learning buffer of {@code learnSamples} numbers, dropped once learned.
 *
 * <pre>
 *   target set ──▶ approaching ──(within 2 °C)──▶ settling ──(settleSeconds)──▶ learning ──(N samples)──▶ judging
 *        ▲                                                                                                  │
 *        └──────────────── new target, heater off, state ERROR/OFFLINE: start again ◀───────────────────────┘
 * </pre>
 * A change of state (PRINTING to PAUSED and back) or a step of the part-fan command shifts the heat balance
 * for a while even on a healthy printer: judging (or learning) pauses for {@code settleSeconds} and the CUSUM
 * restarts from zero, but the learned baseline is kept.
 */
final class PrinterCusum {
    static final String KIND = "TEMPERATURE_SHIFT";
    /** The nozzle has reached its target when within this many °C (firmware's "target reached"). */
    static final double REACHED_WITHIN_C = 2.0;
    /** A part-fan step at least this large (0..1) disturbs the heat balance: the PID needs time to settle. */
    static final double FAN_STEP = 0.25;

    private final CusumParameters parameters;

    private Double target;
    private Instant reachedAt;
    private Instant disturbedAt;
    private PrinterState lastState;
    private Double lastFanSpeed;
    private double[] learning;
    private int learned;
    private RobustBaseline baseline;
    private TwoSidedCusum cusum;

    PrinterCusum(CusumParameters parameters) {
        this.parameters = parameters;
    }

    /** Judges the next sample of this printer (samples arrive in event-time order, never concurrently). */
    synchronized List<Finding> judge(TelemetrySample sample) {
        Double actual = sample.nozzleActual();
        Double newTarget = sample.nozzleTarget();
        if (sample.state() == PrinterState.ERROR || sample.state() == PrinterState.OFFLINE) {
            startOver(null);
            return List.of();
        }
        if (actual == null || newTarget == null) {
            // the printer did not report the nozzle this time: nothing to learn from, the verdict stands
            return currentFinding();
        }
        if (newTarget <= 0) {
            startOver(null);
            return List.of();
        }
        if (!newTarget.equals(target)) {
            startOver(newTarget);
        }
        double errorC = actual - newTarget;
        if (reachedAt == null) {
            if (Math.abs(errorC) > REACHED_WITHIN_C) {
                return List.of();
            }
            reachedAt = sample.time();
        }
        if (disturbed(sample)) {
            // a known step in the heat balance, not a fault: let the PID settle, keep what was learned
            disturbedAt = sample.time();
            if (cusum != null) {
                cusum = new TwoSidedCusum(parameters.k(), parameters.h());
            }
        }
        if (settling(reachedAt, sample.time()) || (disturbedAt != null && settling(disturbedAt, sample.time()))) {
            return List.of();
        }
        if (baseline == null) {
            learn(errorC);
            return List.of();
        }
        double deviationC = errorC - baseline.levelC();
        cusum.update(deviationC / baseline.sigmaC(), deviationC, sample.time());
        return currentFinding();
    }

    /** True when the state or the part-fan command changed since the previous sample. */
    private boolean disturbed(TelemetrySample sample) {
        boolean stateChanged = lastState != null && lastState != sample.state();
        boolean fanStepped = lastFanSpeed != null && sample.fanSpeed() != null
                && Math.abs(sample.fanSpeed() - lastFanSpeed) >= FAN_STEP;
        lastState = sample.state();
        if (sample.fanSpeed() != null) {
            lastFanSpeed = sample.fanSpeed();
        }
        return stateChanged || fanStepped;
    }

    private boolean settling(Instant since, Instant now) {
        return Duration.between(since, now).toMillis() < parameters.settleSeconds() * 1000;
    }

    /** The baseline learned since the nozzle last reached its target, or null while still learning. */
    synchronized RobustBaseline baseline() {
        return baseline;
    }

    private void learn(double errorC) {
        if (learning == null) {
            learning = new double[parameters.learnSamples()];
        }
        learning[learned++] = errorC;
        if (learned == learning.length) {
            baseline = RobustBaseline.learn(learning, parameters.minSigmaC());
            cusum = new TwoSidedCusum(parameters.k(), parameters.h());
            learning = null;
        }
    }

    private void startOver(Double newTarget) {
        target = newTarget;
        reachedAt = null;
        disturbedAt = null;
        learning = null;
        learned = 0;
        baseline = null;
        cusum = null;
    }

    private List<Finding> currentFinding() {
        TwoSidedCusum.Side alarm = cusum == null ? null : cusum.alarm();
        if (alarm == null) {
            return List.of();
        }
        String message = String.format(Locale.ROOT,
                "nozzle temperature shifted %s by %.1f °C since %s: error %+.1f °C at target %.1f °C, usually "
                        + "%+.1f °C (sigma %.2f °C); CUSUM %.1f > h %.1f",
                alarm.upward() ? "up" : "down", Math.abs(alarm.estimatedShiftC()), alarm.since(),
                baseline.levelC() + alarm.estimatedShiftC(), target, baseline.levelC(), baseline.sigmaC(),
                alarm.statistic(), parameters.h());
        return List.of(new Finding(KIND, Severity.WARNING, message, alarm.statistic()));
    }
}
