/**
 * Telemetry: one {@link carbine.api.telemetry.TelemetrySample} per printer per poll.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package carbine.api.telemetry;
