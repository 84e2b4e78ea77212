package carbine.driver.bambu.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * Maps the merged {@code print} object to a sample. Field names and encodings as described by
 * Doridian/OpenBambuAPI {@code mqtt.md} (the {@code push_status} report) and read by greghesp/ha-bambulab
 * {@code pybambu/models.py}:
 * <ul>
 * <li>temperatures as floats {@code nozzle_temper}, {@code nozzle_target_temper}, {@code bed_temper},
 * {@code bed_target_temper}; newer firmware (H2D and others) packs current and target into one integer under
 * {@code device}: {@code device.bed.info.temp}, {@code device.extruder.info[i].temp}, low 16 bits the current value,
 * high 16 bits the target. The packed form wins when present (as in ha-bambulab);</li>
 * <li>{@code cooling_fan_speed}: the part fan as a string of PWM steps "0".."15";</li>
 * <li>{@code mc_percent}: progress 0..100;</li>
 * <li>{@code gcode_state}: IDLE, INIT, PREPARE, RUNNING, PAUSE, FINISH, FAILED, SLICING;</li>
 * <li>{@code print_error}: an integer shown as 8 hex digits split 4_4 (117473286 → 0700_8006), 0 = none;</li>
 * <li>{@code hms}: a list of {@code {attr, code}}, shown as AAAA_BBBB_CCCC_DDDD from the hex of attr and code; the
 * high 16 bits of code are the severity (1 fatal, 2 serious, 3 common, 4 info; ha-bambulab {@code const.py}).</li>
 * <li>{@code chamber_temper}: the chamber, a float; packed like the others in {@code device.ctc.info.temp} on newer
 * firmware (which wins, as for bed and nozzle);</li>
 * <li>{@code layer_num}, {@code total_layer_num}: the job's layers; 0 (as an idle printer sends them) is no
 * job, so absent.</li>
 * </ul>
 * The sample's error code is the print error ({@code 0700_8006}) when there is one, else the first fatal HMS code
 * ({@code HMS_0300_0100_0001_0007}); only with an error text.
 * A field the printer has not reported, or reported with the wrong type, is absent, never 0.
 */
final class BambuSample {
    /** print_error of a print the user cancelled (ha-bambulab, models.py): the end of a job, not a failure. */
    static final int CANCELLED = 0x0300400C;
    /** print_error of a print the user paused. */
    static final int PAUSED_BY_USER = 0x03008001;
    static final int FAN_STEPS = 15;

    /** A few frequent print errors, in our own words (the printer sends only the code). */
    private static final Map<Integer, String> KNOWN_ERRORS = Map.of(
            0x03004000, "Z axis homing failed; the print was stopped",
            0x03004002, "automatic bed levelling failed; the print was stopped",
            0x03004005, "the hotend cooling fan runs at an abnormal speed",
            0x03004006, "the nozzle is clogged",
            0x03004008, "the AMS failed to change filament",
            0x03004009, "homing the X/Y axes failed",
            0x05004003, "the printer could not parse the print file; the print was stopped",
            0x07008006, "filament cannot be fed into the extruder (tangled filament, stuck spool or AMS tube)",
            0x0C008001, "the first layer has defects; the print is paused");

    private BambuSample() {}

    static TelemetrySample toSample(JsonObject print, String printerId, Instant time) {
        Double[] nozzle = nozzle(print);
        Double[] bed = packed(path(print, "device", "bed", "info"));
        if (bed == null) {
            bed = new Double[] {number(print, "bed_temper"), number(print, "bed_target_temper")};
        }
        Double fan = null;
        Double steps = number(print, "cooling_fan_speed");
        if (steps != null && steps >= 0 && steps <= FAN_STEPS) {
            fan = steps / FAN_STEPS;
        }
        Double progress = number(print, "mc_percent");
        if (progress != null && (progress < 0 || progress > 100)) {
            progress = null;
        }
        Double[] chamber = packed(path(print, "device", "ctc", "info"));
        if (chamber == null) {
            chamber = new Double[] {number(print, "chamber_temper"), null};
        }
        String error = error(print);
        PrinterState state = error != null ? PrinterState.ERROR : state(string(print, "gcode_state"));
        return TelemetrySample.builder(printerId, time, state)
                .nozzle(nozzle[0], nozzle[1])
                .bed(bed[0], bed[1])
                .chamber(chamber[0], chamber[1])
                .fan(fan, null)
                .progress(progress)
                .layer(layer(print, "layer_num"), layer(print, "total_layer_num"))
                .error(error)
                .errorCode(error == null ? null : errorCode(print))
                .build();
    }

    /** A layer count above 0; absent otherwise. */
    private static Integer layer(JsonObject print, String key) {
        Double value = number(print, key);
        return value == null || value < 1 || value > Integer.MAX_VALUE || value != Math.rint(value) ? null
                : value.intValue();
    }

    /** The print error's code, else the first fatal HMS code; null when there is neither. */
    static String errorCode(JsonObject print) {
        Double code = number(print, "print_error");
        if (code != null && code != 0) {
            int c = (int) code.longValue();
            if (c != CANCELLED && c != PAUSED_BY_USER) {
                return printErrorCode(c);
            }
        }
        JsonElement list = print.get("hms");
        if (list != null && list.isJsonArray()) {
            for (JsonElement e : list.getAsJsonArray()) {
                if (!e.isJsonObject()) {
                    continue;
                }
                Double attr = number(e.getAsJsonObject(), "attr");
                Double hmsCode = number(e.getAsJsonObject(), "code");
                if (attr != null && hmsCode != null && attr > 0 && hmsCode > 0 && (hmsCode.longValue() >>> 16) == 1) {
                    return "HMS_" + hmsCode(attr.longValue(), hmsCode.longValue());
                }
            }
        }
        return null;
    }

