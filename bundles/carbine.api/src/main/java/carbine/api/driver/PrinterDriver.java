package carbine.api.driver;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

import carbine.api.telemetry.TelemetrySample;

/**
 * A source of telemetry for one or more printers. Register an implementation as an OSGi service and the
 * poller finds it, polls each of its printers on its schedule, and forgets it when the service goes away.
 *
 * <h2>Rules for implementers</h2>
 * <ul>
 * <li>{@link #sample(String)} is called from the poller's threads, possibly for several printers of the
 * same driver at once: it must be thread-safe. It should answer within the poll timeout (2 s by default);
 * a call that takes longer is abandoned (the thread is interrupted) and counts as a failure.</li>
 * <li>Fail by throwing: any exception counts as one failed poll. After a configured number of failures in a
 * row the printer is marked {@code OFFLINE} and an alert is raised; it recovers with the next good sample.</li>
 * <li>Return a sample whose {@link TelemetrySample#printerId()} is the id asked for, with the time the
 * reading was taken. Leave out (null) what the printer does not report. The poller checks every sample:
 * impossible values (NaN, below absolute zero, out of range) are dropped with a log line and an alert.</li>
 * <li>A printer id is unique across all drivers. Identify the driver with the service property
 * {@value #NAME_PROPERTY} (defaults to {@code component.name}).</li>
 * </ul>
 */
@ConsumerType
public interface PrinterDriver {
    /** Service property: a human-readable name of the driver instance. */
    String NAME_PROPERTY = "carbine.driver.name";

    /** The printers this driver serves right now. May change over time; read on every poll cycle. */
    Set<String> printerIds();

    /**
     * Reads the current telemetry of one printer.
     *
     * @param printerId one of {@link #printerIds()}
     * @return the sample, never null
     * @throws Exception when the printer cannot be read (network error, garbage, ...)
     */
    TelemetrySample sample(String printerId) throws Exception;
}
