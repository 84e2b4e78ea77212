package carbine.driver.octoprint.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import carbine.config.Range;
import carbine.driver.octoprint.OctoPrintDriver;

/**
 * The metatype of factory PID {@value OctoPrintDriver#FACTORY_PID}. The component reads the raw properties (see
 * {@link OctoPrintSettings}) so that a malformed value is reported by name instead of failing activation.
 */
@ObjectClassDefinition(name = "Carbine OctoPrint printer",
        description = "Reads a printer's telemetry from its OctoPrint server (GET /api/printer and /api/job). "
                + "One configuration is one printer.")
@interface Config {
    @AttributeDefinition(name = "Printer id",
            description = "Id of the printer in this Carbine, unique across all drivers. Required.")
    String printerId();

    @AttributeDefinition(name = "OctoPrint URL",
            description = "Base URL of the OctoPrint server, http:// or https://, e.g. http://octopi.local or "
                    + "https://farm.example/octoprint/ behind a reverse proxy. No user name or password in it. "
                    + "Required.")
    String url();

    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD,
            description = "An OctoPrint API key with the STATUS permission: an application key or the user's own "
                    + "key (the global key is gone in OctoPrint 2.0). Sent as X-Api-Key, never logged. Required.")
    String apiKey();

    @AttributeDefinition(name = "Timeout (ms)",
            description = "Time allowed for connecting and for each answer, milliseconds (> 0). Keep it below the "
                    + "poller's timeout.")
    @Range(min = 1, is = "must be a whole number > 0")
    long timeoutMillis() default OctoPrintDriver.DEFAULT_TIMEOUT_MILLIS;
}
