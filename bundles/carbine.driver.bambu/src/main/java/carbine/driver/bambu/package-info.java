/**
 * Names that tell a Bambu Lab (LAN MQTT) printer driver apart: the factory PID and its service properties.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package carbine.driver.bambu;
