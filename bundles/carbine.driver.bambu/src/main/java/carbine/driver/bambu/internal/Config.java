package carbine.driver.bambu.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import carbine.config.Range;
import carbine.driver.bambu.BambuDriver;

/**
 * The metatype of factory PID {@value BambuDriver#FACTORY_PID}, the single source of each default. The component
 * reads the raw properties (see {@link BambuSettings}) so that a malformed value is reported by name instead of
 * failing activation.
 */
@ObjectClassDefinition(name = "Carbine Bambu Lab printer (LAN)",
        description = "Reads a Bambu Lab printer over its LAN MQTT interface (TLS, user bblp and the access code "
                + "shown on the printer): temperatures, part fan, print state and progress, print errors and HMS "
                + "codes. One configuration is one printer.")
@interface Config {
    @AttributeDefinition(name = "Printer id",
            description = "Id of the printer in this Carbine, unique across all drivers. Required.")
    String printerId();

    @AttributeDefinition(name = "Host",
            description = "The printer's IP address or host name on the LAN. Required.")
    String host();

    @AttributeDefinition(name = "Serial number",
            description = "The printer's serial number (Settings › Device on the printer, or the sticker): its MQTT "
                    + "topics are device/<serial>/..., and its certificate carries the serial as its name. Required.")
    String serial();

    @AttributeDefinition(name = "Access code", type = AttributeType.PASSWORD,
            description = "The LAN access code shown on the printer (Settings › Network / WLAN). It is the MQTT "
                    + "password of user bblp. Required; never logged.")
    String accessCode();

    @AttributeDefinition(name = "Port", description = "MQTT over TLS port of the printer (1..65535).")
    @Range(min = 1, max = 65535, is = "a whole number 1..65535")
    int port() default BambuDriver.DEFAULT_PORT;

    @AttributeDefinition(name = "CA file", required = false,
            description = "PEM file of the certificate authorities to trust. Empty: the Bambu Lab CAs shipped in "
                    + "the bundle.")
    String caFile() default "";

    @AttributeDefinition(name = "Verify certificate",
            description = "Check that the printer's certificate is issued by a trusted CA and names the serial. "
                    + "Turn off only for a printer whose certificate cannot be checked: the connection is then "
                    + "encrypted but not authenticated.")
    boolean verifyCertificate() default true;
}
