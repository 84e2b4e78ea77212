package carbine.driver.moonraker.internal;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonObject;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * Turns a {@link Snapshot} into a sample. Field names are Klipper's ({@code docs/Status_Reference.md} of
 * Klipper3d/klipper: "heater", "fan", "filament_switch_sensor", "filament_motion_sensor", "print_stats",
 * "virtual_sdcard", "webhooks"); Klippy states are Moonraker's ({@code docs/external_api/server.md},
 * "Query Server Info", and {@code docs/external_api/printer.md}, "Get Klippy host information").
 */
final class SampleMapper {
    static final String SWITCH_SENSOR_PREFIX = "filament_switch_sensor ";
    static final String MOTION_SENSOR_PREFIX = "filament_motion_sensor ";
    /**
     * The objects with a {@code temperature} of their own besides extruder and bed (Status_Reference.md:
     * "temperature_sensor", "temperature_fan", "heater_generic", the TMC drivers with a temperature register): the
     * sample's named sensors, by the name after the prefix ({@code temperature_sensor mcu} → {@code mcu}; a TMC
     * driver keeps its whole name, {@code tmc2240 stepper_x}). One named {@code chamber} is the chamber instead.
     */
    static final List<String> SENSOR_PREFIXES = List.of("heater_generic ", "temperature_fan ", "temperature_sensor ");
    static final String TMC_PREFIX = "tmc";
    static final String CHAMBER = "chamber";

    private SampleMapper() {}

    /**
     * @param websocket the URL named in the reasons
     * @throws PrinterUnavailableException when there is no connection, or Klipper is not connected or starting
     */
    static TelemetrySample toSample(Snapshot snapshot, String printerId, Instant time, URI websocket)
            throws PrinterUnavailableException {
        if (snapshot.link() != Snapshot.Link.CONNECTED) {
            throw new PrinterUnavailableException(snapshot.linkReason() != null ? snapshot.linkReason()
                    : "no connection to Moonraker at " + websocket);
        }
        String klippy = snapshot.klippyState();
        if (klippy == null) {
            throw new PrinterUnavailableException("connected to Moonraker at " + websocket
                    + ", waiting for its answer to server.info");
        }
        Map<String, JsonObject> objects = snapshot.objects();
        JsonObject webhooks = objects.get("webhooks");
        String webhooksState = Json.string(webhooks, "state");

        // shutdown or error: the printer itself halted; Klipper's words become the sample's error text
        if (klippy.equals("shutdown") || klippy.equals("error")) {
            return halted(printerId, time, klippy, snapshot.klippyMessage() != null ? snapshot.klippyMessage()
                    : Json.string(webhooks, "state_message"));
        }
        if (!klippy.equals("ready")) {
            throw new PrinterUnavailableException("Moonraker at " + websocket + " answers, but " + describe(klippy)
                    + " (klippy_state '" + klippy + "')");
        }
        // the webhooks update of a shutdown can arrive before notify_klippy_shutdown
        if ("shutdown".equals(webhooksState) || "error".equals(webhooksState)) {
            return halted(printerId, time, webhooksState, Json.string(webhooks, "state_message"));
        }
        if (objects.isEmpty()) {
            throw new PrinterUnavailableException("connected to Moonraker at " + websocket
                    + ", Klipper is ready, waiting for the printer objects (printer.objects.subscribe)");
        }

        JsonObject extruder = objects.get("extruder");
        JsonObject bed = objects.get("heater_bed");
        JsonObject fan = objects.get("fan");
        JsonObject printStats = objects.get("print_stats");
        JsonObject sdcard = objects.get("virtual_sdcard");

        String jobState = Json.string(printStats, "state");
        PrinterState state = printerState(jobState);
        Double progress = Json.number(sdcard, "progress");
        TelemetrySample.Builder sample = TelemetrySample.builder(printerId, time, state)
                .nozzle(Json.number(extruder, "temperature"), Json.number(extruder, "target"))
                .heaterPower(Json.number(extruder, "power"))
                .bed(Json.number(bed, "temperature"), Json.number(bed, "target"))
                .fan(Json.number(fan, "speed"), Json.number(fan, "rpm"))
                .filamentDetected(sensors(objects, SWITCH_SENSOR_PREFIX))
                .filamentMoving(sensors(objects, MOTION_SENSOR_PREFIX))
                .progress(progress == null ? null : progress * 100)
                .bedPower(Json.number(bed, "power"))
                .printDuration(Json.number(printStats, "print_duration"))
                .filamentUsed(Json.number(printStats, "filament_used"));
        JsonObject info = Json.object(printStats, "info");
        sample.layer(whole(Json.number(info, "current_layer")), whole(Json.number(info, "total_layer")));
        temperatures(objects, sample);
        if (state == PrinterState.ERROR) {
            String message = Json.string(printStats, "message");
            sample.error(message == null || message.isBlank() ? "Klipper print_stats state 'error' (no message)"
                    : firstLine(message));
            sample.errorCode("print_stats error");
        }
        return sample.build();
    }

