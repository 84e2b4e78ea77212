package carbine.health.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * One printer's indicators: the open day's sums, the closed days (the trend window and the first days, which make
 * the baseline), and what the hotend and the fan are doing now. Guarded by its own monitor: the poller calls for
 * one printer never overlap, the shell and the HTTP API read from other threads.
 */
final class PrinterHealth {
    /** A heat-up counts only if its start and its end were seen within this gap of the samples around them. */
    static final Duration MAX_HEAT_UP_GAP = Duration.ofSeconds(10);
    /** A target this close to ambient, or lower, counts as a heater that is off. */
    static final double OFF_ABOVE_AMBIENT_C = 20;
    /** A heat-up counts as from cold when it starts within this of ambient. */
    static final double COLD_ABOVE_AMBIENT_C = 30;
    /** Heater power at or above which the heater is flat out: the reading is then not the thermistor's noise. */
    static final double FULL_POWER = 0.99;
    static final double FAN_MIN_COMMAND = 0.2;
    /**
     * A reading further than this from the target is a control fault (overheat, runaway: the rule detector's
     * business), not thermistor noise; a loose thermistor at σ 3 °C is beyond it once in ~400 readings.
     */
    static final double NOISE_MAX_DEVIATION_C = 10;

    final String printerId;
    long openDay = Long.MIN_VALUE;
    private final long[] openCount = new long[Indicator.values().length];
    private final double[] openSum = new double[Indicator.values().length];
    private final double[] openSquares = new double[Indicator.values().length];
    /** indicator → epoch day → aggregate: the window and the baseline days. */
    private final Map<Indicator, TreeMap<Long, DayAggregate>> days = new EnumMap<>(Indicator.class);

    // the hotend: the target being approached or held, whether it has been reached, the heat-up under way
    private double heldTarget = Double.NaN;
    private boolean reached;
    private Instant heatStart;
    private double heatStartC;
    private Instant previousTime;
    private double previousFanSpeed = Double.NaN;
    /** The latest target held (also read from the file): the heater's limit in duty per °C depends on it. */
    double lastHeldTarget = Double.NaN;

    volatile List<Assessment> assessments = List.of();

    PrinterHealth(String printerId) {
        this.printerId = printerId;
        for (Indicator i : Indicator.values()) {
            days.put(i, new TreeMap<>());
        }
    }

    /** Adds what this sample shows to the open day. */
    void observe(TelemetrySample s, Settings settings) {
        Instant previous = previousTime;
        previousTime = s.time();
        observeFan(s);
        Double target = s.nozzleTarget();
        Double actual = s.nozzleActual();
        boolean active = s.state() == PrinterState.PRINTING || s.state() == PrinterState.PAUSED;
        double ambient = settings.ambientC();
        if (!active || target == null || actual == null || target <= ambient + OFF_ABOVE_AMBIENT_C) {
            heldTarget = Double.NaN;
            reached = false;
            heatStart = null;
            return;
        }
        if (target != heldTarget) {
            // a new target: a heat-up from cold is timed if its start was seen closely enough
            boolean wasOff = Double.isNaN(heldTarget);
            heldTarget = target;
            reached = false;
            heatStart = wasOff && previous != null && closeEnough(previous, s.time())
                    && actual < ambient + COLD_ABOVE_AMBIENT_C ? s.time() : null;
            heatStartC = actual;
        }
        if (!reached) {
            if (Math.abs(actual - target) <= settings.holdBandC()) {
                reached = true;
                if (heatStart != null && previous != null && closeEnough(previous, s.time())) {
                    double seconds = Duration.between(heatStart, s.time()).toMillis() / 1000.0;
                    add(Indicator.HEAT_UP, seconds / (target - heatStartC));
                }
                heatStart = null;
            }
            return;
        }
        lastHeldTarget = target;
        Double power = s.heaterPower();
        if (power != null) {
            add(Indicator.HEATER_DUTY, power / (target - ambient));
        }
        if ((power == null || power < FULL_POWER) && Math.abs(actual - target) <= NOISE_MAX_DEVIATION_C) {
            add(Indicator.TEMP_NOISE, actual - target);
        }
    }

    private void observeFan(TelemetrySample s) {
        Double speed = s.fanSpeed();
        Double rpm = s.fanRpm();
        if (speed != null && rpm != null && speed >= FAN_MIN_COMMAND && speed == previousFanSpeed) {
            add(Indicator.FAN_RPM, rpm / speed);
        }
        previousFanSpeed = speed == null ? Double.NaN : speed;
    }

    private static boolean closeEnough(Instant previous, Instant now) {
        return Duration.between(previous, now).compareTo(MAX_HEAT_UP_GAP) <= 0;
    }

    private void add(Indicator indicator, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        int i = indicator.ordinal();
        openCount[i]++;
        openSum[i] += value;
        openSquares[i] += value * value;
    }

