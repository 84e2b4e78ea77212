package carbine.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import carbine.api.alert.Severity;
import carbine.api.fleet.PrinterStatus;
import carbine.api.notify.NotifiedAlert;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * The topics and payloads of Home Assistant's MQTT discovery for one Carbine, written from Home Assistant's
 * documentation (home-assistant/home-assistant.io, {@code source/_integrations/mqtt.markdown}, sections "Discovery
 * topic", "Single component discovery payload", "Discovery messages and availability", "Using Availability topics";
 * {@code sensor.mqtt.markdown} and {@code binary_sensor.mqtt.markdown} for the entities' options):
 *
 * <ul>
 * <li>one discovery message per entity on {@code <discovery_prefix>/<component>/<node_id>/<object_id>/config}, where
 * node and object id "must only consist of characters from the character class [a-zA-Z0-9_-]"; the payload is a JSON
 * dictionary with the entity's options, a {@code unique_id} and a {@code device} mapping whose {@code identifiers}
 * tie the entities of one printer to one device, and the {@code origin} that the documentation recommends;</li>
 * <li>{@code availability}: a list of topics with {@code payload_available}/{@code payload_not_available} (default
 * {@code online}/{@code offline}), here Carbine's own status topic, which its last will sets to {@code offline};</li>
 * <li>a {@code value_template} picks each sensor's value out of one JSON state message per printer ("one state topic
 * may feed several sensors"); a value Carbine does not know is JSON {@code null}, which the template renders as
 * {@code None}, the payload Home Assistant's MQTT sensor takes as "unknown" ({@code PAYLOAD_NONE} in
 * {@code homeassistant/components/mqtt/sensor.py} and {@code binary_sensor.py});</li>
 * <li>an empty retained message on a config topic deletes the entity.</li>
 * </ul>
 */
final class Discovery {
    static final String ONLINE = "online";
    static final String OFFLINE = "offline";
    static final String ON = "ON";
    static final String OFF = "OFF";
    /** Alerts listed in the attributes of the alerts sensor; Home Assistant's recorder skips attributes over 16 kB. */
    static final int MAX_LISTED_ALERTS = 20;
    static final int MAX_MESSAGE_CHARS = 200;
    private static final Pattern NOT_ID = Pattern.compile("[^A-Za-z0-9_-]");
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    /** The entities of one printer: the component (platform) and the object id of each. */
    enum Entity {
        STATE("sensor", "state"),
        NOZZLE_TEMPERATURE("sensor", "nozzle_temperature"),
        BED_TEMPERATURE("sensor", "bed_temperature"),
        PROGRESS("sensor", "progress"),
        ALERTS("sensor", "alerts"),
        PROBLEM("binary_sensor", "problem");

        final String component;
        final String objectId;

        Entity(String component, String objectId) {
            this.component = component;
            this.objectId = objectId;
        }
    }

    private final String topicPrefix;
    private final String discoveryPrefix;
    private final String prefixId;
    private final String version;

    /**
     * @param version Carbine's version for the {@code origin} mapping
     */
    Discovery(String topicPrefix, String discoveryPrefix, String version) {
        this.topicPrefix = topicPrefix;
        this.discoveryPrefix = discoveryPrefix;
        this.prefixId = id(topicPrefix);
        this.version = version;
    }

    /** Carbine's availability: {@code online} while connected, {@code offline} (the last will) otherwise. */
    String availabilityTopic() {
        return topicPrefix + "/status";
    }

    /** Where Home Assistant publishes its birth message {@code online} (and its will {@code offline}). */
    String homeAssistantStatusTopic() {
        return discoveryPrefix + "/status";
    }

    /** The device's identifier, also the discovery topics' node id: {@code <topic prefix>_<printer>}, id-safe. */
    String deviceId(String printerId) {
        return prefixId + "_" + id(printerId);
    }

