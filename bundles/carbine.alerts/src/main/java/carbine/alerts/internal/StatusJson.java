package carbine.alerts.internal;

import java.io.Writer;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import carbine.api.alert.Alert;
import carbine.api.fleet.PrinterStatus;

/** The JSON form of {@code status.json}. */
public final class StatusJson implements StatusSerializer {
    private final Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    @Override
    public void write(Status status, Writer out) {
        gson.toJson(toJson(status), out);
    }

    public static JsonObject toJson(Status status) {
        JsonObject json = new JsonObject();
        json.addProperty("generated", status.generated().toString());
        json.addProperty("cycle", status.cycle());
        JsonArray printers = new JsonArray();
        status.printers().forEach(p -> printers.add(printer(p)));
        json.add("printers", printers);
        JsonArray alerts = new JsonArray();
        status.alerts().forEach(a -> alerts.add(alert(a)));
        json.add("alerts", alerts);
        return json;
    }

    static JsonObject printer(PrinterStatus p) {
        JsonObject json = new JsonObject();
        json.addProperty("printer_id", p.printerId());
        json.addProperty("driver", p.driver());
        json.addProperty("online", p.online());
        json.addProperty("consecutive_failures", p.consecutiveFailures());
        if (p.lastError() != null) {
            json.addProperty("last_error", p.lastError());
        }
        if (p.latest() != null) {
            json.add("latest", SampleJson.of(p.latest()));
        }
        return json;
    }

    static JsonObject alert(Alert a) {
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
        SampleJson.number(json, "score", a.score());
        return json;
    }
}
