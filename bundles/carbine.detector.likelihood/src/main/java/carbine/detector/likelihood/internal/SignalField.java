package carbine.detector.likelihood.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import carbine.api.telemetry.TelemetrySample;

/** The numeric telemetry field judged, by its {@link TelemetrySample} accessor name (camelCase or snake_case). */
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
        return Arrays.stream(values()).filter(f -> f.configName.toLowerCase(Locale.ROOT).equals(key)).findFirst();
    }

    static String names() {
        return Arrays.stream(values()).map(f -> f.configName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return configName;
    }
}
