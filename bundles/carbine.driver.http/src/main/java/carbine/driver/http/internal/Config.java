package carbine.driver.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import carbine.config.Range;
import carbine.driver.http.HttpDriver;

/**
 * The metatype of factory PID {@value HttpDriver#FACTORY_PID}. The component reads the raw properties (see
 * {@link DriverSettings}) so that a malformed value is reported by name instead of failing activation.
 */
@ObjectClassDefinition(name = "Carbine HTTP printer",
        description = "Reads a printer's telemetry from a JSON status URL: another Carbine "
                + "(/api/v1/printers/{id}/status) or the original Python prototype (/api/v1/printer/status). "
                + "One configuration is one printer.")
@interface Config {
    @AttributeDefinition(name = "Status URL",
            description = "http:// or https:// URL answering GET with one sample in Carbine's JSON, e.g. "
                    + "http://192.168.1.20:8080/api/v1/printers/printer-3/status. Required.")
    String url();

    @AttributeDefinition(name = "Printer id",
            description = "Id of the printer in this Carbine, unique across all drivers. Required. The remote "
                    + "printer_id is not used.")
    String printerId();

    @AttributeDefinition(name = "Timeout (ms)",
            description = "Time allowed for connecting and for the whole answer, milliseconds (> 0). Keep it "
                    + "below the poller's timeout.")
    @Range(min = 1, is = "must be a whole number > 0")
    long timeoutMillis() default HttpDriver.DEFAULT_TIMEOUT_MILLIS;

    @AttributeDefinition(name = "Name", required = false,
            description = "Optional name of the driver instance for people, e.g. 'Voron in the lab'; default "
                    + "'http <printerId>'.")
    String name() default "";
}
