package carbine.driver.bambu.internal;

import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The printer's last known {@code print} object: the first report (or a {@code pushall} answer) and every later
 * report merged into it. P1 and A1 printers send only what changed since the last report (Doridian/OpenBambuAPI
 * {@code mqtt.md}, "pushing.pushall"); a key a report leaves out keeps its last value, as ha-bambulab does
 * ({@code data.get(key, previous)} in {@code pybambu/models.py}). Nested objects ({@code device}, {@code ams},
 * {@code upgrade_state}) merge key by key; a list replaces the old list.
 *
 * <p>Memory stays bounded whatever arrives: the state holds at most {@link #MAX_NODES} JSON values and nests at most
 * {@link #MAX_DEPTH} objects deep. A value that would cross the bound is left out (counted, not stored), while known
 * keys keep updating. Not thread-safe: the client guards it.
 */
final class ReportState {
    /** A full X1C report with four AMS units has a few hundred values; this is far above and still small. */
    static final int MAX_NODES = 20_000;
    static final int MAX_DEPTH = 16;

    private final JsonObject print = new JsonObject();
    private int nodes;
    private long refused;

    /** Merges a report's {@code print} object; returns how many values were left out to keep the bounds. */
    int merge(JsonObject delta) {
        long before = refused;
        merge(print, delta, 1);
        return (int) (refused - before);
    }

    private void merge(JsonObject target, JsonObject delta, int depth) {
        for (Map.Entry<String, JsonElement> entry : delta.entrySet()) {
            String key = entry.getKey();
            JsonElement value = entry.getValue();
            JsonElement old = target.get(key);
            if (old != null && old.isJsonObject() && value.isJsonObject()) {
                if (depth < MAX_DEPTH) {
                    merge(old.getAsJsonObject(), value.getAsJsonObject(), depth + 1);
                } else {
                    refused++;
                }
                continue;
            }
            int added = count(value, depth);
            if (added < 0) {
                refused++;
                continue;
            }
            int removed = old == null ? 0 : count(old, 0);
            if (nodes + added - removed > MAX_NODES) {
                refused++;
                continue;
            }
            target.add(key, value);
            nodes += added - removed;
        }
    }

    /** The number of values in {@code e} (itself included), or -1 when it nests deeper than allowed. */
    private static int count(JsonElement e, int depth) {
        if (depth > MAX_DEPTH) {
            return -1;
        }
        int n = 1;
        if (e.isJsonObject()) {
            for (Map.Entry<String, JsonElement> child : e.getAsJsonObject().entrySet()) {
                int c = count(child.getValue(), depth + 1);
                if (c < 0) {
                    return -1;
                }
                n += c;
            }
        } else if (e.isJsonArray()) {
            for (JsonElement child : e.getAsJsonArray()) {
                int c = count(child, depth + 1);
                if (c < 0) {
                    return -1;
                }
                n += c;
            }
        }
        return n;
    }

    /** The merged object; read it under the client's lock only. */
    JsonObject print() {
        return print;
    }

    boolean isEmpty() {
        return print.size() == 0;
    }

    int nodes() {
        return nodes;
    }

    long refused() {
        return refused;
    }
}
