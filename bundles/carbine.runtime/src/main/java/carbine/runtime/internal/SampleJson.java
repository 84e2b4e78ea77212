package carbine.runtime.internal;

import com.google.gson.JsonObject;

import carbine.api.telemetry.TelemetrySample;

/** A telemetry sample in Carbine's common JSON names; absent fields are left out, never written as 0. */
public final class SampleJson {
    private SampleJson() {}

    public static JsonObject of(TelemetrySample s) {
        JsonObject json = new JsonObject();
        json.addProperty("printer_id", s.printerId());
        json.addProperty("time", s.time().toString());
        json.addProperty("state", s.state().name());
        number(json, "nozzle_actual", s.nozzleActual());
        number(json, "nozzle_target", s.nozzleTarget());
        number(json, "bed_actual", s.bedActual());
        number(json, "bed_target", s.bedTarget());
        number(json, "heater_power", s.heaterPower());
        number(json, "fan_speed", s.fanSpeed());
        number(json, "fan_rpm", s.fanRpm());
        if (s.filamentDetected() != null) {
            json.addProperty("filament_detected", s.filamentDetected());
        }
        if (s.filamentMoving() != null) {
            json.addProperty("filament_moving", s.filamentMoving());
        }
        number(json, "progress", s.progress());
        if (s.error() != null) {
            json.addProperty("error", s.error());
        }
        if (s.errorCode() != null) {
            json.addProperty("error_code", s.errorCode());
        }
        number(json, "chamber_actual", s.chamberActual());
        number(json, "chamber_target", s.chamberTarget());
        number(json, "bed_power", s.bedPower());
        if (!s.sensors().isEmpty()) {
            JsonObject sensors = new JsonObject();
            s.sensors().forEach((name, celsius) -> number(sensors, name, celsius));
            json.add("sensors", sensors);
        }
        number(json, "print_duration", s.printDuration());
        number(json, "filament_used", s.filamentUsed());
        if (s.layer() != null) {
            json.addProperty("layer", s.layer());
        }
        if (s.totalLayers() != null) {
            json.addProperty("total_layers", s.totalLayers());
        }
        return json;
    }

    /** Leaves out absent values and NaN/infinity, which JSON cannot express. */
    static void number(JsonObject json, String name, Double value) {
        if (value != null && Double.isFinite(value)) {
            json.addProperty(name, value);
        }
    }
}
