package carbine.maintenance.internal;

import java.util.List;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import carbine.api.maintenance.LogEntry;
import carbine.api.maintenance.TaskStatus;
import carbine.api.maintenance.UsageCounters;

/** The API's JSON, in Carbine's snake_case names; an unknown value (filament) is left out, never 0. */
final class MaintenanceJson {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private MaintenanceJson() {}

    static String text(JsonObject o) {
        return GSON.toJson(o);
    }

    static JsonObject counters(UsageCounters c) {
        JsonObject o = new JsonObject();
        o.addProperty("printer_id", c.printerId());
        if (c.since() != null) o.addProperty("since", c.since().toString());
        if (c.lastSample() != null) o.addProperty("last_sample", c.lastSample().toString());
        o.addProperty("printing_hours", round(c.printingHours()));
        o.addProperty("hotend_hours", round(c.hotendHours()));
        o.addProperty("bed_hours", round(c.bedHours()));
        o.addProperty("fan_hours", round(c.fanHours()));
        o.addProperty("heat_cycles", c.heatCycles());
        o.addProperty("jobs_finished", c.jobsFinished());
        o.addProperty("jobs_failed", c.jobsFailed());
        if (c.filamentMeters() != null) o.addProperty("filament_m", c.filamentMeters());
        return o;
    }

    static JsonObject task(TaskStatus t) {
        JsonObject o = new JsonObject();
        o.addProperty("printer_id", t.printerId());
        o.addProperty("task", t.task());
        o.addProperty("unit", t.unit());
        o.addProperty("every", t.every());
        o.addProperty("used", round(t.used()));
        if (t.lastDone() != null) o.addProperty("last_done", t.lastDone().toString());
        o.addProperty("due", t.due().name());
        return o;
    }

    static JsonObject log(LogEntry e) {
        JsonObject o = new JsonObject();
        o.addProperty("printer_id", e.printerId());
        o.addProperty("task", e.task());
        o.addProperty("at", e.at().toString());
        o.addProperty("actor", e.actor());
        o.addProperty("note", e.note());
        o.addProperty("used", round(e.used()));
        o.addProperty("unit", e.unit());
        return o;
    }

    static JsonObject maintenance(String printerId, List<TaskStatus> tasks, List<LogEntry> log) {
        JsonObject o = new JsonObject();
        o.addProperty("printer_id", printerId);
        JsonArray t = new JsonArray();
        tasks.forEach(s -> t.add(task(s)));
        o.add("tasks", t);
        JsonArray l = new JsonArray();
        log.forEach(e -> l.add(log(e)));
        o.add("log", l);
        return o;
    }

    static JsonObject error(int status, String message) {
        JsonObject o = new JsonObject();
        o.addProperty("status", status);
        o.addProperty("error", message);
        return o;
    }

    /** Hours to the millisecond's worth of a fraction (6 decimals): no float noise in the JSON. */
    static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
