package carbine.poller.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import carbine.api.telemetry.TelemetrySample;

/**
 * Checks what a driver returned. A sample that cannot be trusted as a whole (missing, for another printer,
 * from the far future) is rejected; single impossible values are dropped (the field becomes absent) and the
 * rest of the sample is kept.
 */
public final class SampleValidator {
    static final double ABSOLUTE_ZERO_C = -273.15;
    static final double MAX_TEMPERATURE_C = 1000;
    static final Duration MAX_AHEAD = Duration.ofDays(1);
    /** Drivers compute fractions and percentages; 1.0000000002 is rounding, not a fault. */
    private static final double ROUNDING = 1e-6;

    public sealed interface Result permits Rejected, Accepted {}

    /** The sample is not used at all; counts as a failed poll. */
    public record Rejected(String reason) implements Result {}

    /** The sample to use, with the values that were dropped from it (empty if it was clean). */
    public record Accepted(TelemetrySample sample, List<Problem> problems) implements Result {}

    /** One dropped value, named as in the JSON form of a sample. */
    public record Problem(String field, Double value, String why) {
        @Override
        public String toString() {
            return field + "=" + value + " (" + why + ")";
        }
    }

    public Result validate(String askedPrinterId, TelemetrySample sample, Instant now) {
        if (sample == null) {
            return new Rejected("the driver returned no sample");
        }
        if (!askedPrinterId.equals(sample.printerId())) {
            return new Rejected("sample is for printer '" + sample.printerId() + "', asked for '" + askedPrinterId + "'");
        }
        if (sample.time().isAfter(now.plus(MAX_AHEAD))) {
            return new Rejected("sample time " + sample.time() + " is more than a day in the future");
        }
        List<Problem> problems = new ArrayList<>(0);
        Double nozzleActual = temperature("nozzle_actual", sample.nozzleActual(), problems);
        Double nozzleTarget = temperature("nozzle_target", sample.nozzleTarget(), problems);
        Double bedActual = temperature("bed_actual", sample.bedActual(), problems);
        Double bedTarget = temperature("bed_target", sample.bedTarget(), problems);
        Double heaterPower = within("heater_power", sample.heaterPower(), 1, problems);
        Double fanSpeed = within("fan_speed", sample.fanSpeed(), 1, problems);
        Double fanRpm = rpm(sample.fanRpm(), problems);
        Double progress = within("progress", sample.progress(), 100, problems);
        Double chamberActual = temperature("chamber_actual", sample.chamberActual(), problems);
        Double chamberTarget = temperature("chamber_target", sample.chamberTarget(), problems);
        Double bedPower = within("bed_power", sample.bedPower(), 1, problems);
        Map<String, Double> sensors = sensors(sample.sensors(), problems);
        Double printDuration = notNegative("print_duration", sample.printDuration(), problems);
        Double filamentUsed = notNegative("filament_used", sample.filamentUsed(), problems);
        Integer layer = notNegative("layer", sample.layer(), problems);
        Integer totalLayers = notNegative("total_layers", sample.totalLayers(), problems);
        boolean changed = nozzleActual != sample.nozzleActual() || nozzleTarget != sample.nozzleTarget()
                || bedActual != sample.bedActual() || bedTarget != sample.bedTarget()
                || heaterPower != sample.heaterPower() || fanSpeed != sample.fanSpeed() || fanRpm != sample.fanRpm()
                || progress != sample.progress()
                // the fields of API 1.1 are boxed anew by each accessor: compared by value
                || !Objects.equals(chamberActual, sample.chamberActual())
                || !Objects.equals(chamberTarget, sample.chamberTarget()) || !Objects.equals(bedPower, sample.bedPower())
                || sensors != sample.sensors() || !Objects.equals(printDuration, sample.printDuration())
                || !Objects.equals(filamentUsed, sample.filamentUsed()) || !Objects.equals(layer, sample.layer())
                || !Objects.equals(totalLayers, sample.totalLayers());
        if (!changed) {
            return new Accepted(sample, List.of());
        }
        TelemetrySample cleaned = sample.toBuilder()
                .nozzle(nozzleActual, nozzleTarget)
                .bed(bedActual, bedTarget)
                .heaterPower(heaterPower)
                .fan(fanSpeed, fanRpm)
                .progress(progress)
                .chamber(chamberActual, chamberTarget)
                .bedPower(bedPower)
                .sensors(sensors)
                .printDuration(printDuration)
                .filamentUsed(filamentUsed)
                .layer(layer, totalLayers)
                .build();
        return new Accepted(cleaned, List.copyOf(problems));
    }

    private static Double temperature(String field, Double v, List<Problem> problems) {
        if (v == null) return null;
        if (!finite(field, v, problems)) return null;
        if (v < ABSOLUTE_ZERO_C) return drop(field, v, "below absolute zero", problems);
        if (v > MAX_TEMPERATURE_C) return drop(field, v, "above " + (int) MAX_TEMPERATURE_C + " °C", problems);
        return v;
    }

    /** A value that must lie in 0..max; values off by rounding only are pulled onto the bound. */
    private static Double within(String field, Double v, double max, List<Problem> problems) {
        if (v == null) return null;
        if (!finite(field, v, problems)) return null;
        double slack = ROUNDING * max;
        if (v < -slack || v > max + slack) return drop(field, v, "outside 0.." + (int) max, problems);
        if (v < 0) return 0.0;
        if (v > max) return max;
        return v;
    }

    /** The same map when every sensor is plausible; else a copy without the impossible ones. */
    private static Map<String, Double> sensors(Map<String, Double> sensors, List<Problem> problems) {
        Map<String, Double> kept = null;
        for (Map.Entry<String, Double> e : sensors.entrySet()) {
            if (temperature("sensors." + e.getKey(), e.getValue(), problems) == null && kept == null) {
                kept = new LinkedHashMap<>(sensors);
            }
        }
        if (kept == null) {
            return sensors;
        }
        kept.keySet().removeIf(name -> problems.stream().anyMatch(p -> p.field().equals("sensors." + name)));
        return kept;
    }

    private static Double notNegative(String field, Double v, List<Problem> problems) {
        if (v == null) return null;
        if (!finite(field, v, problems)) return null;
        if (v < 0) return drop(field, v, "negative", problems);
        return v;
    }

    private static Integer notNegative(String field, Integer v, List<Problem> problems) {
        if (v == null) return null;
        if (v < 0) {
            drop(field, v, "negative", problems);
            return null;
        }
        return v;
    }

    private static Double rpm(Double v, List<Problem> problems) {
        if (v == null) return null;
        if (!finite("fan_rpm", v, problems)) return null;
        if (v < 0) return drop("fan_rpm", v, "negative", problems);
        return v;
    }

    private static boolean finite(String field, double v, List<Problem> problems) {
        if (Double.isFinite(v)) return true;
        drop(field, v, Double.isNaN(v) ? "not a number" : "infinite", problems);
        return false;
    }

    private static Double drop(String field, double v, String why, List<Problem> problems) {
        problems.add(new Problem(field, v, why));
        return null;
    }
}
