package carbine.poller.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import carbine.config.Range;

/** Configuration of the poller, PID {@code carbine.poller}; every property is optional. Each default is here only. */
@ObjectClassDefinition(name = "Carbine poller",
        description = "Samples every printer of every driver on a schedule and hands the samples to the store, "
                + "the detectors and the alert service.")
public @interface Config {
    @AttributeDefinition(name = "Poll interval (ms)", min = "50",
            description = "Time between two poll cycles, fixed rate. Sub-second values are allowed; at least 50.")
    @Range(min = 1)
    long intervalMillis() default 5000;

    @AttributeDefinition(name = "Poll timeout (ms)", min = "1",
            description = "A printer that has not answered after this time is abandoned for this cycle "
                    + "(its thread is interrupted) and the poll counts as failed.")
    @Range(min = 1)
    long timeoutMillis() default 2000;

    @AttributeDefinition(name = "Offline after failures", min = "1",
            description = "Failed polls in a row after which a printer is marked offline and an alert is raised.")
    @Range(min = 1)
    int offlineAfterFailures() default 3;

    @AttributeDefinition(name = "History size", min = "1",
            description = "Recent samples kept in memory per printer and handed to the detectors.")
    @Range(min = 1, max = 1_000_000)
    int historySize() default 120;
}
