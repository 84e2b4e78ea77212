package carbine.simulator.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import carbine.api.telemetry.TelemetrySample;

/**
 * Renders samples in Carbine's JSON: snake_case names, {@code time} as ISO-8601 UTC, absent fields left out
 * (never written as 0 or null).
 */
final class SampleJson {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private SampleJson() {}

    static String render(TelemetrySample sample) {
        return GSON.toJson(toJson(sample));
    }

    static JsonObject toJson(TelemetrySample s) {
        JsonObject json = new JsonObject();
        json.addProperty("printer_id", s.printerId());
        json.addProperty("time", s.time().toString());
        json.addProperty("state", s.state().name());
        putIfPresent(json, "nozzle_actual", s.nozzleActual());
        putIfPresent(json, "nozzle_target", s.nozzleTarget());
        putIfPresent(json, "bed_actual", s.bedActual());
        putIfPresent(json, "bed_target", s.bedTarget());
        putIfPresent(json, "heater_power", s.heaterPower());
        putIfPresent(json, "fan_speed", s.fanSpeed());
        putIfPresent(json, "fan_rpm", s.fanRpm());
        if (s.filamentDetected() != null) {
            json.addProperty("filament_detected", s.filamentDetected());
        }
        if (s.filamentMoving() != null) {
            json.addProperty("filament_moving", s.filamentMoving());
        }
        putIfPresent(json, "progress", s.progress());
        if (s.error() != null) {
            json.addProperty("error", s.error());
        }
        if (s.errorCode() != null) {
            json.addProperty("error_code", s.errorCode());
        }
        putIfPresent(json, "chamber_actual", s.chamberActual());
        putIfPresent(json, "chamber_target", s.chamberTarget());
        putIfPresent(json, "bed_power", s.bedPower());
        if (!s.sensors().isEmpty()) {
            JsonObject sensors = new JsonObject();
            s.sensors().forEach(sensors::addProperty);
            json.add("sensors", sensors);
        }
        putIfPresent(json, "print_duration", s.printDuration());
        putIfPresent(json, "filament_used", s.filamentUsed());
        if (s.layer() != null) {
            json.addProperty("layer", s.layer());
        }
        if (s.totalLayers() != null) {
            json.addProperty("total_layers", s.totalLayers());
        }
        return json;
    }

    /** {@code {"printers":["a","b"]}} */
    static String renderPrinterIds(Iterable<String> ids) {
        JsonArray array = new JsonArray();
        ids.forEach(array::add);
        JsonObject json = new JsonObject();
        json.add("printers", array);
        return GSON.toJson(json);
    }

    /** {@code {"status":404,"message":"..."}} */
    static String renderError(int status, String message) {
        JsonObject json = new JsonObject();
        json.addProperty("status", status);
        json.addProperty("message", message);
        return GSON.toJson(json);
    }

    private static void putIfPresent(JsonObject json, String name, Double value) {
        if (value != null) {
            json.addProperty(name, value);
        }
    }
}
