package carbine.rest.internal;

import java.util.List;
import java.util.Locale;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import carbine.api.notify.Notifications;

/** The notification API's JSON, in the API's snake_case names; absent values left out. */
final class NotifyJson {
    private NotifyJson() {}

    static JsonObject channels(List<Notifications.Channel> channels) {
        JsonArray array = new JsonArray();
        for (Notifications.Channel c : channels) {
            JsonObject json = new JsonObject();
            json.addProperty("id", c.id());
            json.addProperty("name", c.name());
            json.addProperty("type", c.type());
            json.addProperty("state", c.failing() ? "failing" : c.failures() > 0 ? "retrying" : "ok");
            json.addProperty("failures", c.failures());
            if (c.lastError() != null) {
                json.addProperty("last_error", c.lastError());
            }
            json.addProperty("waiting", c.waiting());
            json.addProperty("delivered", c.delivered());
            json.addProperty("failed", c.failed());
            if (c.snoozedUntil() != null) {
                json.addProperty("snoozed_until", c.snoozedUntil().toString());
            }
            array.add(json);
        }
        JsonObject json = new JsonObject();
        json.addProperty("count", channels.size());
        json.add("channels", array);
        return json;
    }

    static JsonObject snooze(Notifications.Snooze z) {
        JsonObject json = new JsonObject();
        json.addProperty("target", z.target().name().toLowerCase(Locale.ROOT));
        json.addProperty("id", z.id());
        json.addProperty("until", z.until().toString());
        json.addProperty("by", z.actor());
        json.addProperty("since", z.since().toString());
        return json;
    }

    static JsonObject snoozes(List<Notifications.Snooze> snoozes) {
        JsonArray array = new JsonArray();
        snoozes.forEach(z -> array.add(snooze(z)));
        JsonObject json = new JsonObject();
        json.addProperty("count", snoozes.size());
        json.add("snoozes", array);
        return json;
    }

    static JsonObject deliveries(List<Notifications.Delivery> deliveries) {
        JsonArray array = new JsonArray();
        for (Notifications.Delivery d : deliveries) {
            JsonObject json = new JsonObject();
            json.addProperty("time", d.time().toString());
            json.addProperty("channel", d.channel());
            json.addProperty("notification_id", d.notificationId());
            json.addProperty("title", d.title());
            json.addProperty("status", d.status().name());
            json.addProperty("attempts", d.attempts());
            if (d.error() != null) {
                json.addProperty("error", d.error());
            }
            json.addProperty("test", d.test());
            array.add(json);
        }
        JsonObject json = new JsonObject();
        json.addProperty("count", deliveries.size());
        json.add("deliveries", array);
        return json;
    }

    static JsonObject test(String channel, Notifications.TestResult r) {
        JsonObject json = new JsonObject();
        json.addProperty("channel", channel);
        json.addProperty("delivered", r.delivered());
        if (r.answer() != null) {
            json.addProperty("answer", r.answer());
        }
        json.addProperty("millis", r.millis());
        return json;
    }
}
