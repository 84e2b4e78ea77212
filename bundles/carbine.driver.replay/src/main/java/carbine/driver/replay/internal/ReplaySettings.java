package carbine.driver.replay.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import carbine.api.telemetry.PrinterState;

/**
 * A replay driver's configuration after validation.
 *
 * @param file  absolute path of the CSV file
 * @param field where the value of a NAB file goes
 * @param speed 0 = one row per poll; otherwise the multiple of the data's own time
 * @param state the state of rows without one
 */
record ReplaySettings(Path file, String printerId, TelemetryField field, double speed, boolean loop,
        PrinterState state, ZoneId timeZone) {

    /** The outcome of validating a configuration: settings, or the reasons why there are none. */
    record Validation(ReplaySettings settings, List<String> errors) {
        boolean isValid() {
            return settings != null;
        }
    }

    String driverName() {
        return "replay " + printerId;
    }

    /**
     * Validates raw configuration properties. Every property that is present must be valid: a replay that quietly
     * used another file, field or speed than the one asked for would give misleading results.
     *
     * @param home the directory a relative {@code file} is resolved against
     */
    static Validation from(Map<String, ?> properties, Path home) {
        List<String> errors = new ArrayList<>();

        Path file = null;
        String fileText = text(properties.get("file"));
        if (fileText.isEmpty()) {
            errors.add("property file is missing; it must be the path of a CSV file, e.g. "
                    + "data/nab/realKnownCause/machine_temperature_system_failure.csv");
        } else {
            try {
                file = home.resolve(fileText).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                errors.add("property file = '" + fileText + "' is not a path: " + e.getMessage());
            }
        }

        String printerId = text(properties.get("printerId"));
        if (printerId.isEmpty()) {
            errors.add("property printerId is missing; it must be the id of the replayed printer in this Carbine");
        }

        TelemetryField field = TelemetryField.NOZZLE_ACTUAL;
        String fieldText = text(properties.get("field"));
        if (!fieldText.isEmpty()) {
            Optional<TelemetryField> named = TelemetryField.byName(fieldText);
            if (named.isEmpty() || named.get() == TelemetryField.STATE || named.get() == TelemetryField.ERROR) {
                errors.add("property field = '" + fieldText + "' is invalid; it must be one of "
                        + TelemetryField.valueFieldNames());
            } else {
                field = named.get();
            }
        }

        double speed = 0;
        Object speedValue = properties.get("speed");
        if (speedValue != null && !text(speedValue).isEmpty()) {
            try {
                speed = speedValue instanceof Number n ? n.doubleValue() : Double.parseDouble(text(speedValue));
            } catch (NumberFormatException e) {
                speed = Double.NaN;
            }
            if (!(speed >= 0) || Double.isInfinite(speed)) {
                errors.add("property speed = '" + speedValue + "' is invalid; it must be 0 (one row per poll) or a "
                        + "number > 0 (a multiple of the data's own time)");
            }
        }

        boolean loop = false;
        Object loopValue = properties.get("loop");
        if (loopValue != null && !text(loopValue).isEmpty()) {
            String loopText = text(loopValue).toLowerCase(Locale.ROOT);
            if (loopValue instanceof Boolean b) {
                loop = b;
            } else if (loopText.equals("true") || loopText.equals("false")) {
                loop = loopText.equals("true");
            } else {
                errors.add("property loop = '" + loopValue + "' is invalid; it must be true or false");
            }
        }

        PrinterState state = PrinterState.PRINTING;
        String stateText = text(properties.get("state"));
        if (!stateText.isEmpty()) {
            try {
                state = TelemetryField.parseState(stateText);
            } catch (IllegalArgumentException e) {
                errors.add("property state = " + e.getMessage());
            }
        }

        ZoneId zone = ZoneId.of("UTC");
        String zoneText = text(properties.get("timeZone"));
        if (!zoneText.isEmpty()) {
            try {
                zone = ZoneId.of(zoneText);
            } catch (DateTimeException e) {
                errors.add("property timeZone = '" + zoneText + "' is invalid; it must be a zone id such as UTC, "
                        + "Europe/Berlin or +02:00");
            }
        }

        ReplaySettings settings = errors.isEmpty()
                ? new ReplaySettings(file, printerId, field, speed, loop, state, zone) : null;
        return new Validation(settings, List.copyOf(errors));
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }
}
