package carbine.health.internal;

import java.util.List;
import java.util.Locale;

/**
 * What the daily values of one indicator say: its trend, and when at this rate it reaches its limit.
 *
 * @param status       LEARNING (too few days or no limit yet), OK (not heading for the limit, or not clearly),
 *                     WEARING (clearly heading for it), AT_LIMIT (there already)
 * @param days         usable days in the window
 * @param current      the trend's value at the last day
 * @param limit        the limit (NaN while unknown)
 * @param line         the Theil–Sen line over x = days relative to the last day (null while LEARNING)
 * @param daysToLimit  central forecast, days after the last day; infinite when not heading there; 0 at the limit
 * @param daysLow      soonest, from the band's steeper edge
 * @param daysHigh     latest, from the band's milder edge; infinite when the band allows no wear at all
 * @param changePercent change of the trend over {@code spanDays}, in percent of its earlier value
 * @param spanDays     days between the first and the last day fitted
 * @param warn         whether this is worth a COMPONENT_WEAR warning
 * @param message      for people
 * @param firstDay     epoch day of the first day fitted (Long.MIN_VALUE while LEARNING)
 * @param trendDay     epoch day of the last day fitted, where {@code current} is (Long.MIN_VALUE while LEARNING)
 */
record Assessment(Indicator indicator, Status status, int days, double current, double limit, TheilSen.Line line,
        double daysToLimit, double daysLow, double daysHigh, double changePercent, long spanDays, boolean warn,
        String message, long firstDay, long trendDay) {

    enum Status { LEARNING, OK, WEARING, AT_LIMIT }

    /**
     * @param days     usable daily aggregates, oldest first (at most the window)
     * @param lastDay  the epoch day the forecast counts from (the last closed day)
     * @param limit    the indicator's limit in its own unit, NaN if not known yet
     * @param display  turns a value of the indicator into text for people (e.g. heater duty in % at the target)
     */
    static Assessment of(Indicator indicator, List<DayAggregate> days, long lastDay, double limit, Settings settings,
            java.util.function.DoubleFunction<String> display) {
        int n = days.size();
        if (n < settings.minDays() || Double.isNaN(limit)) {
            String why = n < settings.minDays()
                    ? "learning: " + n + " of " + settings.minDays() + " days with data"
                    : indicator == Indicator.HEATER_DUTY ? "learning: waiting for the nozzle to hold a target"
                    : "learning: no baseline yet";
            return new Assessment(indicator, Status.LEARNING, n, n == 0 ? Double.NaN : days.get(n - 1).value(), limit,
                    null, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN, 0,
                    false, indicator.component() + " " + why, Long.MIN_VALUE, Long.MIN_VALUE);
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = days.get(i).epochDay() - lastDay;
            y[i] = days.get(i).value();
        }
        TheilSen.Line line = TheilSen.fit(x, y, settings.confidence());
        double current = line.at(x[n - 1]);
        long span = Math.round(x[n - 1] - x[0]);
        double before = line.at(x[0]);
        double change = before == 0 ? Double.NaN : 100 * (current / before - 1);
        long firstDay = days.get(0).epochDay(), trendDay = days.get(n - 1).epochDay();

        double sign = indicator.risesWhenWorse() ? 1 : -1;
        double margin = sign * (limit - current);
        double central = sign * line.slope();
        double steep = sign * (sign > 0 ? line.slopeHigh() : line.slopeLow());
        double mild = sign * (sign > 0 ? line.slopeLow() : line.slopeHigh());
        String evidence = String.format(Locale.ROOT, " [now %s, limit %s; Theil–Sen over %d days: %s of the limit "
                + "a day (%s to %s)]", display.apply(current), display.apply(limit), n, percent(line.slope(), limit),
                percent(line.slopeLow(), limit), percent(line.slopeHigh(), limit));
        if (margin <= 0) {
            return new Assessment(indicator, Status.AT_LIMIT, n, current, limit, line, 0, 0, 0, change, span, true,
                    indicator.component() + " has reached its limit" + evidence, firstDay, trendDay);
        }
        double daysTo = central > 0 ? margin / central : Double.POSITIVE_INFINITY;
        double daysLow = steep > 0 ? margin / steep : Double.POSITIVE_INFINITY;
        double daysHigh = mild > 0 ? margin / mild : Double.POSITIVE_INFINITY;
        boolean clear = mild > 0; // the whole band points towards the limit
        boolean warn = clear && daysTo <= settings.horizonDays();
        String message;
        if (central > 0) {
            message = String.format(Locale.ROOT, "%s %s than %d days ago; at this rate it reaches its limit in about %s "
                    + "(%s–%s)%s", indicator.component(), change(indicator, change), span, days(daysTo),
                    number(daysLow), daysHigh == Double.POSITIVE_INFINITY ? "never" : number(daysHigh),
                    clear ? "" : ", not clearly");
        } else {
            message = String.format(Locale.ROOT, "%s steady: not heading for its limit", indicator.component());
        }
        return new Assessment(indicator, clear ? Status.WEARING : Status.OK, n, current, limit, line, daysTo, daysLow,
                daysHigh, change, span, warn, message + evidence, firstDay, trendDay);
    }

    private static String change(Indicator indicator, double percent) {
        long p = Math.round(Math.abs(percent));
        return switch (indicator) {
            case HEATER_DUTY -> "needs " + p + " % " + (percent >= 0 ? "more" : "less") + " power";
            case FAN_RPM -> "reaches " + p + " % " + (percent <= 0 ? "fewer" : "more") + " rpm";
            case HEAT_UP -> "takes " + p + " % " + (percent >= 0 ? "longer" : "less time") + " to heat up";
            case TEMP_NOISE -> "reads " + p + " % " + (percent >= 0 ? "noisier" : "steadier");
        };
    }

    private static String days(double d) {
        return number(d) + (Math.round(d) == 1 ? " day" : " days");
    }

    private static String number(double d) {
        return d < 1 ? String.format(Locale.ROOT, "%.1f", d) : String.valueOf(Math.round(d));
    }

    private static String percent(double slope, double limit) {
        return String.format(Locale.ROOT, "%+.2f %%", 100 * slope / limit);
    }
}
