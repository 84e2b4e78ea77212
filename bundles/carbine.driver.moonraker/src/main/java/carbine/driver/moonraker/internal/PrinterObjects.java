package carbine.driver.moonraker.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Klipper's printer objects as this driver knows them: the baseline of {@code printer.objects.subscribe}, with the
 * deltas of every {@code notify_status_update} merged in. A delta carries, per object, only the fields that changed
 * (Moonraker {@code docs/external_api/jsonrpc_notifications.md}, "Subscription Updates"), so each field of a delta
 * replaces that one field and the others stay. Not thread-safe: the owner serialises access.
 */
final class PrinterObjects {
    private final Map<String, JsonObject> objects = new LinkedHashMap<>();

    /** Replaces everything with a subscribe (or query) result's {@code status}; returns what could not be used. */
    List<String> reset(JsonObject status) {
        objects.clear();
        return merge(status);
    }

    /**
     * Merges a delta ({@code {object: {field: value}}}). An entry whose value is not an object is skipped and
     * reported; the rest of the delta is still used.
     */
    List<String> merge(JsonObject delta) {
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<String, JsonElement> entry : delta.entrySet()) {
            if (!entry.getValue().isJsonObject()) {
                skipped.add("printer object '" + entry.getKey() + "' = " + Json.excerpt(entry.getValue().toString())
                        + " is not an object");
                continue;
            }
            JsonObject target = objects.computeIfAbsent(entry.getKey(), name -> new JsonObject());
            for (Map.Entry<String, JsonElement> field : entry.getValue().getAsJsonObject().entrySet()) {
                target.add(field.getKey(), field.getValue().deepCopy());
            }
        }
        return skipped;
    }

    void clear() {
        objects.clear();
    }

    boolean isEmpty() {
        return objects.isEmpty();
    }

    /** A deep copy, safe to read without the owner's lock. */
    Map<String, JsonObject> copy() {
        Map<String, JsonObject> copy = new LinkedHashMap<>();
        objects.forEach((name, fields) -> copy.put(name, fields.deepCopy()));
        return copy;
    }
}
