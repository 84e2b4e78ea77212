package carbine.alerts.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import carbine.config.Range;

/** Configuration of the alert service, PID {@code carbine.alerts}: the one place of each default and range. */
@ObjectClassDefinition(name = "Carbine alerts",
        description = "Deduplicates findings into alerts, resolves them when their condition has cleared, and records "
                + "every change (alert store, Event Admin, alerts.log). Times are event times (the printer's clock).")
public @interface Config {
    String SECONDS = "a whole number of seconds >= 0";

    @AttributeDefinition(name = "Resolve after (s)",
            description = "An alert is resolved once its detector has not reported its finding for this many seconds.")
    @Range(min = 0, is = SECONDS)
    long resolveAfterSeconds() default 30;

    @AttributeDefinition(name = "Save repeats every (s)",
            description = "Repeats of an open alert are saved to the alert store at most once per this many seconds; "
                    + "raising, escalation, acknowledgement and resolution are saved at once.")
    @Range(min = 0, is = SECONDS)
    long persistIntervalSeconds() default 30;

    @AttributeDefinition(name = "Detector gone after (s)",
            description = "Open alerts of a detector that is no longer installed are resolved after this many seconds "
                    + "(wall clock); a detector updated or swapped within it keeps its alerts.")
    @Range(min = 0, is = SECONDS)
    long detectorGoneSeconds() default 60;
}
