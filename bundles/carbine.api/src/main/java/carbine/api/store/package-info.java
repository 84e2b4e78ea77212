/**
 * Persistent history of telemetry and alerts.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.5.0")
package carbine.api.store;
