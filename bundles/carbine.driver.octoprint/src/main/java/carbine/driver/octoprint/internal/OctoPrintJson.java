package carbine.driver.octoprint.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
 * Reads OctoPrint's {@code GET /api/printer} and {@code GET /api/job} answers (OctoPrint's docs/api/printer.rst
 * "Retrieve the current printer state", docs/api/job.rst "Retrieve information about the current job",
 * docs/api/datamodel.rst "Printer State", "Temperature Data", "Progress information"). The fields used here are the
 * same in the pre-2.0 and the 2.0 shapes; what differs ({@code sd} vs {@code storage}, the job's {@code filament}
 * and {@code lastPrintTime}) is not read. Unknown fields are ignored; a known field of the wrong type is an error.
 *
 * <p>Besides {@code tool0} and {@code bed}: {@code chamber} (a printer profile with a heated chamber) is the
 * sample's chamber, and every other heater or sensor in {@code temperature} ({@code tool1}, ..., and what plugins
 * add) a named sensor with its {@code actual}; an entry that is not of that shape is skipped, not an error, since
 * plugins put what they like there. {@code progress.printTime} (seconds) is the print duration. The job's
 * {@code filament} is not read: it is the slicer's estimate for the whole job, not filament used so far.
 */
final class OctoPrintJson {
    // strict: trailing garbage, comments, unquoted names or NaN are not JSON and must not pass as a reading
    private static final Gson GSON = new GsonBuilder().setStrictness(Strictness.STRICT).create();
    private static final int EXCERPT_LENGTH = 120;
    private static final List<String> PRINTING_FLAGS = List.of("printing", "pausing", "cancelling", "resuming",
            "finishing");

    private OctoPrintJson() {}

    /** What {@code /api/printer} says. Temperatures are absent when OctoPrint does not report them. */
    record PrinterReading(PrinterState state, String stateText, Double nozzleActual, Double nozzleTarget,
            Double bedActual, Double bedTarget, Double chamberActual, Double chamberTarget,
            Map<String, Double> sensors) {
        PrinterReading {
            sensors = Map.copyOf(sensors);
        }
    }

    /** The entries of {@code temperature} that are not a named sensor. */
    private static final Set<String> NOT_SENSORS = Set.of("tool0", "bed", "chamber", "history");

    /**
     * What {@code /api/job} says.
     *
     * @param state      the state of the job or connection, e.g. {@code Printing}, {@code Offline after error}
     * @param error      OctoPrint's error text, or null
     * @param completion percent 0..100, or null when there is no job
     * @param printTime  seconds printed so far ({@code progress.printTime}), or null when there is no job
     */
    record JobReading(String state, String error, Double completion, Double printTime) {
        /** The connection is in an error state ({@code Error}, {@code Offline after error}, ...). */
        boolean isError() {
            return state.toLowerCase(Locale.ROOT).contains("error");
        }

        /** OctoPrint's own error text; its state text when it gives none. */
        String errorText() {
            return error != null && !error.isBlank() ? error.strip() : state;
        }
    }

    static PrinterReading printer(String body) throws OctoPrintException {
        JsonObject json = parseObject(body);
        JsonObject stateObject = object(json, "state");
        if (stateObject == null) {
            throw new OctoPrintException("field state is missing");
        }
        JsonObject flags = object(stateObject, "flags");
        if (flags == null) {
            throw new OctoPrintException("field state.flags is missing");
        }
        String text = string(stateObject, "text");
        JsonObject temperature = object(json, "temperature");
        JsonObject tool0 = temperature == null ? null : object(temperature, "tool0");
        JsonObject bed = temperature == null ? null : object(temperature, "bed");
        JsonObject chamber = temperature == null ? null : object(temperature, "chamber");
        return new PrinterReading(state(flags), text == null ? "" : text,
                number(tool0, "actual", "temperature.tool0"), number(tool0, "target", "temperature.tool0"),
                number(bed, "actual", "temperature.bed"), number(bed, "target", "temperature.bed"),
                number(chamber, "actual", "temperature.chamber"), number(chamber, "target", "temperature.chamber"),
                sensors(temperature));
    }