    String configTopic(Entity entity, String printerId) {
        return discoveryPrefix + "/" + entity.component + "/" + deviceId(printerId) + "/" + entity.objectId + "/config";
    }

    String stateTopic(String printerId) {
        return topicPrefix + "/" + id(printerId) + "/state";
    }

    String alertsTopic(String printerId) {
        return topicPrefix + "/" + id(printerId) + "/alerts";
    }

    /**
     * A printer id as a topic level and id: itself when it has only {@code [A-Za-z0-9_-]}; otherwise the other
     * characters replaced by {@code _} and a hash of the original appended, so that {@code a.b} and {@code a_b} stay
     * two devices.
     */
    static String id(String printerId) {
        String safe = NOT_ID.matcher(printerId).replaceAll("_");
        if (safe.equals(printerId) && !safe.isEmpty()) {
            return safe;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(printerId.getBytes(StandardCharsets.UTF_8));
            return safe + "_" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The discovery payload of one entity of one printer. */
    String config(Entity entity, PrinterStatus printer) {
        String id = printer.printerId();
        JsonObject c = new JsonObject();
        c.addProperty("unique_id", deviceId(id) + "_" + entity.objectId);
        JsonObject device = new JsonObject();
        JsonArray identifiers = new JsonArray();
        identifiers.add(deviceId(id));
        device.add("identifiers", identifiers);
        device.addProperty("name", id);
        if (printer.driver() != null && !printer.driver().isBlank()) {
            device.addProperty("model", printer.driver());
        }
        c.add("device", device);
        JsonObject origin = new JsonObject();
        origin.addProperty("name", "Carbine");
        origin.addProperty("sw_version", version);
        c.add("origin", origin);
        JsonArray availability = new JsonArray();
        JsonObject carbine = new JsonObject();
        carbine.addProperty("topic", availabilityTopic());
        carbine.addProperty("payload_available", ONLINE);
        carbine.addProperty("payload_not_available", OFFLINE);
        availability.add(carbine);
        c.add("availability", availability);
        c.addProperty("state_topic", stateTopic(id));
        c.addProperty("qos", 1);
        switch (entity) {
            case STATE -> {
                c.addProperty("name", "State");
                c.addProperty("device_class", "enum");
                JsonArray options = new JsonArray();
                for (PrinterState s : PrinterState.values()) {
                    options.add(s.name());
                }
                c.add("options", options);
                c.addProperty("value_template", "{{ value_json.state }}");
                c.addProperty("json_attributes_topic", stateTopic(id));
                c.addProperty("icon", "mdi:printer-3d");
            }
            case NOZZLE_TEMPERATURE -> temperature(c, "Nozzle temperature", "nozzle");
            case BED_TEMPERATURE -> temperature(c, "Bed temperature", "bed");
            case PROGRESS -> {
                c.addProperty("name", "Progress");
                c.addProperty("unit_of_measurement", "%");
                c.addProperty("state_class", "measurement");
                c.addProperty("suggested_display_precision", 0);
                c.addProperty("value_template", "{{ value_json.progress }}");
                c.addProperty("icon", "mdi:progress-clock");
            }
            case ALERTS -> {
                c.addProperty("name", "Open alerts");
                c.addProperty("state_class", "measurement");
                c.addProperty("value_template", "{{ value_json.alerts }}");
                c.addProperty("json_attributes_topic", alertsTopic(id));
                c.addProperty("icon", "mdi:alert");
            }
            case PROBLEM -> {
                c.addProperty("name", "Problem");
                c.addProperty("device_class", "problem");
                c.addProperty("value_template", "{{ value_json.problem }}");
                c.addProperty("payload_on", ON);
                c.addProperty("payload_off", OFF);
                c.addProperty("json_attributes_topic", alertsTopic(id));
            }
        }
        return GSON.toJson(c);
    }

    private static void temperature(JsonObject c, String name, String field) {
        c.addProperty("name", name);
        c.addProperty("device_class", "temperature");
        c.addProperty("unit_of_measurement", "°C");
        c.addProperty("state_class", "measurement");
        c.addProperty("suggested_display_precision", 1);
        c.addProperty("value_template", "{{ value_json." + field + " }}");
    }

    /**
     * The state message of a printer. An offline printer's state is {@code OFFLINE} and its readings unknown (the
     * last good sample is old); a printer without a sample yet has an unknown state.
     *
     * @param open the printer's open alerts, newest first
     */
    static String state(PrinterStatus printer, List<NotifiedAlert> open) {
        TelemetrySample s = printer.latest();
        boolean fresh = printer.online() && s != null;
        JsonObject j = new JsonObject();
        j.addProperty("state", !printer.online() ? PrinterState.OFFLINE.name() : s == null ? null : s.state().name());
        j.addProperty("online", printer.online());
        j.addProperty("problem", problem(printer, open) ? ON : OFF);
        j.addProperty("alerts", open.size());
        j.addProperty("nozzle", fresh ? round(s.nozzleActual()) : null);
        j.addProperty("nozzle_target", fresh ? round(s.nozzleTarget()) : null);
        j.addProperty("bed", fresh ? round(s.bedActual()) : null);
        j.addProperty("bed_target", fresh ? round(s.bedTarget()) : null);
        j.addProperty("progress", fresh ? round(s.progress()) : null);
        String error = !printer.online() ? printer.lastError() : s == null ? null : s.error();
        j.addProperty("error", error);
        return GSON.toJson(j);
    }

    /**
     * The part of a state message that matters most (state, online, problem, alert count, error): when it changed,
     * the message goes before others that only carry new readings.
     */
    static String essence(PrinterStatus printer, List<NotifiedAlert> open) {
        TelemetrySample s = printer.latest();
        return printer.online() + "|" + (s == null ? "" : s.state() + "|" + s.error()) + "|"
                + problem(printer, open) + "|" + open.size() + "|" + (printer.online() ? "" : printer.lastError());
    }

    /**
     * A problem: the printer is offline or reports an error, or has an open alert of WARNING or above (acknowledged
     * ones too: acknowledging says someone knows, not that it is fixed).
     */
    static boolean problem(PrinterStatus printer, List<NotifiedAlert> open) {
        if (!printer.online()) {
            return true;
        }
        TelemetrySample s = printer.latest();
        if (s != null && (s.state() == PrinterState.ERROR || s.state() == PrinterState.OFFLINE)) {
            return true;
        }
        for (NotifiedAlert a : open) {
            if (a.severity().compareTo(Severity.WARNING) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The attributes of the alerts sensor and the problem sensor: the open alerts, newest first, at most 20. */
    static String alerts(List<NotifiedAlert> open) {
        JsonObject j = new JsonObject();
        j.addProperty("count", open.size());
        JsonArray list = new JsonArray();
        for (NotifiedAlert a : open.subList(0, Math.min(open.size(), MAX_LISTED_ALERTS))) {
            JsonObject o = new JsonObject();
            o.addProperty("id", a.id());
            o.addProperty("severity", a.severity().name());
            o.addProperty("kind", a.kind());
            o.addProperty("detector", a.detector());
            o.addProperty("state", a.state().name());
            String m = a.message();
            o.addProperty("message", m.length() <= MAX_MESSAGE_CHARS ? m : m.substring(0, MAX_MESSAGE_CHARS - 1) + "…");
            o.addProperty("time", a.time().toString());
            list.add(o);
        }
        j.add("alerts", list);
        if (open.size() > MAX_LISTED_ALERTS) {
            j.addProperty("more", open.size() - MAX_LISTED_ALERTS);
        }
        return GSON.toJson(j);
    }

    private static Double round(Double value) {
        return value == null || !Double.isFinite(value) ? null : Math.round(value * 10) / 10.0;
    }
}
