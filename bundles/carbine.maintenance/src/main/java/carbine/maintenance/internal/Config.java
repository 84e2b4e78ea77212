package carbine.maintenance.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import carbine.config.Range;

/** PID {@code carbine.maintenance}: how samples are counted and when tasks are due. The defaults live here only. */
@ObjectClassDefinition(name = "Carbine maintenance",
        description = "Usage counters of every printer (from the event time of its samples) and when planned "
                + "maintenance tasks (PID carbine.maintenance.task) are due.")
@interface Config {
    @AttributeDefinition(name = "Gap (s)", description = "A longer time between two samples of a printer (Carbine "
            + "stopped, printer offline) is not counted as running time. At least 1; keep it above 3 poll intervals.")
    @Range(min = 1, max = 1e9)
    long gapSeconds() default 60;

    @AttributeDefinition(name = "Cold (°C)", description = "A hotend below this is cold: a heat cycle is cold → "
            + "target → cold.")
    @Range(min = -50, max = 500)
    double coldCelsius() default 50;

    @AttributeDefinition(name = "Target band (°C)", description = "A hotend within this of its target has reached it.")
    @Range(min = 0, max = 100)
    double targetBandCelsius() default 5;

    @AttributeDefinition(name = "Due soon (%)", description = "A task is due soon (INFO alert) within this share of "
            + "its interval before it is due (WARNING alert when overdue). 0 to 100.")
    @Range(min = 0, max = 100)
    double dueSoonPercent() default 10;

    @AttributeDefinition(name = "Save every (s)", description = "How often changed counters are written to "
            + "maintenance.db; at most this much counting is lost if Carbine is killed. At least 1.")
    @Range(min = 1, max = 1e9)
    long persistSeconds() default 10;

    @AttributeDefinition(name = "Report every (s)", description = "How often (event time) each printer's maintenance "
            + "alert is refreshed while a task is due; a change (due soon, overdue, done) is reported at once. At least 1.")
    @Range(min = 1, max = 1e9)
    long reportSeconds() default 10;
}
