/**
 * The fleet: every printer Carbine polls, with its driver and latest sample.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package carbine.api.fleet;
