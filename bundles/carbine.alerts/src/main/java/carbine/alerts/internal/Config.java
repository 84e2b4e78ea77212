package carbine.alerts.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the alert service, PID {@code carbine.alerts}. */
@ObjectClassDefinition(name = "Carbine alerts",
        description = "Deduplicates findings into alerts, resolves them when their condition has cleared, and records "
                + "every change (alert store, Event Admin, alerts.log). Times are event times (the printer's clock).")
public @interface Config {
    @AttributeDefinition(name = "Resolve after (s)",
            description = "An alert is resolved once its detector has not reported its finding for this many seconds.")
    long resolveAfterSeconds() default 30;

    @AttributeDefinition(name = "Save repeats every (s)",
            description = "Repeats of an open alert are saved to the alert store at most once per this many seconds; "
                    + "raising, escalation, acknowledgement and resolution are saved at once.")
    long persistIntervalSeconds() default 30;

    @AttributeDefinition(name = "Detector gone after (s)",
            description = "Open alerts of a detector that is no longer installed are resolved after this many seconds "
                    + "(wall clock); a detector updated or swapped within it keeps its alerts.")
    long detectorGoneSeconds() default 60;
}
