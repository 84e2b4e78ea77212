package carbine.api.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import carbine.api.telemetry.TelemetrySample;

/** The numeric fields of a {@link TelemetrySample} that the history keeps statistics of. */
public enum TelemetryField {
    NOZZLE_ACTUAL("nozzleActual", TelemetrySample::nozzleActual),
    NOZZLE_TARGET("nozzleTarget", TelemetrySample::nozzleTarget),
    BED_ACTUAL("bedActual", TelemetrySample::bedActual),
    BED_TARGET("bedTarget", TelemetrySample::bedTarget),
    HEATER_POWER("heaterPower", TelemetrySample::heaterPower),
    FAN_SPEED("fanSpeed", TelemetrySample::fanSpeed),
    FAN_RPM("fanRpm", TelemetrySample::fanRpm),
    PROGRESS("progress", TelemetrySample::progress);

    private final String fieldName;
    private final Function<TelemetrySample, Double> value;

    TelemetryField(String fieldName, Function<TelemetrySample, Double> value) {
        this.fieldName = fieldName;
        this.value = value;
    }

    /** The name of the sample's accessor, e.g. {@code nozzleActual}: how configurations name the field. */
    public String fieldName() {
        return fieldName;
    }

    /**
     * The field a configuration names, by its accessor name in camelCase or snake_case ({@code nozzleActual},
     * {@code nozzle_actual}), ignoring case; empty for any other text.
     */
    public static Optional<TelemetryField> parse(String name) {
        String key = name.trim().replace("_", "").toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.fieldName.toLowerCase(Locale.ROOT).equals(key)).findFirst();
    }

    /** Every field's name, for messages: {@code nozzleActual, nozzleTarget, ...}. */
    public static String names() {
        return Arrays.stream(values()).map(TelemetryField::fieldName).collect(Collectors.joining(", "));
    }

    /** This field of the sample; null when absent. */
    public Double of(TelemetrySample sample) {
        return value.apply(sample);
    }
}
