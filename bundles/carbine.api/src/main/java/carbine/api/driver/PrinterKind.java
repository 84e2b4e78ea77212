package carbine.api.driver;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

import carbine.api.telemetry.TelemetrySample;

/**
 * A kind of printer a person can add from the dashboard (Printers → Add): a driver bundle registers one per
 * factory configuration PID it reads. The dashboard builds the form from that PID's metatype, calls
 * {@link #tryOnce(Map)} for <b>Test connection</b>, and saves the printer as a configuration file
 * {@code conf/<factoryPid>-<printerId>.cfg}, which the driver then picks up like any hand-written one.
 *
 * <p>Register with the service properties {@value #FACTORY_PID_PROPERTY} and {@value #LABEL_PROPERTY}.
 */
@ConsumerType
public interface PrinterKind {
    /** Service property: the factory PID whose configurations are printers of this kind. */
    String FACTORY_PID_PROPERTY = "carbine.printer.kind.factoryPid";
    /** Service property: the kind's name for people, e.g. {@code OctoPrint}. */
    String LABEL_PROPERTY = "carbine.printer.kind.label";

    /**
     * Reads one sample with these settings, exactly as a configuration of this kind would hold them (strings as in
     * a {@code .cfg} file), without registering anything.
     *
     * @throws Exception whose message tells a person what is wrong: a missing or malformed setting, the printer
     *                   unreachable, a wrong key, the printer not connected; never containing a secret
     */
    TelemetrySample tryOnce(Map<String, Object> settings) throws Exception;
}
