package carbine.api.health;

import java.time.LocalDate;
import java.util.List;

/**
 * One health indicator of one printer: its daily values, their Theil–Sen trend with the slope's confidence band,
 * and the forecast of when the trend reaches the limit. Numbers that do not exist (no trend while learning, no
 * crossing: "never") are NaN or positive infinity, as stated per field.
 *
 * @param key            {@code heater_duty}, {@code fan_rpm}, {@code heat_up} or {@code temp_noise}
 * @param component      the part for people, e.g. {@code hotend heater}
 * @param unit           the unit of the values, e.g. {@code duty/°C}
 * @param status         what the trend says
 * @param days           usable days the trend is fitted on
 * @param current        the trend's value at {@code trendDay} (while learning: the last usable day's value, NaN
 *                       without any)
 * @param currentText    {@code current} for people, e.g. {@code duty 77 % at 210 °C}
 * @param limit          the limit in the same unit, NaN while unknown
 * @param risesWhenWorse whether the values rise as the part wears (the heater needs more power) or fall (the fan
 *                       reaches fewer rpm)
 * @param trendDay       the last day fitted, where {@code current} and the forecast start; null while learning
 * @param slopePerDay    the trend's slope per day, NaN while learning
 * @param slopeLow       the lower edge of the slope's confidence band, NaN while learning
 * @param slopeHigh      the upper edge, NaN while learning
 * @param daysToLimit    days after {@code trendDay} until the trend reaches the limit; infinite when not heading
 *                       there, 0 at the limit
 * @param daysToLimitLow soonest, from the band's steeper edge (infinite when none)
 * @param daysToLimitHigh latest, from the band's milder edge (infinite when the band allows no wear)
 * @param changePercent  how much the trend changed over the days fitted, in percent, NaN while learning
 * @param warn           whether this indicator is part of the printer's warning
 * @param message        for people: the evidence and forecast, or what it is still learning
 * @param daily          the kept daily values, oldest first: the baseline's first days and the trend's window
 */
public record IndicatorHealth(String key, String component, String unit, Status status, int days, double current,
        String currentText, double limit, boolean risesWhenWorse, LocalDate trendDay, double slopePerDay,
        double slopeLow, double slopeHigh, double daysToLimit, double daysToLimitLow, double daysToLimitHigh,
        double changePercent, boolean warn, String message, List<DailyValue> daily) {

    public IndicatorHealth {
        daily = List.copyOf(daily);
    }

    /** What the trend says about a part. */
    public enum Status {
        /** Too few days with data, or no baseline or limit yet. */
        LEARNING,
        /** Not heading for its limit, or not clearly. */
        OK,
        /** Clearly heading for its limit (the whole band points there), maybe beyond the horizon. */
        WEARING,
        /** The trend has reached the limit. */
        AT_LIMIT
    }

    /**
     * One day's value (UTC days, event time).
     *
     * @param date   the day
     * @param value  the indicator's value that day
     * @param count  observations behind it
     * @param fitted whether the trend is fitted on it (a usable day in the window)
     */
    public record DailyValue(LocalDate date, double value, long count, boolean fitted) {}
}
