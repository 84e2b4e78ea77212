package carbine.simulator.internal;

import java.time.Instant;
import java.util.SplittableRandom;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * The physics of one FDM printer, advanced in simulated time by fixed steps of {@value #STEP_SECONDS} s.
 *
 * <p>Hotend and bed are first-order thermal masses ({@code C·dT/dt = P·Pmax − k·(T − ambient) − fan
 * cooling}) driven by their own PID. The part fan spins up towards its command; melting filament costs the
 * hotend a little heat while it flows. A {@link Scenario} injects its fault during the ANOMALY phase.
 *
 * <p>Deterministic: the same seed and the same simulated time give the same sample, however often the model
 * was read in between, because the sensor noise of each step comes from a generator seeded by (seed, step).
 * Not thread-safe by itself: {@link SimulatedPrinterDriver} serialises access.
 */
final class PrinterModel {
    static final double STEP_SECONDS = 0.1;
    static final double AMBIENT_CELSIUS = 25;

    // A typical current hotend: a ~12 J/K heater block with a 60 W cartridge. It reaches 210 °C from cold in
    // about 45 s (so that, with the default 60 s phases, it already holds its target when an anomaly begins)
    // and holds it at roughly 40 % power with the part fan on.
    private static final double HOTEND_CAPACITY = 12;
    private static final double HOTEND_LOSS = 0.10;
    private static final double HOTEND_FAN_LOSS = 0.02;
    private static final double HOTEND_MAX_WATTS = 60;
    // Melting PLA at ~5 mm³/s takes about 2 W.
    private static final double MELT_WATTS = 2;
    /** Below this the filament (PLA) does not melt, so it neither flows nor takes heat. */
    private static final double MELT_CELSIUS = 170;

    // A 235 mm aluminium bed with a steel sheet and a 150 W heater: 25 → 60 °C in about 2.5 minutes.
    private static final double BED_CAPACITY = 520;
    private static final double BED_LOSS = 1.5;
    private static final double BED_MAX_WATTS = 150;

    // An enclosed printer's chamber, warmed by its bed only (no chamber heater): about 300 J/K of air and panels,
    // losing 2 W/K to the room and taking 1.2 W/K from the bed, so a 60 °C bed settles it near 39 °C.
    private static final double CHAMBER_CAPACITY = 300;
    private static final double CHAMBER_LOSS = 2;
    private static final double CHAMBER_FROM_BED = 1.2;
    // The controller board: 15 °C above the chamber (or the room), a few degrees more while the steppers run.
    private static final double MCU_ABOVE_CELSIUS = 15;
    private static final double MCU_PRINTING_CELSIUS = 4;
    /** Filament fed per step of extrusion, mm: ~5 mm³/s of 1.75 mm filament (2.4 mm²) is ~2 mm/s. */
    private static final double FILAMENT_MM_PER_STEP = 0.2;
    /** Layers of the simulated job. */
    static final int JOB_LAYERS = 250;

    private static final double SENSOR_NOISE_CELSIUS = 0.3;
    private static final double RPM_NOISE = 30;
    /** A print starts extruding once the nozzle is this close to its target (like M109). */
    private static final double READY_BAND_CELSIUS = 2;
    /** A job takes this many phase lengths of extrusion, so that it is still running when the fault ends it. */
    private static final double JOB_PHASES = 3;

    // The overheat leak is shaped so that the nozzle climbs along a ramp to target + rise, whatever the phase
    // length; its strength itself grows with the fault, so it starts small.
    private static final double OVERHEAT_TRACKING_SECONDS = 5;
    private static final double OVERHEAT_MAX_LEAK_WATTS = 60;

    private final Scenario scenario;
    private final PhaseClock phases;
    private final double nozzleTarget;
    private final double bedTarget;
    private final long seed;
    /** Simulated seconds after which an aging scenario reaches its nominal wear (wear = 1). */
    private final double wearSeconds;

    private final ThermalBody hotend = new ThermalBody(HOTEND_CAPACITY, HOTEND_LOSS, AMBIENT_CELSIUS);
    private final ThermalBody bed = new ThermalBody(BED_CAPACITY, BED_LOSS, AMBIENT_CELSIUS);
    private final Pid hotendPid = new Pid(0.08, 0.004, 0.3);
    private final Pid bedPid = new Pid(0.3, 0.003, 0);
    private final PartFan fan = new PartFan();
    /** Half of the simulated printers (by seed) are enclosed and report a chamber and an MCU temperature. */
    private final boolean enclosed;
    private final ThermalBody chamber;
    /** The step at which the current job started (heating included). */
    private long jobStartStep;

    private long steps;
    private Phase phase = Phase.IDLE;
    private double activeNozzleTarget;
    private double activeBedTarget;
    /** The job has reached temperature and is laying down filament. */
    private boolean extruding;
    private long extrudedSteps;

    /**
     * @param scenario     the fault of the ANOMALY phase
     * @param phaseSeconds length of each phase, simulated seconds, > 0
     * @param nozzleTarget °C while printing
     * @param bedTarget    °C while printing
     * @param seed         seeds the sensor noise
     */
    PrinterModel(Scenario scenario, double phaseSeconds, double nozzleTarget, double bedTarget, long seed) {
        this(scenario, phaseSeconds, nozzleTarget, bedTarget, seed, Settings.DEFAULTS.wearDays());
    }

    /** @param wearDays simulated days after which an aging scenario reaches its nominal wear, > 0 */
    PrinterModel(Scenario scenario, double phaseSeconds, double nozzleTarget, double bedTarget, long seed,
            double wearDays) {
        if (!(wearDays > 0)) {
            throw new IllegalArgumentException("wearDays must be > 0: " + wearDays);
        }
        this.wearSeconds = wearDays * 86_400;
        if (!(phaseSeconds > 0)) {
            throw new IllegalArgumentException("phaseSeconds must be > 0: " + phaseSeconds);
        }
        this.scenario = scenario;
        this.phases = new PhaseClock(phaseSeconds, scenario.faults());
        this.nozzleTarget = nozzleTarget;
        this.bedTarget = bedTarget;
        this.seed = seed;
        this.enclosed = (seed & 1) == 0;
        this.chamber = enclosed ? new ThermalBody(CHAMBER_CAPACITY, CHAMBER_LOSS, AMBIENT_CELSIUS) : null;
        followSchedule();
    }

    /** Simulated seconds since the start. */
    double time() {
        return steps * STEP_SECONDS;
    }

    Phase phase() {
        return phase;
    }

    boolean enclosed() {
        return enclosed;
    }

    /** The true hotend temperature, without sensor noise. */
    double nozzleTemperature() {
        return hotend.temperature();
    }

    /** Runs whole steps until the model has reached {@code seconds}; earlier times are ignored. */
    void advanceTo(double seconds) {
        // the tolerance keeps float error from dropping a step at an exact multiple
        long targetSteps = (long) Math.floor(seconds / STEP_SECONDS + 1e-9);
        while (steps < targetSteps) {
            step();
        }
    }

    private void step() {
        double fault = faultDevelopment(time());

        double wear = wear();

        fan.step(extruding ? 1 : 0, scenario.fanHealth(fault) * scenario.agedFanHealth(wear), STEP_SECONDS);
        double fanLoss = HOTEND_FAN_LOSS * fan.airflow();
        double heaterWatts = hotendPid.update(activeNozzleTarget, hotend.temperature(), STEP_SECONDS)
                * HOTEND_MAX_WATTS * scenario.heaterEfficiency(fault) * scenario.agedHeaterEfficiency(wear);
        // filament only flows (and takes its melting heat) through a nozzle hot enough to melt it
        double meltWatts = extruding && hotend.temperature() > MELT_CELSIUS ? MELT_WATTS * scenario.filamentFlow(fault) : 0;
        double leakWatts = overheatLeakWatts(fault, heaterWatts, meltWatts, fanLoss);
        hotend.step(heaterWatts + leakWatts - meltWatts, fanLoss, STEP_SECONDS);

        double bedWatts = bedPid.update(activeBedTarget, bed.temperature(), STEP_SECONDS) * BED_MAX_WATTS;
        bed.step(bedWatts, 0, STEP_SECONDS);
        if (chamber != null) {
            chamber.step(CHAMBER_FROM_BED * (bed.temperature() - chamber.temperature()), 0, STEP_SECONDS);
        }

        if (heatersOn() && !isPaused() && !extruding
                && hotend.temperature() >= activeNozzleTarget - READY_BAND_CELSIUS) {
            extruding = true;
        }
        if (extruding) {
            extrudedSteps++;
            if (extrudedSteps >= jobSteps()) {
                extrudedSteps = 0; // the next job starts at once, already hot
                jobStartStep = steps + 1;
            }
        }
        steps++;
        followSchedule();
    }

    /** Enters the phase the schedule gives for the current time, and sets the heaters for it. */
    private void followSchedule() {
        Phase scheduled = phases.phaseAt(time());
        if (scheduled != phase) {
            enter(scheduled);
        }
        activeNozzleTarget = heatersOn() ? nozzleTarget : 0;
        activeBedTarget = heatersOn() ? bedTarget : 0;
    }

    private boolean heatersOn() {
        return phase == Phase.PRINTING || phase == Phase.ANOMALY || isPaused();
    }

    private void enter(Phase next) {
        if (next == Phase.PRINTING) {
            extrudedSteps = 0;
            jobStartStep = steps;
        }
        if (next != Phase.ANOMALY) {
            // a new job heats up before extruding; ERROR stops extrusion; ANOMALY continues the job
            extruding = false;
        }
        phase = next;
    }

    /**
     * Heat from the failing MOSFET: the power that makes the nozzle follow {@code target + rise·f}, never
     * negative and never more than the fault's current strength.
     */
    private double overheatLeakWatts(double fault, double heaterWatts, double meltWatts, double fanLoss) {
        double rise = scenario.overheatRise();
        if (rise <= 0 || fault <= 0) {
            return 0;
        }
        double reference = nozzleTarget + rise * fault;
        double slope = rise / phases.phaseSeconds();
        double needed = hotend.lossWatts(fanLoss) + meltWatts - heaterWatts
                + hotend.heatCapacity() * (slope + (reference - hotend.temperature()) / OVERHEAT_TRACKING_SECONDS);
        return Math.clamp(needed, 0, fault * OVERHEAT_MAX_LEAK_WATTS);
    }

    /** How far slow wear has gone: simulated time / wearDays (1 at wearDays, and growing after it). */
    double wear() {
        return time() / wearSeconds;
    }

    /** 0 outside ANOMALY; inside it, how far the fault has developed (0..1). */
    private double faultDevelopment(double seconds) {
        return phase == Phase.ANOMALY ? phases.fractionAt(seconds) : 0;
    }

    private boolean isPaused() {
        return phase == Phase.ERROR && scenario.errorState() == PrinterState.PAUSED;
    }

    private long jobSteps() {
        return Math.max(1, Math.round(JOB_PHASES * phases.phaseSeconds() / STEP_SECONDS));
    }

    private PrinterState state() {
        return switch (phase) {
            case IDLE -> PrinterState.IDLE;
            case PRINTING, ANOMALY -> PrinterState.PRINTING;
            case ERROR -> scenario.errorState();
        };
    }

    /** The current reading as the printer would report it, with sensor noise. */
    TelemetrySample sample(String printerId, Instant time) {
        SplittableRandom noise = new SplittableRandom(seed + steps * 0x9E3779B97F4A7C15L);
        double now = time();
        boolean jobActive = heatersOn();
        // in ERROR the fault is complete: a runout leaves the switch empty
        double fault = phase == Phase.ERROR ? 1 : faultDevelopment(now);

        double sensorNoise = SENSOR_NOISE_CELSIUS + scenario.agedExtraNoiseCelsius(wear());
        TelemetrySample.Builder builder = TelemetrySample.builder(printerId, time, state())
                .nozzle(round(hotend.temperature() + noise.nextGaussian() * sensorNoise, 2),
                        activeNozzleTarget)
                .bed(round(bed.temperature() + noise.nextGaussian() * SENSOR_NOISE_CELSIUS, 2), activeBedTarget)
                .heaterPower(round(hotendPid.output(), 3))
                .fan(fan.command(), fanRpmReading(noise))
                .filamentDetected(scenario.filamentDetected(fault))
                .filamentMoving(extruding && noise.nextDouble() < scenario.filamentFlow(fault));
        builder.bedPower(round(bedPid.output(), 3));
        if (chamber != null) {
            double chamberReading = round(chamber.temperature() + noise.nextGaussian() * SENSOR_NOISE_CELSIUS, 2);
            builder.chamber(chamberReading, null)
                    .sensor("mcu", round(chamberReading + MCU_ABOVE_CELSIUS
                            + (jobActive ? MCU_PRINTING_CELSIUS : 0), 1));
        }
        if (jobActive) {
            double done = (double) extrudedSteps / jobSteps();
            builder.progress(round(100.0 * done, 1))
                    .printDuration(round((steps - jobStartStep) * STEP_SECONDS, 1))
                    .filamentUsed(round(extrudedSteps * FILAMENT_MM_PER_STEP, 1))
                    .layer(extruding ? Math.min(JOB_LAYERS, 1 + (int) (done * JOB_LAYERS)) : null, JOB_LAYERS);
        }
        if (phase == Phase.ERROR) {
            builder.error(scenario.errorText());
            if (scenario.errorText() != null) {
                builder.errorCode(scenario.name());
            }
        }
        return builder.build();
    }

    /** A tachometer reads nothing from a stopped rotor, and jitters around the true speed otherwise. */
    private double fanRpmReading(SplittableRandom noise) {
        double gaussian = noise.nextGaussian();
        if (fan.rpm() < 50) {
            return 0.0;
        }
        return Math.max(0, Math.round(fan.rpm() + gaussian * RPM_NOISE));
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
