/**
 * Component health: per printer, indicators of how hard its parts work (hotend heater duty, part fan rpm, heat-up
 * time, thermistor noise) kept as daily values, their robust trend and the forecast of when each reaches its limit.
 * Implemented by {@code carbine.health}; read by the dashboard.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package carbine.api.health;
