package carbine.api.fleet;

import java.time.Instant;

import carbine.api.telemetry.TelemetrySample;

/**
 * What the poller knows of one printer right now.
 *
 * @param printerId           the printer
 * @param driver              the name of the driver serving it
 * @param driverBundle        the driver's bundle, {@code symbolicName version}
 * @param online              false after the configured number of failed polls in a row
 * @param latest              the latest good sample, or null before the first one
 * @param consecutiveFailures failed polls since the last good one
 * @param lastError           why the latest poll failed, or null
 * @param lastPoll            wall-clock time of the latest poll attempt, or null
 */
public record PrinterStatus(String printerId, String driver, String driverBundle, boolean online,
        TelemetrySample latest, int consecutiveFailures, String lastError, Instant lastPoll) {}
