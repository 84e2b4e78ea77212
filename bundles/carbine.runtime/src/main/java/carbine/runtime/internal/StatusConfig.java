package carbine.runtime.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The metatype of PID {@code carbine.alerts.status}: how much {@code status.json} lists. */
@ObjectClassDefinition(name = "Carbine status.json",
        description = "status.json is rewritten after every poll cycle: a summary of the whole fleet, then the "
                + "printers and the open alerts, at most as many as set here (printers needing attention first).")
@interface StatusConfig {
    @AttributeDefinition(name = "Printers listed at most", min = "1",
            description = "A larger fleet is listed in part: offline, failing, erroring and alerting printers "
                    + "first; the summary counts them all and says truncated=true.")
    int maxPrinters() default StatusJson.DEFAULT_MAX_PRINTERS;

    @AttributeDefinition(name = "Open alerts listed at most", min = "1", description = "Newest first.")
    int maxAlerts() default StatusJson.DEFAULT_MAX_ALERTS;
}
