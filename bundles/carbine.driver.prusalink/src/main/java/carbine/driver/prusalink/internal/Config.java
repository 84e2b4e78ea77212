package carbine.driver.prusalink.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import carbine.config.Range;
import carbine.driver.prusalink.PrusaLinkDriver;

/**
 * The metatype of factory PID {@value PrusaLinkDriver#FACTORY_PID}. The component reads the raw properties (see
 * {@link PrusaLinkSettings}) so that a malformed value is reported by name instead of failing activation.
 */
@ObjectClassDefinition(name = "Carbine PrusaLink printer",
        description = "Reads a Prusa printer's telemetry from its PrusaLink (GET /api/v1/status, HTTP Digest "
                + "authentication). One configuration is one printer.")
@interface Config {
    @AttributeDefinition(name = "Printer id",
            description = "Id of the printer in this Carbine, unique across all drivers. Required.")
    String printerId();

    @AttributeDefinition(name = "PrusaLink URL",
            description = "Base URL of the printer's PrusaLink, http:// or https://, e.g. http://192.168.1.50 or "
                    + "http://prusa-mk4.local. No user name or password in it. Required.")
    String url();

    @AttributeDefinition(name = "User name",
            description = "PrusaLink's user name for HTTP Digest authentication; maker unless it was changed.")
    String username() default PrusaLinkDriver.DEFAULT_USERNAME;

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD,
            description = "PrusaLink's password, shown on the printer under Settings > Network > PrusaLink (older "
                    + "firmware calls it API key). Used for HTTP Digest authentication only, never sent in clear and "
                    + "never logged. Required.")
    String password();

    @AttributeDefinition(name = "Timeout (ms)",
            description = "Time allowed for connecting and for each answer, milliseconds (> 0). Keep it below the "
                    + "poller's timeout.")
    @Range(min = 1, is = "must be a whole number > 0")
    long timeoutMillis() default PrusaLinkDriver.DEFAULT_TIMEOUT_MILLIS;
}
