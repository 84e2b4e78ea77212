package carbine.driver.replay.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import carbine.config.Range;
import carbine.driver.replay.ReplayDriver;

/**
 * The metatype of factory PID {@value ReplayDriver#FACTORY_PID}. The component reads the raw properties (see
 * {@link ReplaySettings}) so that a malformed value is reported by name instead of failing activation.
 */
@ObjectClassDefinition(name = "Carbine replay printer",
        description = "Replays a CSV file or a Klipper klippy.log through the pipeline as one printer, with the "
                + "file's timestamps as event time: the NAB format (timestamp,value), timestamp,<field>,... or a "
                + "klippy.log (recognised by its content). One configuration is one printer.")
@interface Config {
    @AttributeDefinition(name = "File",
            description = "Path of the CSV file or klippy.log. A relative path is taken from the parent of the configuration "
                    + "directory (carbine.conf, default conf), i.e. the Carbine home. Required.")
    String file();

    @AttributeDefinition(name = "Printer id",
            description = "Id of the replayed printer in this Carbine, unique across all drivers. Required.")
    String printerId();

    @AttributeDefinition(name = "Field of a NAB value",
            description = "For a NAB file (timestamp,value): the telemetry field the value becomes, e.g. "
                    + "nozzleActual, bedActual, heaterPower, fanRpm, progress. Ignored for multi-column files.")
    String field() default "nozzleActual";

    @AttributeDefinition(name = "Speed",
            description = "0: one row per poll, as fast as the poller polls. Greater than 0: replay at this "
                    + "multiple of the data's own time (60 = an hour of data per minute), still at most one row "
                    + "per poll.")
    @Range(min = 0, max = Double.MAX_VALUE, is = "0 (one row per poll) or a number > 0 (a multiple of the data's own "
            + "time)")
    double speed() default 0;

    @AttributeDefinition(name = "Loop",
            description = "At the end of the file start again, with event times shifted so that they keep "
                    + "increasing. Without looping the printer leaves the fleet after the last row.")
    boolean loop() default false;

    @AttributeDefinition(name = "State",
            description = "Printer state of rows without a state value: IDLE, PRINTING, PAUSED or ERROR.")
    String state() default "PRINTING";

    @AttributeDefinition(name = "Time zone",
            description = "Zone of timestamps written without zone or offset, e.g. UTC or Europe/Berlin (for a "
                    + "klippy.log: of a rollover header, used only before its first Start printer line).")
    String timeZone() default "UTC";
}
