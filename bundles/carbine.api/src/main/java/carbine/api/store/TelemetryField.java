package carbine.api.store;

import java.util.function.Function;

import carbine.api.telemetry.TelemetrySample;

/** The numeric fields of a {@link TelemetrySample} that the history keeps statistics of. */
public enum TelemetryField {
    NOZZLE_ACTUAL(TelemetrySample::nozzleActual),
    NOZZLE_TARGET(TelemetrySample::nozzleTarget),
    BED_ACTUAL(TelemetrySample::bedActual),
    BED_TARGET(TelemetrySample::bedTarget),
    HEATER_POWER(TelemetrySample::heaterPower),
    FAN_SPEED(TelemetrySample::fanSpeed),
    FAN_RPM(TelemetrySample::fanRpm),
    PROGRESS(TelemetrySample::progress);

    private final Function<TelemetrySample, Double> value;

    TelemetryField(Function<TelemetrySample, Double> value) {
        this.value = value;
    }

    /** This field of the sample; null when absent. */
    public Double of(TelemetrySample sample) {
        return value.apply(sample);
    }
}
