package org.example.carbine.cusum;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import carbine.api.detector.Finding;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * Feeds one printer's samples to an engine, one per second of event time, and records what came back.
 * The noise is seeded, so every run sees the same readings.
 */
final class PrinterFeed {
    static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

    private final CusumEngine engine;
    private final String printerId;
    private final Random random;
    private final double noiseC;
    private Instant time = START;
    private final List<List<Finding>> results = new ArrayList<>();

    PrinterFeed(CusumEngine engine, String printerId, long seed, double noiseC) {
        this.engine = engine;
        this.printerId = printerId;
        this.random = new Random(seed);
        this.noiseC = noiseC;
    }

    /** One sample with the nozzle at {@code target + errorC} plus noise; returns the findings. */
    List<Finding> holding(double target, double errorC) {
        return send(TelemetrySample.builder(printerId, time, PrinterState.PRINTING)
                .nozzle(target + errorC + noiseC * random.nextGaussian(), target).build());
    }

    /** {@code count} samples holding {@code target} with a constant error; returns how many had a finding. */
    int holding(double target, double errorC, int count) {
        int withFinding = 0;
        for (int i = 0; i < count; i++) {
            if (!holding(target, errorC).isEmpty()) {
                withFinding++;
            }
        }
        return withFinding;
    }

    /**
     * Holds with the given error until the first finding; returns how many samples that took, or -1 if none
     * came within {@code limit}.
     */
    int samplesUntilFinding(double target, double errorC, int limit) {
        for (int i = 1; i <= limit; i++) {
            if (!holding(target, errorC).isEmpty()) {
                return i;
            }
        }
        return -1;
    }

    /** Holds with the given error until no finding is returned; returns how many samples that took, or -1. */
    int samplesUntilClear(double target, double errorC, int limit) {
        for (int i = 1; i <= limit; i++) {
            if (holding(target, errorC).isEmpty()) {
                return i;
            }
        }
        return -1;
    }

    /** Learning and settling done: enough holding samples at error 0 for the defaults. */
    void warmUp(double target) {
        CusumParameters p = engine.parameters();
        holding(target, 0, (int) p.settleSeconds() + p.learnSamples() + 1);
    }

    /** A sample built by the caller at the current event time. */
    List<Finding> send(TelemetrySample.Builder sample) {
        return send(sample.printerId(printerId).time(time).build());
    }

    private List<Finding> send(TelemetrySample sample) {
        List<Finding> findings = engine.judge(sample);
        results.add(findings);
        time = time.plus(Duration.ofSeconds(1));
        return findings;
    }

    Instant time() {
        return time;
    }

    double noise() {
        return noiseC * random.nextGaussian();
    }

    /** How many samples so far had at least one finding. */
    long samplesWithFindings() {
        return results.stream().filter(f -> !f.isEmpty()).count();
    }

    int samplesSent() {
        return results.size();
    }
}
