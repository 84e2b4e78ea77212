package carbine.driver.prusalink.internal;

import java.time.Instant;

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
 * Reads PrusaLink's {@code GET /api/v1/status} (prusa3d/Prusa-Link-Web spec/openapi.yaml, schemas {@code Status},
 * {@code StatusPrinter}, {@code StatusJob}; the Buddy firmware's lib/WUI/nhttp/status_renderer.cpp). Only
 * {@code printer} and its {@code state} are required; every other field may be absent. Unknown fields (axes, flow,
 * speed, storage, transfer, camera) are ignored; a known field of the wrong type is an error.
 *
 * <p>States: PRINTING and PAUSED as they are; IDLE, READY, FINISHED and STOPPED are IDLE; BUSY (the printer moves or
 * heats without a print: homing, calibration, filament loading) is IDLE, so that no print-time rule (jam, extrusion)
 * judges it; ERROR is ERROR, with {@code status_printer.message} as the error text. ATTENTION (a question on the
 * printer's screen waits for a person, e.g. a filament runout or a crash) is PAUSED with an error text starting with
 * {@code attention: } -- the hard-failure rule of carbine.detector.rules fires on state ERROR only, so a question on
 * the screen is shown, not alerted as a failure.
 */
final class PrusaLinkJson {
    // strict: trailing garbage, comments, unquoted names or NaN are not JSON and must not pass as a reading
    private static final Gson GSON = new GsonBuilder().setStrictness(Strictness.STRICT).create();
    private static final int EXCERPT_LENGTH = 120;
    static final String ATTENTION_PREFIX = "attention: ";

    private PrusaLinkJson() {}

    static TelemetrySample sample(String printerId, Instant time, String body) throws PrusaLinkException {
        JsonObject json = parseObject(body);
        JsonObject printer = object(json, "printer");
        if (printer == null) {
            throw new PrusaLinkException("field printer is missing: '" + excerpt(body) + "'");
        }
        String stateText = string(printer, "state", "printer");
        if (stateText == null) {
            throw new PrusaLinkException("field printer.state is missing");
        }
        JsonObject statusPrinter = object(printer, "status_printer");
        String message = statusPrinter == null ? null : string(statusPrinter, "message", "printer.status_printer");
        message = message == null || message.isBlank() ? null : message.strip();

        PrinterState state;
        String error = null;
        switch (stateText) {
            case "PRINTING" -> state = PrinterState.PRINTING;
            case "PAUSED" -> state = PrinterState.PAUSED;
            case "IDLE", "READY", "FINISHED", "STOPPED", "BUSY" -> state = PrinterState.IDLE;
            case "ERROR" -> {
                state = PrinterState.ERROR;
                error = message != null ? message : "PrusaLink reports ERROR";
            }
            // "ATTTENTION": the enum of some revisions of Prusa-Link-Web spec/openapi.yaml has this spelling
            case "ATTENTION", "ATTTENTION" -> {
                state = PrinterState.PAUSED;
                error = ATTENTION_PREFIX + (message != null ? message
                        : "the printer waits for an answer on its screen");
            }
            default -> throw new PrusaLinkException("field printer.state = '" + excerpt(stateText)
                    + "' is not a PrusaLink state (IDLE, BUSY, PRINTING, PAUSED, FINISHED, STOPPED, ERROR, "
                    + "ATTENTION, READY)");
        }

        JsonObject job = object(json, "job");
        Double progress = number(job, "progress", "job");
        if (progress != null && (progress < 0 || progress > 100)) {
            throw new PrusaLinkException("field job.progress = " + progress + " is not a percentage 0..100");
        }
        return TelemetrySample.builder(printerId, time, state)
                .nozzle(number(printer, "temp_nozzle", "printer"), number(printer, "target_nozzle", "printer"))
                .bed(number(printer, "temp_bed", "printer"), number(printer, "target_bed", "printer"))
                // fan_print: the part-cooling fan, measured in RPM (fan_hotend, the heatbreak fan, is not carried);
                // PrusaLink gives no commanded fan speed, so fanSpeed stays absent
                .fan(null, number(printer, "fan_print", "printer"))
                .progress(progress)
                // StatusJob.time_printing: seconds printed so far. PrusaLink reports no chamber, heater duty,
                // layer, filament used or error code in its status, so those stay absent
                .printDuration(number(job, "time_printing", "job"))
                .error(error)
                .build();
    }

    /** Up to {@value #EXCERPT_LENGTH} characters of a body, on one line, for error messages. */
    static String excerpt(String body) {
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= EXCERPT_LENGTH ? oneLine : oneLine.substring(0, EXCERPT_LENGTH) + "…";
    }

    private static JsonObject parseObject(String body) throws PrusaLinkException {
        JsonElement element;
        try {
            element = GSON.fromJson(body, JsonElement.class);
        } catch (JsonParseException e) {
            throw new PrusaLinkException("body is not JSON (" + rootMessage(e) + "): '" + excerpt(body) + "'", e);
        }
        if (element == null || !element.isJsonObject()) {
            throw new PrusaLinkException("body is not a JSON object: '" + excerpt(body) + "'");
        }
        return element.getAsJsonObject();
    }

    /** The field as an object; null when absent or JSON null; an error when it is something else. */
    private static JsonObject object(JsonObject json, String name) throws PrusaLinkException {
        JsonElement value = json.get(name);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonObject()) {
            throw new PrusaLinkException("field " + name + " = " + excerpt(value.toString()) + " is not an object");
        }
        return value.getAsJsonObject();
    }

    private static Double number(JsonObject json, String name, String parent) throws PrusaLinkException {
        JsonPrimitive value = primitive(json, name, parent);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw new PrusaLinkException("field " + parent + "." + name + " = " + value + " is not a number");
        }
        return value.getAsDouble();
    }

    private static String string(JsonObject json, String name, String parent) throws PrusaLinkException {
        JsonPrimitive value = primitive(json, name, parent);
        if (value == null) {
            return null;
        }
        if (!value.isString()) {
            throw new PrusaLinkException("field " + parent + "." + name + " = " + value + " is not a string");
        }
        return value.getAsString();
    }

    /** The field as a primitive; null when the parent or the field is absent or JSON null. */
    private static JsonPrimitive primitive(JsonObject json, String name, String parent) throws PrusaLinkException {
        JsonElement value = json == null ? null : json.get(name);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive()) {
            throw new PrusaLinkException("field " + parent + "." + name + " = " + excerpt(value.toString())
                    + " is not a single value");
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
