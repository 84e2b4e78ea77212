package carbine.runtime.internal;

import java.io.Writer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import carbine.api.alert.Alert;
import carbine.api.fleet.PrinterStatus;
import carbine.api.telemetry.PrinterState;

/**
 * The JSON form of {@code status.json}: a {@code summary} of the whole fleet, then the printers and the open
 * alerts. A fleet larger than {@code maxPrinters} is listed in part (those needing attention first: offline,
 * failing, in error, or with an open alert; then the others in fleet order) and the summary says how many were
 * left out ({@code truncated}); the same for more than {@code maxAlerts} open alerts (newest first). The file
 * stays small enough to rewrite after every poll cycle whatever the size of the farm.
 */
public final class StatusJson implements StatusSerializer {
    static final int DEFAULT_MAX_PRINTERS = 1000;
    static final int DEFAULT_MAX_ALERTS = 1000;

    private final Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private final int maxPrinters;
    private final int maxAlerts;

    public StatusJson() {
        this(DEFAULT_MAX_PRINTERS, DEFAULT_MAX_ALERTS);
    }

    public StatusJson(int maxPrinters, int maxAlerts) {
        this.maxPrinters = maxPrinters;
        this.maxAlerts = maxAlerts;
    }

    @Override
    public void write(Status status, Writer out) {
        gson.toJson(toJson(status), out);
    }

    /** Whether this status would be listed in part. */
    boolean truncates(Status status) {
        return status.printers().size() > maxPrinters || status.alerts().size() > maxAlerts;
    }

    public JsonObject toJson(Status status) {
        JsonObject json = new JsonObject();
        json.addProperty("generated", status.generated().toString());
        json.addProperty("cycle", status.cycle());
        List<PrinterStatus> listed = listed(status);
        List<Alert> alertsListed = status.alerts().subList(0, Math.min(maxAlerts, status.alerts().size()));
        json.add("summary", summary(status, listed.size(), alertsListed.size()));
        JsonArray printers = new JsonArray();
        listed.forEach(p -> printers.add(printer(p)));
        json.add("printers", printers);
        JsonArray alerts = new JsonArray();
        alertsListed.forEach(a -> alerts.add(alert(a)));
        json.add("alerts", alerts);
        return json;
    }

    private List<PrinterStatus> listed(Status status) {
        List<PrinterStatus> all = status.printers();
        if (all.size() <= maxPrinters) {
            return all;
        }
        Set<String> alerting = new HashSet<>();
        status.alerts().forEach(a -> alerting.add(a.printerId()));
        List<PrinterStatus> first = new ArrayList<>();
        List<PrinterStatus> rest = new ArrayList<>();
        for (PrinterStatus p : all) {
            (needsAttention(p, alerting) ? first : rest).add(p);
        }
        first.addAll(rest);
        return first.subList(0, maxPrinters);
    }

    private static boolean needsAttention(PrinterStatus p, Set<String> alerting) {
        return !p.online() || p.consecutiveFailures() > 0 || alerting.contains(p.printerId())
                || (p.latest() != null && p.latest().state() == PrinterState.ERROR);
    }

    private static JsonObject summary(Status status, int printersListed, int alertsListed) {
        JsonObject json = new JsonObject();
        int online = 0;
        Map<String, Integer> byState = new TreeMap<>();
        for (PrinterStatus p : status.printers()) {
            online += p.online() ? 1 : 0;
            byState.merge(p.latest() == null ? "NO_SAMPLE" : p.latest().state().name(), 1, Integer::sum);
        }
        json.addProperty("printers", status.printers().size());
        json.addProperty("online", online);
        json.addProperty("offline", status.printers().size() - online);
        JsonObject states = new JsonObject();
        byState.forEach(states::addProperty);
        json.add("by_state", states);
        Map<String, Integer> bySeverity = new TreeMap<>();
        status.alerts().forEach(a -> bySeverity.merge(a.severity().name(), 1, Integer::sum));
        json.addProperty("open_alerts", status.alerts().size());
        JsonObject severities = new JsonObject();
        bySeverity.forEach(severities::addProperty);
        json.add("alerts_by_severity", severities);
        json.addProperty("printers_listed", printersListed);
        json.addProperty("alerts_listed", alertsListed);
        json.addProperty("truncated", printersListed < status.printers().size() || alertsListed < status.alerts().size());
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
