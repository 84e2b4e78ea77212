/**
 * Names that tell a simulated printer apart: the factory PID, service properties, framework property.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package carbine.simulator;