    private static Map<String, Double> sensors(JsonObject temperature) {
        if (temperature == null) {
            return Map.of();
        }
        Map<String, Double> sensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : temperature.entrySet()) {
            if (!NOT_SENSORS.contains(entry.getKey()) && entry.getValue() instanceof JsonObject sensor
                    && sensor.get("actual") instanceof JsonPrimitive actual && actual.isNumber()) {
                sensors.put(entry.getKey(), actual.getAsDouble());
            }
        }
        return sensors;
    }

    static JobReading job(String body) throws OctoPrintException {
        JsonObject json = parseObject(body);
        String state = string(json, "state");
        if (state == null) {
            throw new OctoPrintException("field state is missing");
        }
        JsonObject progress = object(json, "progress");
        return new JobReading(state, string(json, "error"), number(progress, "completion", "progress"),
                number(progress, "printTime", "progress"));
    }

    /** A sample from both answers. In ERROR the error text is OctoPrint's own. */
    static TelemetrySample sample(String printerId, Instant time, PrinterReading printer, JobReading job) {
        TelemetrySample.Builder sample = TelemetrySample.builder(printerId, time, printer.state())
                .nozzle(printer.nozzleActual(), printer.nozzleTarget())
                .bed(printer.bedActual(), printer.bedTarget())
                .chamber(printer.chamberActual(), printer.chamberTarget())
                .sensors(printer.sensors())
                .printDuration(job.printTime())
                .progress(job.completion());
        if (printer.state() == PrinterState.ERROR) {
            sample.error(job.error() != null && !job.error().isBlank() ? job.error().strip()
                    : printer.stateText().isBlank() ? job.state() : printer.stateText());
        }
        return sample.build();
    }

    /**
     * The sample of a printer whose connection failed with an error: {@code /api/printer} answers 409 then, so
     * only the job's state, error and progress are known.
     */
    static TelemetrySample errorSample(String printerId, Instant time, JobReading job) {
        return TelemetrySample.builder(printerId, time, PrinterState.ERROR).progress(job.completion())
                .printDuration(job.printTime()).error(job.errorText()).build();
    }

    /** The text of OctoPrint's API error form {@code {"error": "..."}}, else the start of the body ("" if none). */
    static String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonElement json = GSON.fromJson(body, JsonElement.class);
            if (json != null && json.isJsonObject() && json.getAsJsonObject().get("error") instanceof JsonPrimitive p
                    && p.isString()) {
                return p.getAsString();
            }
        } catch (JsonParseException notJson) {
            // fall through to the excerpt
        }
        return excerpt(body);
    }

    /** Up to {@value #EXCERPT_LENGTH} characters of a body, on one line, for error messages. */
    static String excerpt(String body) {
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= EXCERPT_LENGTH ? oneLine : oneLine.substring(0, EXCERPT_LENGTH) + "…";
    }

    // docs/api/datamodel.rst, "Printer State": error and closedOrError (disconnected, possibly by an error) first
    private static PrinterState state(JsonObject flags) throws OctoPrintException {
        if (flag(flags, "error") || flag(flags, "closedOrError")) {
            return PrinterState.ERROR;
        }
        for (String name : PRINTING_FLAGS) {
            if (flag(flags, name)) {
                return PrinterState.PRINTING;
            }
        }
        return flag(flags, "paused") ? PrinterState.PAUSED : PrinterState.IDLE;
    }

    private static boolean flag(JsonObject flags, String name) throws OctoPrintException {
        JsonElement value = flags.get(name);
        if (value == null || value.isJsonNull()) {
            return false;
        }
        if (!(value instanceof JsonPrimitive p) || !p.isBoolean()) {
            throw new OctoPrintException("field state.flags." + name + " = " + excerpt(value.toString())
                    + " is not true or false");
        }
        return p.getAsBoolean();
    }

    private static JsonObject parseObject(String body) throws OctoPrintException {
        JsonElement element;
        try {
            element = GSON.fromJson(body, JsonElement.class);
        } catch (JsonParseException e) {
            throw new OctoPrintException("body is not JSON (" + rootMessage(e) + "): '" + excerpt(body) + "'", e);
        }
        if (element == null || !element.isJsonObject()) {
            throw new OctoPrintException("body is not a JSON object: '" + excerpt(body) + "'");
        }
        return element.getAsJsonObject();
    }

    /** The field as an object; null when absent or JSON null; an error when it is something else. */
    private static JsonObject object(JsonObject json, String name) throws OctoPrintException {
        JsonElement value = json.get(name);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonObject()) {
            throw new OctoPrintException("field " + name + " = " + excerpt(value.toString()) + " is not an object");
        }
        return value.getAsJsonObject();
    }

    private static Double number(JsonObject json, String name, String parent) throws OctoPrintException {
        JsonPrimitive value = primitive(json, name, parent);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw new OctoPrintException("field " + parent + "." + name + " = " + value + " is not a number");
        }
        return value.getAsDouble();
    }

    private static String string(JsonObject json, String name) throws OctoPrintException {
        JsonPrimitive value = primitive(json, name, null);
        if (value == null) {
            return null;
        }
        if (!value.isString()) {
            throw new OctoPrintException("field " + name + " = " + value + " is not a string");
        }
        return value.getAsString();
    }

    /** The field as a primitive; null when the parent or the field is absent or JSON null. */
    private static JsonPrimitive primitive(JsonObject json, String name, String parent) throws OctoPrintException {
        JsonElement value = json == null ? null : json.get(name);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive()) {
            throw new OctoPrintException("field " + (parent == null ? "" : parent + ".") + name + " = "
                    + excerpt(value.toString()) + " is not a single value");
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
