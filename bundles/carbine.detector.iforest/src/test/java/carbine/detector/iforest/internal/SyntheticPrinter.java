package carbine.detector.iforest.internal;

import java.time.Instant;
import java.util.Random;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * A simulated printer for tests, one sample per second of event time: a hotend heated by a PI controller
 * (holds 210 °C at power ≈ 0.4, heats from room temperature in about 90 s), thermistor noise, a bed holding
 * 60 °C and a part fan at full command. A drift can be switched on: the reported nozzle climbs while the heater
 * power falls.
 */
final class SyntheticPrinter {
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    static final double ROOM_C = 25;
    /** °C/s at full power, and the loss rate that makes power 0.4 hold 210 °C. */
    private static final double GAIN = 2.5;
    private static final double LOSS = GAIN * 0.4 / (210 - ROOM_C);
    private static final double KP = 0.08;
    private static final double KI = 0.004;

    final String id;
    private final Random random;
    private double nozzle;
    private double integral;
    private double target;
    private long second;
    private PrinterState state = PrinterState.PRINTING;
    boolean withPower = true;
    boolean withBed = true;
    boolean withFan = true;
    /** Drift: added to the reported nozzle per second, and taken off the reported power per second. */
    private double driftCPerSecond;
    private double driftPowerPerSecond;
    private double drift;
    private double powerDrift;

    /** A printer already holding {@code target}. */
    static SyntheticPrinter holding(String id, long seed, double target) {
        SyntheticPrinter p = new SyntheticPrinter(id, seed, target);
        p.target = target;
        p.integral = LOSS * (target - ROOM_C) / GAIN;
        return p;
    }

    /** A cold printer whose heater is off. */
    static SyntheticPrinter cold(String id, long seed) {
        return new SyntheticPrinter(id, seed, ROOM_C);
    }

    private SyntheticPrinter(String id, long seed, double nozzle) {
        this.id = id;
        this.random = new Random(seed);
        this.nozzle = nozzle;
    }

    SyntheticPrinter target(double t) {
        target = t;
        return this;
    }

    SyntheticPrinter state(PrinterState s) {
        state = s;
        return this;
    }

    SyntheticPrinter drift(double cPerSecond, double powerPerSecond) {
        driftCPerSecond = cPerSecond;
        driftPowerPerSecond = powerPerSecond;
        return this;
    }

    /** How far the reported nozzle has drifted, °C. */
    double drift() {
        return drift;
    }

    Instant now() {
        return T0.plusSeconds(second);
    }

    /** The next sample; event time advances one second. */
    TelemetrySample next() {
        double measured = nozzle + random.nextGaussian() * 0.25;
        double power = 0;
        if (target > 0) {
            double error = target - measured;
            if (Math.abs(error) < 15) {
                integral = clamp(integral + KI * error);
            }
            power = clamp(KP * error + integral);
        }
        nozzle += GAIN * power - LOSS * (nozzle - ROOM_C);
        drift += driftCPerSecond;
        powerDrift += driftPowerPerSecond;
        TelemetrySample.Builder b = TelemetrySample.builder(id, T0.plusSeconds(second++), state)
                .nozzle(round(measured + drift), target);
        if (withPower) {
            b.heaterPower(round(clamp(power - powerDrift)));
        }
        if (withBed) {
            b.bed(round(60 + random.nextGaussian() * 0.2), 60.0);
        }
        if (withFan) {
            b.fan(1.0, round(5000 + random.nextGaussian() * 60));
        }
        return b.build();
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