    /** Is this object one whose temperature the sample carries as a named sensor (or the chamber)? */
    static boolean isTemperatureObject(String name) {
        for (String prefix : SENSOR_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return name.startsWith(TMC_PREFIX) && name.indexOf(' ') > 0;
    }

    /** The chamber and the named sensors, from every object {@link #isTemperatureObject} that has a temperature. */
    private static void temperatures(Map<String, JsonObject> objects, TelemetrySample.Builder sample) {
        boolean chamberSeen = false;
        for (Map.Entry<String, JsonObject> entry : objects.entrySet()) {
            String object = entry.getKey();
            if (!isTemperatureObject(object)) {
                continue;
            }
            Double celsius = Json.number(entry.getValue(), "temperature");
            if (celsius == null) {
                continue; // a TMC driver without a temperature register, or not reported yet
            }
            String name = object.startsWith(TMC_PREFIX) ? object : object.substring(object.indexOf(' ') + 1).strip();
            if (!chamberSeen && name.equalsIgnoreCase(CHAMBER)) {
                chamberSeen = true;
                sample.chamber(celsius, Json.number(entry.getValue(), "target"));
            } else {
                sample.sensor(name, celsius);
            }
        }
    }

    /** A layer number: Klipper's {@code SET_PRINT_STATS_INFO} stores whole numbers; anything else is absent. */
    private static Integer whole(Double value) {
        return value == null || value != Math.rint(value) || value < 0 || value > Integer.MAX_VALUE ? null
                : value.intValue();
    }

    /**
     * {@code print_stats.state}: standby, printing, paused, complete, cancelled, error. A finished or cancelled
     * job leaves an idle printer; an unknown or absent state (no {@code [virtual_sdcard]}) counts as idle too.
     */
    static PrinterState printerState(String jobState) {
        if (jobState == null) {
            return PrinterState.IDLE;
        }
        return switch (jobState.toLowerCase(Locale.ROOT)) {
            case "printing" -> PrinterState.PRINTING;
            case "paused" -> PrinterState.PAUSED;
            case "error" -> PrinterState.ERROR;
            default -> PrinterState.IDLE;
        };
    }

    /**
     * All enabled sensors of one kind together: false if any reports false (runout or jam at any of them), true if
     * all report true, absent when there is none. A sensor switched off with {@code SET_FILAMENT_SENSOR ENABLE=0}
     * is left out.
     */
    static Boolean sensors(Map<String, JsonObject> objects, String prefix) {
        Boolean combined = null;
        for (Map.Entry<String, JsonObject> entry : objects.entrySet()) {
            if (!entry.getKey().startsWith(prefix) || Boolean.FALSE.equals(Json.bool(entry.getValue(), "enabled"))) {
                continue;
            }
            Boolean detected = Json.bool(entry.getValue(), "filament_detected");
            if (detected != null) {
                combined = (combined == null || combined) && detected;
            }
        }
        return combined;
    }

    /** Klipper's state message is several lines; the first says what happened, the rest how to restart. */
    static String firstLine(String message) {
        for (String line : message.split("\\R")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return message.strip();
    }

    private static TelemetrySample halted(String printerId, Instant time, String klippy, String message) {
        String text = message == null || message.isBlank() ? "Klipper reports '" + klippy + "' (no message)"
                : firstLine(message);
        // Klipper has no error numbers: its state (shutdown, error) is the code, its message the text
        return TelemetrySample.builder(printerId, time, PrinterState.ERROR).error(text).errorCode(klippy).build();
    }

    private static String describe(String klippy) {
        return switch (klippy) {
            case "startup" -> "Klipper is starting up";
            case "disconnected" -> "Klipper is not connected to it";
            default -> "Klipper is not ready";
        };
    }
}
