/**
 * Event Admin topics published by Carbine. Payloads hold simple values only.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package carbine.api.event;
