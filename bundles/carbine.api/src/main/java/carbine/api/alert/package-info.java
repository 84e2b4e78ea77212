/**
 * Alerts: what detectors' findings become. One active alert per (printer, detector, kind).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package carbine.api.alert;
