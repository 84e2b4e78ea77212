package carbine.api.detector;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

import carbine.api.telemetry.TelemetrySample;

/**
 * Judges each telemetry sample in the context of its printer's recent history and returns what it finds.
 *
 * <h2>Rules for implementers</h2>
 * <ul>
 * <li>Register as an OSGi service with the property {@value #ID_PROPERTY} (a short stable id such as
 * {@code rules} or {@code iforest}; defaults to {@code component.name}). The id names the detector in alerts.</li>
 * <li>{@link #judge} is called by the poller once per sample, right after it is taken, for every printer;
 * calls for <em>different</em> printers may run at the same time, calls for one printer never overlap and
 * arrive in event-time order. Keep per-printer state in a concurrent map keyed by printer id.</li>
 * <li>Reason in event time ({@link TelemetrySample#time()}), not the wall clock.</li>
 * <li>Be quick (microseconds): heavy work such as model training belongs on a thread of your own.</li>
 * <li>Return an empty list when all is well: a finding that is no longer returned is how its alert clears.
 * The same (printer, detector, kind) is one alert: returning it again updates it, it does not duplicate.</li>
 * <li>An exception is logged and ignored for that sample; it never stops other detectors.</li>
 * <li>Memory: keep bounded state per printer (a window of recent values, a model); the full history lives
 * in the store, reachable through {@code carbine.api.store.TelemetryStore}.</li>
 * <li>Configuration comes through Config Admin like any DS component ({@code @Designate} + metatype),
 * editable in the Web Console or by a file in the {@code conf/} directory.</li>
 * </ul>
 */
@ConsumerType
public interface Detector {
    /** Service property: the detector's id, used in alerts ({@code detector} field). */
    String ID_PROPERTY = "carbine.detector.id";

    /**
     * @param sample  the new sample, already validated
     * @param history the samples of the same printer before this one, oldest first
     * @return findings, empty when nothing is wrong
     */
    List<Finding> judge(TelemetrySample sample, SampleHistory history) throws Exception;
}
