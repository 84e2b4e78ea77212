package carbine.detector.iforest.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import carbine.api.telemetry.TelemetrySample;

/**
 * A numeric telemetry field that signal mode judges as a generic series (e.g. a replayed recording mapped to
 * {@code nozzleActual}). Configured by its {@link TelemetrySample} accessor name, in camelCase or snake_case.
 */
enum SignalField {
    NOZZLE_ACTUAL("nozzleActual", TelemetrySample::nozzleActual),
    NOZZLE_TARGET("nozzleTarget", TelemetrySample::nozzleTarget),
    BED_ACTUAL("bedActual", TelemetrySample::bedActual),
    BED_TARGET("bedTarget", TelemetrySample::bedTarget),
    HEATER_POWER("heaterPower", TelemetrySample::heaterPower),
    FAN_SPEED("fanSpeed", TelemetrySample::fanSpeed),
    FAN_RPM("fanRpm", TelemetrySample::fanRpm),
    PROGRESS("progress", TelemetrySample::progress);

    final String configName;
    private final Function<TelemetrySample, Double> accessor;

    SignalField(String configName, Function<TelemetrySample, Double> accessor) {
        this.configName = configName;
        this.accessor = accessor;
    }

    Double read(TelemetrySample s) {
        return accessor.apply(s);
    }

    static Optional<SignalField> parse(String name) {
        String key = name.trim().replace("_", "").toLowerCase(Locale.ROOT);
        for (SignalField f : values()) {
            if (f.configName.toLowerCase(Locale.ROOT).equals(key)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return configName;
    }
}
