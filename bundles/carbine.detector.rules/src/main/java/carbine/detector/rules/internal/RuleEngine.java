package carbine.detector.rules.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import carbine.api.alert.Severity;
import carbine.api.detector.Finding;
import carbine.api.detector.SampleHistory;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * The rules, judged in event time. Keeps a small {@link PrinterMemory} per printer; safe to call for
 * different printers at the same time. A rule whose inputs are absent from a sample does not fire: absent
 * is never read as zero.
 */
public final class RuleEngine {
    public static final String HARD_FAILURE = "HARD_FAILURE";
    public static final String FILAMENT_JAM = "FILAMENT_JAM";
    public static final String FILAMENT_RUNOUT = "FILAMENT_RUNOUT";
    public static final String THERMAL_RUNAWAY = "THERMAL_RUNAWAY";
    public static final String OVERHEAT = "OVERHEAT";
    public static final String FAN_FAILURE = "FAN_FAILURE";

    private final ConcurrentHashMap<String, PrinterMemory> printers = new ConcurrentHashMap<>();
    private volatile Thresholds thresholds;

    public RuleEngine(Thresholds thresholds) {
        this.thresholds = Objects.requireNonNull(thresholds);
    }

    /** New thresholds apply from the next sample on; what is remembered about the printers is kept. */
    public void setThresholds(Thresholds thresholds) {
        this.thresholds = Objects.requireNonNull(thresholds);
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    public List<Finding> judge(TelemetrySample sample) {
        return judge(sample, List::of);
    }

    /**
     * Judges a sample. The first time a printer is seen, the earlier samples (oldest first) are replayed
     * silently so that a restarted detector knows whether the nozzle is heating or holding.
     */
    public List<Finding> judge(TelemetrySample sample, SampleHistory earlier) {
        Thresholds t = thresholds;
        PrinterMemory memory = printers.computeIfAbsent(sample.printerId(), id -> new PrinterMemory());
        synchronized (memory) {
            if (memory.lastSample == null) {
                for (TelemetrySample old : earlier.samples()) {
                    if (old.time().isBefore(sample.time())) {
                        evaluate(old, memory, t);
                    }
                }
            }
            return evaluate(sample, memory, t);
        }
    }

    /** Drops what is remembered about a printer. */
    public void forget(String printerId) {
        printers.remove(printerId);
    }

    private static List<Finding> evaluate(TelemetrySample s, PrinterMemory memory, Thresholds t) {
        memory.lastSample = s.time();
        List<Finding> findings = new ArrayList<>(2);
        hardFailure(s).ifPresent(findings::add);
        runout(s).ifPresent(findings::add);
        Optional<Finding> nozzleOverheat = Optional.empty();
        boolean nozzleKnown = s.nozzleActual() != null && s.nozzleTarget() != null;
        if (nozzleKnown) {
            memory.hotend.runaway(s.nozzleActual(), s.nozzleTarget(), s.heaterPower(), s.time(), t)
                    .ifPresent(findings::add);
            nozzleOverheat = memory.hotend.overheat(s.nozzleActual(), s.nozzleTarget(), s.time(), t);
        } else {
            memory.hotend.unknown();
            if (s.nozzleActual() != null && s.nozzleActual() > t.nozzleMaxC()) {
                nozzleOverheat = Optional.of(Finding.of(OVERHEAT, Severity.WARNING, "nozzle "
                        + Fmt.celsius(s.nozzleActual()) + " °C is above the limit " + Fmt.celsius(t.nozzleMaxC()) + " °C"));
            }
        }
        merge(nozzleOverheat, bedOverheat(s, t)).ifPresent(findings::add);
        // Firmware reports PRINTING while it waits for the nozzle to heat (M109), and the filament rightly stands
        // still then: extrusion is only expected once the hotend holds its target (or when its state is unknown).
        boolean extruding = !nozzleKnown || memory.hotend.phase() == HotendWatch.Phase.HOLDING;
        jam(s, extruding, memory, t).ifPresent(findings::add);
        fan(s, memory, t).ifPresent(findings::add);
        return findings;
    }

    private static Optional<Finding> hardFailure(TelemetrySample s) {
        if (s.state() != PrinterState.ERROR) {
            return Optional.empty();
        }
        String text = s.error() == null || s.error().isBlank() ? "(no error text)" : s.error();
        return Optional.of(Finding.of(HARD_FAILURE, Severity.CRITICAL, "printer reports ERROR: " + text));
    }

    private static Optional<Finding> jam(TelemetrySample s, boolean extruding, PrinterMemory memory, Thresholds t) {
        boolean stuck = s.state() == PrinterState.PRINTING && extruding && Boolean.TRUE.equals(s.filamentDetected())
                && Boolean.FALSE.equals(s.filamentMoving());
        double stuckFor = memory.jam.update(stuck, s.time());
        if (!stuck || stuckFor < t.jamSeconds()) {
            return Optional.empty();
        }
        return Optional.of(Finding.of(FILAMENT_JAM, Severity.CRITICAL, "filament present but not moving for "
                + Fmt.number(stuckFor) + " s while printing (limit " + Fmt.number(t.jamSeconds()) + " s)"));
    }

    private static Optional<Finding> runout(TelemetrySample s) {
        boolean busy = s.state() == PrinterState.PRINTING || s.state() == PrinterState.PAUSED;
        if (!busy || !Boolean.FALSE.equals(s.filamentDetected())) {
            return Optional.empty();
        }
        return Optional.of(Finding.of(FILAMENT_RUNOUT, Severity.WARNING,
                "no filament at the runout sensor while " + s.state()));
    }

    private static Optional<Finding> bedOverheat(TelemetrySample s, Thresholds t) {
        if (s.bedActual() == null || s.bedActual() <= t.bedMaxC()) {
            return Optional.empty();
        }
        return Optional.of(Finding.of(OVERHEAT, Severity.WARNING,
                "bed " + Fmt.celsius(s.bedActual()) + " °C is above the limit " + Fmt.celsius(t.bedMaxC()) + " °C"));
    }

    /** One alert per kind: nozzle and bed overheating become one finding with the worse severity. */
    private static Optional<Finding> merge(Optional<Finding> a, Optional<Finding> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isPresent() ? a : b;
        }
        Severity worse = a.get().severity().compareTo(b.get().severity()) >= 0 ? a.get().severity() : b.get().severity();
        return Optional.of(Finding.of(OVERHEAT, worse, a.get().message() + "; " + b.get().message()));
    }

    private static Optional<Finding> fan(TelemetrySample s, PrinterMemory memory, Thresholds t) {
        // no tachometer (rpm absent) means nothing to compare, not a stopped fan
        boolean tooSlow = s.fanSpeed() != null && s.fanRpm() != null && s.fanSpeed() >= t.fanSpeedMin()
                && s.fanRpm() < t.fanMinRpm();
        double slowFor = memory.fanTooSlow.update(tooSlow, s.time());
        if (!tooSlow || slowFor < t.fanSeconds()) {
            return Optional.empty();
        }
        return Optional.of(Finding.of(FAN_FAILURE, Severity.WARNING, "fan commanded at "
                + Fmt.number(Math.round(s.fanSpeed() * 100)) + " % turns at " + Fmt.number(s.fanRpm())
                + " rpm, below " + Fmt.number(t.fanMinRpm()) + " rpm, for " + Fmt.number(slowFor) + " s (limit "
                + Fmt.number(t.fanSeconds()) + " s)"));
    }
}
