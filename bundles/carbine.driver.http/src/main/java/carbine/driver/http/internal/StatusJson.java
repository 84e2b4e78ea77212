package carbine.driver.http.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * Reads one sample in Carbine's JSON (the simulator's status API, the Python prototype): snake_case names,
 * {@code time} ISO-8601, absent fields left out. A JSON {@code null} counts as absent too.
 *
 * <p>Only the shape is checked here: a value of the wrong type, a missing or unknown {@code state} and a body
 * that is not a JSON object are errors. Whether a number is plausible is the poller's job.
 */
final class StatusJson {
    // strict: trailing garbage, comments, unquoted names or NaN are not JSON and must not pass as a sample
    private static final Gson GSON = new GsonBuilder().setStrictness(Strictness.STRICT).create();
    private static final int EXCERPT_LENGTH = 120;

    private StatusJson() {}

    /**
     * @param body         the response body
     * @param printerId    the id the sample gets (the local one; the body's {@code printer_id} is ignored)
     * @param responseTime the event time used when the body has no parseable {@code time}
     */
    static TelemetrySample parse(String body, String printerId, Instant responseTime) throws BadStatusException {
        JsonObject json = parseObject(body);
        TelemetrySample.Builder sample = TelemetrySample.builder(printerId, eventTime(json, responseTime), state(json))
                .nozzle(number(json, "nozzle_actual"), number(json, "nozzle_target"))
                .bed(number(json, "bed_actual"), number(json, "bed_target"))
                .heaterPower(number(json, "heater_power"))
                .fan(number(json, "fan_speed"), number(json, "fan_rpm"))
                .filamentDetected(bool(json, "filament_detected"))
                .filamentMoving(bool(json, "filament_moving"))
                .progress(number(json, "progress"))
                .error(string(json, "error"))
                .errorCode(string(json, "error_code"))
                .chamber(number(json, "chamber_actual"), number(json, "chamber_target"))
                .bedPower(number(json, "bed_power"))
                .printDuration(number(json, "print_duration"))
                .filamentUsed(number(json, "filament_used"))
                .layer(integer(json, "layer"), integer(json, "total_layers"));
        sensors(json, sample);
        return sample.build();
    }

    /** Up to {@value #EXCERPT_LENGTH} characters of a body, on one line, for error messages. */
    static String excerpt(String body) {
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= EXCERPT_LENGTH ? oneLine : oneLine.substring(0, EXCERPT_LENGTH) + "…";
    }

    private static JsonObject parseObject(String body) throws BadStatusException {
        JsonElement element;
        try {
            element = GSON.fromJson(body, JsonElement.class);
        } catch (JsonParseException e) {
            throw new BadStatusException("body is not JSON (" + rootMessage(e) + "): '" + excerpt(body) + "'", e);
        }
        if (element == null || !element.isJsonObject()) {
            throw new BadStatusException("body is not a JSON object: '" + excerpt(body) + "'");
        }
        return element.getAsJsonObject();
    }

    private static PrinterState state(JsonObject json) throws BadStatusException {
        String text = string(json, "state");
        if (text == null) {
            throw new BadStatusException("field state is missing");
        }
        PrinterState state;
        try {
            state = PrinterState.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            state = null;
        }
        // OFFLINE is the poller's verdict; a remote that says it cannot reach its printer is a failed poll here
        if (state == null || state == PrinterState.OFFLINE) {
            throw new BadStatusException("field state = '" + text + "' is not one of IDLE, PRINTING, PAUSED, ERROR");
        }
        return state;
    }

    private static Instant eventTime(JsonObject json, Instant responseTime) {
        JsonElement value = json.get("time");
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            return responseTime;
        }
        try {
            return Instant.parse(value.getAsString().strip());
        } catch (DateTimeParseException e) {
            return responseTime;
        }
    }

    private static Double number(JsonObject json, String name) throws BadStatusException {
        JsonPrimitive value = primitive(json, name);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw new BadStatusException("field " + name + " = " + value + " is not a number");
        }
        return value.getAsDouble();
    }

    /** {@code "sensors": {"mcu": 41.2, ...}}: an object of numbers (a JSON null entry is left out). */
    private static void sensors(JsonObject json, TelemetrySample.Builder sample) throws BadStatusException {
        JsonElement value = json.get("sensors");
        if (value == null || value.isJsonNull()) {
            return;
        }
        if (!value.isJsonObject()) {
            throw new BadStatusException("field sensors = " + excerpt(value.toString()) + " is not an object");
        }
        JsonObject sensors = value.getAsJsonObject();
        for (String name : sensors.keySet()) {
            sample.sensor(name, number(sensors, name));
        }
    }

    private static Integer integer(JsonObject json, String name) throws BadStatusException {
        Double value = number(json, name);
        if (value == null) {
            return null;
        }
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new BadStatusException("field " + name + " = " + value + " is not a whole number");
        }
        return value.intValue();
    }

    private static Boolean bool(JsonObject json, String name) throws BadStatusException {
        JsonPrimitive value = primitive(json, name);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw new BadStatusException("field " + name + " = " + value + " is not true or false");
        }
        return value.getAsBoolean();
    }

    private static String string(JsonObject json, String name) throws BadStatusException {
        JsonPrimitive value = primitive(json, name);
        if (value == null) {
            return null;
        }
        if (!value.isString()) {
            throw new BadStatusException("field " + name + " = " + value + " is not a string");
        }
        return value.getAsString();
    }

    /** The field as a primitive; null when absent or JSON null; an error when it is an object or array. */
    private static JsonPrimitive primitive(JsonObject json, String name) throws BadStatusException {
        JsonElement value = json.get(name);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive()) {
            throw new BadStatusException("field " + name + " = " + excerpt(value.toString()) + " is not a single value");
        }
        return value.getAsJsonPrimitive();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.toString() : root.getMessage();
        // Gson appends a troubleshooting link on a second line; the first says what is wrong
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
