package carbine.driver.moonraker.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/** Small, lenient readers of Moonraker's JSON: a field of the wrong type reads as absent, never as 0. */
final class Json {
    private static final int EXCERPT_LENGTH = 120;

    private Json() {}

    static Double number(JsonObject object, String field) {
        JsonPrimitive value = primitive(object, field);
        return value != null && value.isNumber() ? value.getAsDouble() : null;
    }

    static Boolean bool(JsonObject object, String field) {
        JsonPrimitive value = primitive(object, field);
        return value != null && value.isBoolean() ? value.getAsBoolean() : null;
    }

    static String string(JsonObject object, String field) {
        JsonPrimitive value = primitive(object, field);
        return value != null && value.isString() ? value.getAsString() : null;
    }

    static JsonObject object(JsonObject object, String field) {
        JsonElement value = object == null ? null : object.get(field);
        return value != null && value.isJsonObject() ? value.getAsJsonObject() : null;
    }

    /** Up to {@value #EXCERPT_LENGTH} characters of a text, on one line, for messages. */
    static String excerpt(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= EXCERPT_LENGTH ? oneLine : oneLine.substring(0, EXCERPT_LENGTH) + "…";
    }

    private static JsonPrimitive primitive(JsonObject object, String field) {
        JsonElement value = object == null ? null : object.get(field);
        return value != null && value.isJsonPrimitive() ? value.getAsJsonPrimitive() : null;
    }
}
