/**
 * Maintenance: each printer's usage counters (printing hours, heater and fan hours, heat cycles, jobs) and the
 * maintenance tasks planned on them. Implemented by {@code carbine.maintenance}; read by the dashboard.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package carbine.api.maintenance;
