/**
 * Printer drivers: how telemetry enters Carbine. Implement {@link carbine.api.driver.PrinterDriver}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package carbine.api.driver;
