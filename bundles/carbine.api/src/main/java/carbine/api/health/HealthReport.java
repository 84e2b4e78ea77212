package carbine.api.health;

import java.util.List;

/**
 * One printer's component health.
 *
 * @param printerId  the printer
 * @param warning    the text of its {@code COMPONENT_WEAR} warning (the worn parts' messages joined by "; "), or
 *                   null when no part is forecast to reach its limit within the horizon
 * @param soonestDays days until the soonest forecast limit of a worn part, NaN without a warning
 * @param indicators the indicators the printer's telemetry allows (a printer that does not report heater power
 *                   has no heater indicator), in a fixed order
 */
public record HealthReport(String printerId, String warning, double soonestDays, List<IndicatorHealth> indicators) {
    public HealthReport {
        indicators = List.copyOf(indicators);
    }
}