    /** The open day's aggregates, and empties them (the day is closed, or its part is being saved). */
    List<DayAggregate> takeOpenDay() {
        List<DayAggregate> out = new ArrayList<>();
        for (Indicator indicator : Indicator.values()) {
            int i = indicator.ordinal();
            if (openCount[i] > 0) {
                out.add(new DayAggregate(openDay, indicator, openCount[i], openSum[i], openSquares[i]));
            }
        }
        Arrays.fill(openCount, 0);
        Arrays.fill(openSum, 0);
        Arrays.fill(openSquares, 0);
        return out;
    }

    /** The open day's aggregates without emptying them. */
    List<DayAggregate> peekOpenDay() {
        List<DayAggregate> out = new ArrayList<>();
        for (Indicator indicator : Indicator.values()) {
            int i = indicator.ordinal();
            if (openCount[i] > 0) {
                out.add(new DayAggregate(openDay, indicator, openCount[i], openSum[i], openSquares[i]));
            }
        }
        return out;
    }

    /** Adds closed days (merging parts of one day) and forgets those neither in the window nor among the first. */
    void addClosed(List<DayAggregate> closed, Settings settings) {
        for (DayAggregate a : closed) {
            days.get(a.indicator()).merge(a.epochDay(), a, DayAggregate::plus);
        }
        for (TreeMap<Long, DayAggregate> perDay : days.values()) {
            if (perDay.isEmpty()) {
                continue;
            }
            long windowStart = perDay.lastKey() - settings.windowDays() + 1;
            List<Long> first = firstUsable(perDay, settings);
            perDay.headMap(windowStart).keySet().removeIf(day -> !first.contains(day));
        }
    }

    private static List<Long> firstUsable(TreeMap<Long, DayAggregate> perDay, Settings settings) {
        List<Long> first = new ArrayList<>();
        for (DayAggregate a : perDay.values()) {
            if (a.count() >= settings.minSamplesPerDay()) {
                first.add(a.epochDay());
                if (first.size() == settings.minDays()) {
                    break;
                }
            }
        }
        return first;
    }

    /** Re-judges every indicator with the days closed so far; {@code lastDay} is the latest closed day. */
    void assess(long lastDay, Settings settings) {
        List<Assessment> out = new ArrayList<>();
        for (Indicator indicator : Indicator.values()) {
            TreeMap<Long, DayAggregate> perDay = days.get(indicator);
            List<DayAggregate> window = perDay.tailMap(lastDay - settings.windowDays() + 1).values().stream()
                    .filter(a -> a.count() >= settings.minSamplesPerDay() && a.epochDay() <= lastDay).toList();
            if (perDay.isEmpty()) {
                continue;
            }
            double limit = limit(indicator, perDay, settings);
            out.add(Assessment.of(indicator, window, lastDay, limit, settings, v -> display(indicator, v, settings)));
        }
        assessments = List.copyOf(out);
    }

    private double limit(Indicator indicator, TreeMap<Long, DayAggregate> perDay, Settings settings) {
        return switch (indicator) {
            case HEATER_DUTY -> Double.isNaN(lastHeldTarget) ? Double.NaN
                    : settings.heaterDutyLimit() / (lastHeldTarget - settings.ambientC());
            case TEMP_NOISE -> settings.noiseLimitC();
            case FAN_RPM -> baseline(perDay, settings) * settings.fanRpmLimit();
            case HEAT_UP -> baseline(perDay, settings) * settings.heatUpLimit();
        };
    }

    /** The median of the first {@code minDays} usable days, NaN until there are that many. */
    private static double baseline(TreeMap<Long, DayAggregate> perDay, Settings settings) {
        List<Long> first = firstUsable(perDay, settings);
        if (first.size() < settings.minDays()) {
            return Double.NaN;
        }
        double[] values = first.stream().mapToDouble(d -> perDay.get(d).value()).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /** How a value reads for people; the heater's duty per °C as the duty at the target last held. */
    String display(Indicator indicator, double value, Settings settings) {
        if (Double.isNaN(value)) {
            return "?";
        }
        return switch (indicator) {
            case HEATER_DUTY -> Double.isNaN(lastHeldTarget) ? String.format(Locale.ROOT, "%.5f duty/°C", value)
                    : String.format(Locale.ROOT, "duty %.0f %% at %.0f °C", 100 * value
                            * (lastHeldTarget - settings.ambientC()), lastHeldTarget);
            case FAN_RPM -> String.format(Locale.ROOT, "%.0f rpm at full command", value);
            case HEAT_UP -> String.format(Locale.ROOT, "%.2f s/°C", value);
            case TEMP_NOISE -> String.format(Locale.ROOT, "%.2f °C rms", value);
        };
    }

    /** The closed days of one indicator, oldest first (the window and the baseline days). */
    List<DayAggregate> days(Indicator indicator) {
        return List.copyOf(days.get(indicator).values());
    }
}
