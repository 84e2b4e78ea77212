/**
 * Printer drivers: how telemetry enters Carbine. Implement {@link carbine.api.driver.PrinterDriver}; offer a {@link carbine.api.driver.PrinterKind} so people can add printers from the dashboard.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package carbine.api.driver;
