package carbine.rest.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertState;
import carbine.api.store.FieldStats;
import carbine.api.store.History;
import carbine.api.store.HistoryPoint;
import carbine.api.store.TelemetryField;
import carbine.api.telemetry.PrinterState;

/**
 * The API's JSON, in Carbine's common snake_case names: an alert as in {@code status.json} (plus
 * {@code resolved_at} and {@code acknowledged_by}), a telemetry field as in a sample ({@code nozzle_actual} ...).
 * Absent values and NaN are left out, never written as 0; the one exception is {@code acknowledged_by}, always
 * there and {@code null} when nobody is known to have acknowledged (so a script can tell "nobody" from an old
 * Carbine). Only values added on purpose as {@link JsonNull} are written as {@code null}.
 */
public final class RestJson {
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private RestJson() {}

    public static String text(JsonObject json) {
        return GSON.toJson(json);
    }

    /** The JSON name of a field: {@code NOZZLE_ACTUAL} → {@code nozzle_actual}, as in a sample's JSON. */
    public static String name(TelemetryField field) {
        return field.name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param acknowledgedBy who acknowledged an alert, by its id (the alert store's record); empty when nobody did or
     *                       it is not known
     */
    public static JsonObject alerts(String state, List<Alert> alerts, Function<String, Optional<String>> acknowledgedBy) {
        JsonObject json = new JsonObject();
        json.addProperty("state", state);
        json.addProperty("count", alerts.size());
        JsonArray array = new JsonArray();
        alerts.forEach(a -> array.add(alert(a, a.state() == AlertState.ACTIVE ? Optional.empty()
                : acknowledgedBy.apply(a.id()))));
        json.add("alerts", array);
        return json;
    }

    /** Same names and order as {@code status.json}'s alerts; {@code resolved_at} when resolved. */
    public static JsonObject alert(Alert a) {
        JsonObject json = new JsonObject();
        json.addProperty("id", a.id());
        json.addProperty("printer_id", a.printerId());
        json.addProperty("detector", a.detector());
        json.addProperty("kind", a.kind());
        json.addProperty("severity", a.severity().name());
        json.addProperty("state", a.state().name());
        json.addProperty("message", a.message());
        json.addProperty("first_seen", a.firstSeen().toString());
        json.addProperty("last_seen", a.lastSeen().toString());
        json.addProperty("count", a.count());
        number(json, "score", a.score());
        if (a.resolvedAt() != null) {
            json.addProperty("resolved_at", a.resolvedAt().toString());
        }
        return json;
    }

    /** As {@link #alert(Alert)}, then {@code acknowledged_by}: who acknowledged it, or {@code null}. */
    public static JsonObject alert(Alert a, Optional<String> acknowledgedBy) {
        JsonObject json = alert(a);
        if (acknowledgedBy.isPresent()) {
            json.addProperty("acknowledged_by", acknowledgedBy.get());
        } else {
            json.add("acknowledged_by", JsonNull.INSTANCE);
        }
        return json;
    }

    public static JsonObject history(History h) {
        JsonObject json = new JsonObject();
        json.addProperty("printer_id", h.printerId());
        json.addProperty("from", h.from().toString());
        json.addProperty("to", h.to().toString());
        json.addProperty("resolution", h.resolution().name());
        json.addProperty("step_seconds", h.step().toMillis() / 1000.0);
        json.addProperty("count", h.points().size());
        JsonArray points = new JsonArray();
        h.points().forEach(p -> points.add(point(p)));
        json.add("points", points);
        return json;
    }

    static JsonObject point(HistoryPoint p) {
        JsonObject json = new JsonObject();
        json.addProperty("start", p.start().toString());
        json.addProperty("end", p.end().toString());
        json.addProperty("samples", p.samples());
        JsonObject states = new JsonObject();
        for (PrinterState s : PrinterState.values()) {
            if (p.samples(s) > 0) {
                states.addProperty(s.name(), p.samples(s));
            }
        }
        json.add("states", states);
        json.addProperty("errors", p.errors());
        json.addProperty("filament_out", p.filamentOut());
        for (TelemetryField f : TelemetryField.values()) {
            FieldStats stats = p.field(f);
            if (stats != null) {
                JsonObject field = new JsonObject();
                number(field, "mean", stats.mean());
                number(field, "min", stats.min());
                number(field, "max", stats.max());
                number(field, "last", stats.last());
                field.addProperty("count", stats.count());
                json.add(name(f), field);
            }
        }
        return json;
    }

    /** {@code {"status":400,"error":"...","parameter":"from"}}; the parameter only when one is to blame. */
    public static JsonObject error(int status, String message, String parameter) {
        JsonObject json = new JsonObject();
        json.addProperty("status", status);
        json.addProperty("error", message);
        if (parameter != null) {
            json.addProperty("parameter", parameter);
        }
        return json;
    }

    static void number(JsonObject json, String name, Double value) {
        if (value != null && Double.isFinite(value)) {
            json.addProperty(name, value);
        }
    }
}
