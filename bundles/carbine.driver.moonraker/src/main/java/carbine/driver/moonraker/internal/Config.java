package carbine.driver.moonraker.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import carbine.config.Range;
import carbine.driver.moonraker.MoonrakerDriver;

/**
 * The metatype of factory PID {@value MoonrakerDriver#FACTORY_PID}. The component reads the raw properties (see
 * {@link DriverSettings}) so that a malformed value is reported by name instead of failing activation.
 */
@ObjectClassDefinition(name = "Carbine Moonraker (Klipper) printer",
        description = "Reads a Klipper printer through Moonraker's websocket API (ws://host:port/websocket): "
                + "temperatures, heater power, fan, filament sensors, print state and progress, and Klipper's "
                + "shutdown messages. One configuration is one printer.")
@interface Config {
    @AttributeDefinition(name = "Printer id",
            description = "Id of the printer in this Carbine, unique across all drivers. Required.")
    String printerId();

    @AttributeDefinition(name = "Moonraker URL",
            description = "Base URL of Moonraker, e.g. http://voron.local:7125 (https:// for TLS). The driver "
                    + "connects to its /websocket. Required.")
    String url();

    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
            description = "Moonraker API key, sent as X-Api-Key. Leave empty when Carbine's address is one of "
                    + "Moonraker's trusted_clients.")
    String apiKey() default "";

    @AttributeDefinition(name = "Timeout (ms)",
            description = "Time allowed for connecting and for each answer of Moonraker, milliseconds (> 0).")
    @Range(min = 1, is = "must be a whole number > 0")
    long timeoutMillis() default MoonrakerDriver.DEFAULT_TIMEOUT_MILLIS;

    @AttributeDefinition(name = "Name", required = false,
            description = "Optional name of the driver instance for people, e.g. 'Voron 2.4'; default "
                    + "'moonraker <printerId>'.")
    String name() default "";
}
