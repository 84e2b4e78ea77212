package carbine.notify.internal;

import java.time.Instant;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;
import carbine.api.notify.NotifiedAlert;
import carbine.api.notify.Notification;

/**
 * The JSON of a notification: what the outbox stores and what the webhook channel posts. Written by hand, field by
 * field: the format is a contract for webhook receivers (see the README), and Gson's reflection cannot reach
 * {@code java.time}.
 */
final class NotificationJson {
    static final int VERSION = 1;

    private NotificationJson() {}

    static JsonObject toJson(Notification n) {
        JsonObject o = new JsonObject();
        o.addProperty("version", VERSION);
        o.addProperty("id", n.id());
        o.addProperty("change", n.change().name());
        o.addProperty("groupKey", n.groupKey());
        o.addProperty("severity", n.severity().name());
        o.addProperty("title", n.title());
        o.addProperty("body", n.body());
        o.addProperty("time", n.time().toString());
        JsonArray alerts = new JsonArray();
        n.alerts().forEach(a -> alerts.add(toJson(a)));
        o.add("alerts", alerts);
        return o;
    }

    static JsonObject toJson(NotifiedAlert a) {
        JsonObject o = new JsonObject();
        o.addProperty("id", a.id());
        o.addProperty("printer", a.printerId());
        o.addProperty("detector", a.detector());
        o.addProperty("kind", a.kind());
        o.addProperty("severity", a.severity().name());
        o.addProperty("message", a.message());
        o.addProperty("state", a.state().name());
        o.addProperty("time", a.time().toString());
        return o;
    }

    static String write(Notification n) {
        return toJson(n).toString();
    }

    static Notification read(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        Notification.Builder b = Notification.builder(Notification.Change.valueOf(o.get("change").getAsString()))
                .id(o.get("id").getAsString()).groupKey(o.get("groupKey").getAsString())
                .title(o.get("title").getAsString()).body(o.get("body").getAsString())
                .time(Instant.parse(o.get("time").getAsString()));
        o.getAsJsonArray("alerts").forEach(e -> b.alert(alert(e.getAsJsonObject())));
        return b.build();
    }

    static String writeAlert(NotifiedAlert a) {
        return toJson(a).toString();
    }

    static NotifiedAlert readAlert(String json) {
        return alert(JsonParser.parseString(json).getAsJsonObject());
    }

    private static NotifiedAlert alert(JsonObject o) {
        return new NotifiedAlert(o.get("id").getAsString(), o.get("printer").getAsString(),
                o.get("detector").getAsString(), o.get("kind").getAsString(),
                Severity.valueOf(o.get("severity").getAsString()), o.get("message").getAsString(),
                AlertState.valueOf(o.get("state").getAsString()), Instant.parse(o.get("time").getAsString()));
    }
}
