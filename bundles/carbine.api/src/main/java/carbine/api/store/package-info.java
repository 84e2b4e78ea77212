/**
 * Persistent history of telemetry and alerts.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package carbine.api.store;
