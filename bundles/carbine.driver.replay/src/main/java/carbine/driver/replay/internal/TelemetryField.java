package carbine.driver.replay.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import carbine.api.telemetry.PrinterState;

/**
 * A column of a replay file: the fields of {@code TelemetrySample.Builder}, by the builder's name
 * ({@code nozzleActual}) or in snake case ({@code nozzle_actual}, as Carbine's JSON spells it).
 */
enum TelemetryField {
    NOZZLE_ACTUAL("nozzleActual", Kind.NUMBER),
    NOZZLE_TARGET("nozzleTarget", Kind.NUMBER),
    BED_ACTUAL("bedActual", Kind.NUMBER),
    BED_TARGET("bedTarget", Kind.NUMBER),
    HEATER_POWER("heaterPower", Kind.NUMBER),
    FAN_SPEED("fanSpeed", Kind.NUMBER),
    FAN_RPM("fanRpm", Kind.NUMBER),
    FILAMENT_DETECTED("filamentDetected", Kind.BOOLEAN),
    FILAMENT_MOVING("filamentMoving", Kind.BOOLEAN),
    PROGRESS("progress", Kind.NUMBER),
    // the fields of carbine.api.telemetry 1.1 that are numbers (layers: whole numbers)
    CHAMBER_ACTUAL("chamberActual", Kind.NUMBER),
    CHAMBER_TARGET("chamberTarget", Kind.NUMBER),
    BED_POWER("bedPower", Kind.NUMBER),
    PRINT_DURATION("printDuration", Kind.NUMBER),
    FILAMENT_USED("filamentUsed", Kind.NUMBER),
    LAYER("layer", Kind.NUMBER),
    TOTAL_LAYERS("totalLayers", Kind.NUMBER),
    STATE("state", Kind.STATE),
    ERROR("error", Kind.TEXT);

    enum Kind { NUMBER, BOOLEAN, STATE, TEXT }

    private final String camelName;
    private final Kind kind;

    TelemetryField(String camelName, Kind kind) {
        this.camelName = camelName;
        this.kind = kind;
    }

    String camelName() { return camelName; }
    String snakeName() { return name().toLowerCase(Locale.ROOT); }
    Kind kind() { return kind; }

    /** The field named {@code name} in camel or snake case, ignoring case and surrounding blanks. */
    static Optional<TelemetryField> byName(String name) {
        String key = name.trim().replace("_", "").toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.camelName.toLowerCase(Locale.ROOT).equals(key)).findFirst();
    }

    /** All accepted column names, for error messages. */
    static String acceptedNames() {
        return names(Arrays.stream(values()));
    }

    /** The names of the fields a NAB value can go to (all but state and error), for error messages. */
    static String valueFieldNames() {
        return names(Arrays.stream(values()).filter(f -> f.kind == Kind.NUMBER || f.kind == Kind.BOOLEAN));
    }

    private static String names(java.util.stream.Stream<TelemetryField> fields) {
        return fields.map(f -> f.camelName + " (" + f.snakeName() + ")").collect(Collectors.joining(", "));
    }

    /** Parses a boolean cell: true/false, yes/no, 1/0 (any case). */
    static Boolean parseBoolean(String cell) {
        return switch (cell.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> Boolean.TRUE;
            case "false", "no", "0" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("'" + cell + "' is not a boolean (true/false, yes/no, 1/0)");
        };
    }

    /** Parses a state cell: a {@link PrinterState} other than OFFLINE, any case. */
    static PrinterState parseState(String cell) {
        String key = cell.trim().toUpperCase(Locale.ROOT);
        for (PrinterState state : PrinterState.values()) {
            if (state != PrinterState.OFFLINE && state.name().equals(key)) {
                return state;
            }
        }
        throw new IllegalArgumentException("'" + cell + "' is not a printer state (IDLE, PRINTING, PAUSED, ERROR)");
    }
}
