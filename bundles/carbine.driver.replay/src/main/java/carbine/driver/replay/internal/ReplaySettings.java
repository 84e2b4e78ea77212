package carbine.driver.replay.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import carbine.api.telemetry.PrinterState;
import carbine.config.Configs;

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

        // the defaults are Config's; a value that is present but malformed is an error here, never its default
        List<String> malformed = new ArrayList<>();
        Config c = Configs.read(Config.class, properties, p -> malformed.add("property " + p.property() + " = '"
                + p.value() + "' is invalid; it must be " + p.expected()));

        TelemetryField field = null;
        Optional<TelemetryField> named = TelemetryField.byName(c.field().trim());
        if (named.isEmpty() || named.get() == TelemetryField.STATE || named.get() == TelemetryField.ERROR) {
            errors.add("property field = '" + c.field().trim() + "' is invalid; it must be one of "
                    + TelemetryField.valueFieldNames());
        } else {
            field = named.get();
        }
        errors.addAll(malformed);

        PrinterState state = null;
        try {
            state = TelemetryField.parseState(c.state().trim());
        } catch (IllegalArgumentException e) {
            errors.add("property state = " + e.getMessage());
        }

        ZoneId zone = null;
        try {
            zone = ZoneId.of(c.timeZone().trim());
        } catch (DateTimeException e) {
            errors.add("property timeZone = '" + c.timeZone().trim() + "' is invalid; it must be a zone id such as "
                    + "UTC, Europe/Berlin or +02:00");
        }

        ReplaySettings settings = errors.isEmpty()
                ? new ReplaySettings(file, printerId, field, c.speed(), c.loop(), state, zone) : null;
        return new Validation(settings, List.copyOf(errors));
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }
}
