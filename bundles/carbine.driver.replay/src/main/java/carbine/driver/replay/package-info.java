/**
 * Names that tell a replay printer driver and the evaluation recorder apart: factory PIDs and service properties.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package carbine.driver.replay;
