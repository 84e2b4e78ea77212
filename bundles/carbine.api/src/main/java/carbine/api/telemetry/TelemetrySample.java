package carbine.api.telemetry;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One reading of one printer, immutable.
 *
 * <p>A field the driver cannot know is <b>absent</b> ({@code null}), never zero: a printer without a fan
 * tachometer has no {@link #fanRpm()}, a printer without a motion sensor no {@link #filamentMoving()}.
 * Temperatures are degrees Celsius; {@link #heaterPower()} and {@link #fanSpeed()} are fractions 0..1;
 * {@link #progress()} is percent 0..100. Field names follow what real printers report (Klipper's
 * {@code extruder.temperature/target/power}, {@code fan.speed/rpm}, {@code filament_switch_sensor} and
 * {@code filament_motion_sensor}).
 *
 * <p>Since 1.1.0 a sample also carries what real printers report beyond the hotend and the bed, each absent when
 * the printer does not give it: the chamber ({@link #chamberActual()}), the bed's heater duty
 * ({@link #bedPower()}), other named temperature sensors ({@link #sensors()}: MCU, stepper drivers, heatbreak),
 * the job's {@link #printDuration()}, {@link #filamentUsed()}, {@link #layer()} and {@link #totalLayers()}, and a
 * machine {@link #errorCode()} (a Bambu HMS code, Klipper's state) next to the {@link #error()} text. For these, a
 * NaN given to the builder is absent too (so is a layer of {@link Integer#MIN_VALUE}).
 *
 * <p>{@link #time()} is the <em>event time</em>: when the printer took the reading. Detectors reason in
 * event time, never the wall clock, so that replayed data behaves like live data.
 *
 * <p>Build one with {@link #builder(String, Instant, PrinterState)}; new optional fields may be added in
 * minor versions, so code never depends on a constructor.
 */
public final class TelemetrySample {
    private final String printerId;
    private final Instant time;
    private final PrinterState state;
    private final Double nozzleActual;
    private final Double nozzleTarget;
    private final Double bedActual;
    private final Double bedTarget;
    private final Double heaterPower;
    private final Double fanSpeed;
    private final Double fanRpm;
    private final Boolean filamentDetected;
    private final Boolean filamentMoving;
    private final Double progress;
    private final String error;
    // the fields of 1.1 are kept unboxed, NaN or ABSENT_INT when absent: a sample the poller keeps 120 of per
    // printer stays small (no Double or Integer object per value); the accessors box them as the others are
    private final double chamberActual;
    private final double chamberTarget;
    private final double bedPower;
    private final Map<String, Double> sensors;
    private final double printDuration;
    private final double filamentUsed;
    private final int layer;
    private final int totalLayers;
    private final String errorCode;

    private static final int ABSENT_INT = Integer.MIN_VALUE;

    private static Double boxed(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static Integer boxed(int v) {
        return v == ABSENT_INT ? null : v;
    }

    private static double unboxed(Double v) {
        return v == null ? Double.NaN : v;
    }

    private static int unboxed(Integer v) {
        return v == null ? ABSENT_INT : v;
    }

    private TelemetrySample(Builder b) {
        this.printerId = Objects.requireNonNull(b.printerId, "printerId");
        this.time = Objects.requireNonNull(b.time, "time");
        this.state = Objects.requireNonNull(b.state, "state");
        this.nozzleActual = b.nozzleActual;
        this.nozzleTarget = b.nozzleTarget;
        this.bedActual = b.bedActual;
        this.bedTarget = b.bedTarget;
        this.heaterPower = b.heaterPower;
        this.fanSpeed = b.fanSpeed;
        this.fanRpm = b.fanRpm;
        this.filamentDetected = b.filamentDetected;
        this.filamentMoving = b.filamentMoving;
        this.progress = b.progress;
        this.error = b.error;
        this.chamberActual = unboxed(b.chamberActual);
        this.chamberTarget = unboxed(b.chamberTarget);
        this.bedPower = unboxed(b.bedPower);
        this.sensors = b.sensors == null ? Map.of() : Map.copyOf(b.sensors);
        this.printDuration = unboxed(b.printDuration);
        this.filamentUsed = unboxed(b.filamentUsed);
        this.layer = unboxed(b.layer);
        this.totalLayers = unboxed(b.totalLayers);
        this.errorCode = b.errorCode;
    }

    public static Builder builder(String printerId, Instant time, PrinterState state) {
        return new Builder(printerId, time, state);
    }

    /** A builder pre-filled with every field of this sample. */
    public Builder toBuilder() {
        return new Builder(printerId, time, state)
                .nozzle(nozzleActual, nozzleTarget)
                .bed(bedActual, bedTarget)
                .heaterPower(heaterPower)
                .fan(fanSpeed, fanRpm)
                .filamentDetected(filamentDetected)
                .filamentMoving(filamentMoving)
                .progress(progress)
                .error(error)
                .chamber(chamberActual(), chamberTarget())
                .bedPower(bedPower())
                .sensors(sensors)
                .printDuration(printDuration())
                .filamentUsed(filamentUsed())
                .layer(layer(), totalLayers())
                .errorCode(errorCode);
    }

    public String printerId() { return printerId; }
    public Instant time() { return time; }
    public PrinterState state() { return state; }
    /** Hotend temperature, °C. */
    public Double nozzleActual() { return nozzleActual; }
    /** Hotend target, °C; 0 means the heater is off. */
    public Double nozzleTarget() { return nozzleTarget; }
    public Double bedActual() { return bedActual; }
    public Double bedTarget() { return bedTarget; }
    /** Hotend heater duty, 0..1. */
    public Double heaterPower() { return heaterPower; }
    /** Part-cooling fan command, 0..1. */
    public Double fanSpeed() { return fanSpeed; }
    /** Measured fan speed, revolutions per minute. */
    public Double fanRpm() { return fanRpm; }
    /** Filament present at the runout (switch) sensor. */
    public Boolean filamentDetected() { return filamentDetected; }
    /** Filament moving at the motion sensor (encoder). */
    public Boolean filamentMoving() { return filamentMoving; }
    /** Job progress, percent 0..100. */
    public Double progress() { return progress; }
    /** Error text reported by the printer, if any. */
    public String error() { return error; }
    /** Chamber temperature, °C; absent on a printer without a chamber sensor. @since 1.1 */
    public Double chamberActual() { return boxed(chamberActual); }
    /** Chamber heater target, °C (0: off); absent on a printer without a chamber heater. @since 1.1 */
    public Double chamberTarget() { return boxed(chamberTarget); }
    /** Bed heater duty, 0..1 (Klipper's {@code heater_bed.power}). @since 1.1 */
    public Double bedPower() { return boxed(bedPower); }
    /**
     * Other temperature sensors by the printer's own names (e.g. {@code mcu}, {@code raspberry_pi},
     * {@code tmc2209 stepper_x}, {@code heatbreak}), °C each; immutable, in no particular order, empty when the
     * printer reports none.
     * @since 1.1
     */
    public Map<String, Double> sensors() { return sensors; }
    /** Time spent printing the current (or last) job, seconds. @since 1.1 */
    public Double printDuration() { return boxed(printDuration); }
    /** Filament fed so far in the current (or last) job, millimetres. @since 1.1 */
    public Double filamentUsed() { return boxed(filamentUsed); }
    /** The layer being printed, counted from 1. @since 1.1 */
    public Integer layer() { return boxed(layer); }
    /** Layers of the current job. @since 1.1 */
    public Integer totalLayers() { return boxed(totalLayers); }
    /**
     * The printer's own error code, as it reports it (a Bambu HMS code such as {@code 0300_4000_0002_0001}, a
     * Bambu {@code print_error} in hex, Klipper's {@code shutdown}); absent when there is none. The text is in
     * {@link #error()}. @since 1.1
     */
    public String errorCode() { return errorCode; }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof TelemetrySample s)) return false;
        return printerId.equals(s.printerId) && time.equals(s.time) && state == s.state
                && Objects.equals(nozzleActual, s.nozzleActual) && Objects.equals(nozzleTarget, s.nozzleTarget)
                && Objects.equals(bedActual, s.bedActual) && Objects.equals(bedTarget, s.bedTarget)
                && Objects.equals(heaterPower, s.heaterPower) && Objects.equals(fanSpeed, s.fanSpeed)
                && Objects.equals(fanRpm, s.fanRpm) && Objects.equals(filamentDetected, s.filamentDetected)
                && Objects.equals(filamentMoving, s.filamentMoving) && Objects.equals(progress, s.progress)
                && Objects.equals(error, s.error) && Double.compare(chamberActual, s.chamberActual) == 0
                && Double.compare(chamberTarget, s.chamberTarget) == 0 && Double.compare(bedPower, s.bedPower) == 0
                && sensors.equals(s.sensors) && Double.compare(printDuration, s.printDuration) == 0
                && Double.compare(filamentUsed, s.filamentUsed) == 0 && layer == s.layer
                && totalLayers == s.totalLayers && Objects.equals(errorCode, s.errorCode);
    }

    @Override
    public int hashCode() {
        return Objects.hash(printerId, time, state, nozzleActual, bedActual);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TelemetrySample[").append(printerId).append(' ').append(time)
                .append(' ').append(state);
        append(sb, "nozzle", nozzleActual, nozzleTarget);
        append(sb, "bed", bedActual, bedTarget);
        if (heaterPower != null) sb.append(" power=").append(heaterPower);
        if (fanSpeed != null) sb.append(" fan=").append(fanSpeed);
        if (fanRpm != null) sb.append(" rpm=").append(fanRpm);
        if (filamentDetected != null) sb.append(" filament=").append(filamentDetected);
        if (filamentMoving != null) sb.append(" moving=").append(filamentMoving);
        if (progress != null) sb.append(" progress=").append(progress);
        if (error != null) sb.append(" error=\"").append(error).append('"');
        if (errorCode != null) sb.append(" errorCode=").append(errorCode);
        append(sb, "chamber", chamberActual(), chamberTarget());
        if (bedPower() != null) sb.append(" bedPower=").append(bedPower);
        if (!sensors.isEmpty()) sb.append(" sensors=").append(new java.util.TreeMap<>(sensors));
        if (printDuration() != null) sb.append(" duration=").append(printDuration);
        if (filamentUsed() != null) sb.append(" filamentUsed=").append(filamentUsed);
        if (layer() != null || totalLayers() != null) sb.append(" layer=").append(layer()).append('/').append(totalLayers());
        return sb.append(']').toString();
    }

    private static void append(StringBuilder sb, String name, Double actual, Double target) {
        if (actual != null || target != null) {
            sb.append(' ').append(name).append('=').append(actual).append('/').append(target);
        }
    }

    /** Collects the fields of a sample; every optional field may be left out (absent). */
    public static final class Builder {
        private String printerId;
        private Instant time;
        private PrinterState state;
        private Double nozzleActual;
        private Double nozzleTarget;
        private Double bedActual;
        private Double bedTarget;
        private Double heaterPower;
        private Double fanSpeed;
        private Double fanRpm;
        private Boolean filamentDetected;
        private Boolean filamentMoving;
        private Double progress;
        private String error;
        private Double chamberActual;
        private Double chamberTarget;
        private Double bedPower;
        private Map<String, Double> sensors;
        private Double printDuration;
        private Double filamentUsed;
        private Integer layer;
        private Integer totalLayers;
        private String errorCode;

        private Builder(String printerId, Instant time, PrinterState state) {
            this.printerId = printerId;
            this.time = time;
            this.state = state;
        }

        public Builder printerId(String v) { printerId = v; return this; }
        public Builder time(Instant v) { time = v; return this; }
        public Builder state(PrinterState v) { state = v; return this; }
        public Builder nozzle(Double actual, Double target) { nozzleActual = actual; nozzleTarget = target; return this; }
        public Builder bed(Double actual, Double target) { bedActual = actual; bedTarget = target; return this; }
        public Builder heaterPower(Double v) { heaterPower = v; return this; }
        public Builder fan(Double speed, Double rpm) { fanSpeed = speed; fanRpm = rpm; return this; }
        public Builder filamentDetected(Boolean v) { filamentDetected = v; return this; }
        public Builder filamentMoving(Boolean v) { filamentMoving = v; return this; }
        public Builder progress(Double v) { progress = v; return this; }
        public Builder error(String v) { error = v; return this; }
        /** @since 1.1 */
        public Builder chamber(Double actual, Double target) { chamberActual = actual; chamberTarget = target; return this; }
        /** @since 1.1 */
        public Builder bedPower(Double v) { bedPower = v; return this; }

        /**
         * Replaces the named sensors with a copy of these (null or empty: none); entries with a null name or
         * value are left out. @since 1.1
         */
        public Builder sensors(Map<String, Double> v) {
            sensors = null;
            if (v != null) {
                v.forEach(this::sensor);
            }
            return this;
        }

        /** Adds (or replaces) one named sensor, °C; a null name or value adds nothing. @since 1.1 */
        public Builder sensor(String name, Double celsius) {
            if (name != null && celsius != null) {
                if (sensors == null) {
                    sensors = new LinkedHashMap<>(4);
                }
                sensors.put(name, celsius);
            }
            return this;
        }

        /** @since 1.1 */
        public Builder printDuration(Double seconds) { printDuration = seconds; return this; }
        /** @since 1.1 */
        public Builder filamentUsed(Double millimetres) { filamentUsed = millimetres; return this; }
        /** @since 1.1 */
        public Builder layer(Integer current, Integer total) { layer = current; totalLayers = total; return this; }
        /** @since 1.1 */
        public Builder errorCode(String v) { errorCode = v; return this; }

        /** @throws NullPointerException if printer id, time or state is missing */
        public TelemetrySample build() { return new TelemetrySample(this); }
    }
}
