package carbine.maintenance.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Factory PID {@code carbine.maintenance.task}: one maintenance task of the plan. */
@ObjectClassDefinition(name = "Carbine maintenance task",
        description = "A maintenance task planned on some printers, e.g. 'nozzle' every 300 printing_hours, "
                + "'rods' (lubricate) every 100 printing_hours, 'belts' every 3 months.")
@interface TaskConfig {
    @AttributeDefinition(name = "Name", description = "Short and unique: letters, digits, '.', '_' and '-', e.g. "
            + "nozzle. Used in the dashboard, the shell (maintenance-done <printer> <name>) and the API.")
    String name();

    @AttributeDefinition(name = "Printers", description = "Which printers: comma-separated globs (*, ?) such as "
            + "farm-*, or a /regex/. Default: all.")
    String printers() default "*";

    @AttributeDefinition(name = "Every", description = "The interval, a number > 0, in the unit below.")
    double every();

    @AttributeDefinition(name = "Unit", description = "What the interval counts.", options = {
            @Option(value = "printing_hours", label = "printing hours"),
            @Option(value = "hotend_hours", label = "hotend heater-on hours"),
            @Option(value = "bed_hours", label = "bed heater-on hours"),
            @Option(value = "fan_hours", label = "fan running hours"),
            @Option(value = "heat_cycles", label = "hotend heat cycles"),
            @Option(value = "jobs", label = "jobs (finished or failed)"),
            @Option(value = "days", label = "days"),
            @Option(value = "weeks", label = "weeks"),
            @Option(value = "months", label = "months (30.44 days)") })
    String unit() default "printing_hours";
}
