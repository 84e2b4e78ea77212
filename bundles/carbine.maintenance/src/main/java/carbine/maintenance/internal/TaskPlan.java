package carbine.maintenance.internal;

import java.util.regex.Pattern;

/**
 * One maintenance task of the plan: a factory configuration of PID {@code carbine.maintenance.task}.
 *
 * @param name     unique, used in URLs and commands
 * @param printers which printers it applies to (globs or a /regex/, see {@link Globs})
 * @param every    the interval, > 0
 * @param unit     what the interval counts
 * @param pid      the configuration it came from, for messages
 */
record TaskPlan(String name, String printers, Pattern printerPattern, double every, Unit unit, String pid) {
    boolean appliesTo(String printerId) {
        return printerPattern.matcher(printerId).matches();
    }
}