    /**
     * {@code gcode_state}: PREPARE (heating, levelling before the first layer) and SLICING belong to the job, so
     * PRINTING; FINISH and FAILED are a printer whose job is over, so IDLE (a failure's reason is in
     * {@code print_error}); INIT and unknown values count as IDLE.
     */
    static PrinterState state(String gcodeState) {
        if (gcodeState == null) {
            return PrinterState.IDLE;
        }
        return switch (gcodeState.toUpperCase(Locale.ROOT)) {
            case "RUNNING", "PREPARE", "SLICING" -> PrinterState.PRINTING;
            case "PAUSE" -> PrinterState.PAUSED;
            default -> PrinterState.IDLE;
        };
    }

    /**
     * The error text when the printer reports a failure: a {@code print_error} other than 0, a cancel or a user's
     * pause, or a fatal HMS message; null otherwise. Other HMS messages are listed with a print error but do not
     * make one.
     */
    static String error(JsonObject print) {
        List<String> parts = new ArrayList<>();
        Double code = number(print, "print_error");
        if (code != null && code != 0) {
            int c = (int) code.longValue();
            if (c != CANCELLED && c != PAUSED_BY_USER) {
                String text = KNOWN_ERRORS.get(c);
                parts.add("print error " + printErrorCode(c) + (text == null ? "" : ": " + text));
            }
        }
        boolean fatal = false;
        List<String> hms = new ArrayList<>();
        JsonElement list = print.get("hms");
        if (list != null && list.isJsonArray()) {
            for (JsonElement e : list.getAsJsonArray()) {
                if (!e.isJsonObject()) {
                    continue;
                }
                Double attr = number(e.getAsJsonObject(), "attr");
                Double hmsCode = number(e.getAsJsonObject(), "code");
                if (attr == null || hmsCode == null || attr <= 0 || hmsCode <= 0) {
                    continue;
                }
                long a = attr.longValue();
                long h = hmsCode.longValue();
                int severity = (int) (h >>> 16);
                fatal |= severity == 1;
                if (hms.size() < 5) {
                    hms.add("HMS_" + hmsCode(a, h) + " (" + severity(severity) + ")");
                }
            }
        }
        if (parts.isEmpty() && !fatal) {
            return null;
        }
        parts.addAll(hms);
        return "Bambu Lab " + String.join("; ", parts);
    }

    /** 117473286 → {@code 0700_8006}. */
    static String printErrorCode(int code) {
        String hex = String.format(Locale.ROOT, "%08X", code);
        return hex.substring(0, 4) + "_" + hex.substring(4);
    }

    /** attr 50331904, code 65543 → {@code 0300_0100_0001_0007}. */
    static String hmsCode(long attr, long code) {
        return String.format(Locale.ROOT, "%04X_%04X_%04X_%04X", (attr >>> 16) & 0xFFFF, attr & 0xFFFF,
                (code >>> 16) & 0xFFFF, code & 0xFFFF);
    }

    private static String severity(int level) {
        return switch (level) {
            case 1 -> "fatal";
            case 2 -> "serious";
            case 3 -> "common";
            case 4 -> "info";
            default -> "severity " + level;
        };
    }

    /**
     * The active nozzle: packed {@code device.extruder.info[]} entry whose {@code id} is the active extruder (bits
     * 4..7 of {@code device.extruder.state}, ha-bambulab models.py), else the one with id 0; else the floats.
     */
    private static Double[] nozzle(JsonObject print) {
        JsonObject extruder = path(print, "device", "extruder");
        JsonElement info = extruder == null ? null : extruder.get("info");
        if (info != null && info.isJsonArray()) {
            Double state = number(extruder, "state");
            int active = state == null ? 0 : (state.intValue() >> 4) & 0xF;
            Double[] chosen = null;
            for (JsonElement e : (JsonArray) info) {
                if (!e.isJsonObject()) {
                    continue;
                }
                Double id = number(e.getAsJsonObject(), "id");
                Double[] t = packed(e.getAsJsonObject());
                if (t == null || id == null) {
                    continue;
                }
                if (id.intValue() == active) {
                    return t;
                }
                if (id.intValue() == 0) {
                    chosen = t;
                }
            }
            if (chosen != null) {
                return chosen;
            }
        }
        return new Double[] {number(print, "nozzle_temper"), number(print, "nozzle_target_temper")};
    }

    /** {@code temp} packed as target << 16 | current, or null when not there. */
    static Double[] packed(JsonObject holder) {
        Double value = number(holder, "temp");
        if (value == null || value < 0 || value > 0xFFFFFFFFL || value != Math.floor(value)) {
            return null;
        }
        long v = value.longValue();
        return new Double[] {(double) (v & 0xFFFF), (double) ((v >>> 16) & 0xFFFF)};
    }

    private static JsonObject path(JsonObject root, String... keys) {
        JsonObject o = root;
        for (String key : keys) {
            JsonElement e = o == null ? null : o.get(key);
            if (e == null || !e.isJsonObject()) {
                return null;
            }
            o = e.getAsJsonObject();
        }
        return o;
    }

    /** A number, or a string holding one (Bambu sends fan steps and some codes as strings); null otherwise. */
    static Double number(JsonObject o, String key) {
        JsonElement e = o == null ? null : o.get(key);
        if (e == null || !e.isJsonPrimitive()) {
            return null;
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        try {
            double d = p.isNumber() ? p.getAsDouble() : p.isString() ? Double.parseDouble(p.getAsString().trim())
                    : Double.NaN;
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }
}
