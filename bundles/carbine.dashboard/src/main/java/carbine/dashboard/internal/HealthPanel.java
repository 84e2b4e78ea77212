package carbine.dashboard.internal;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

import carbine.api.health.ComponentHealth;
import carbine.api.health.HealthReport;
import carbine.api.health.IndicatorHealth;

/**
 * A printer's component health (bundle carbine.health): per indicator its status, the evidence in words and a chart
 * of the daily values with the Theil–Sen trend, the forecast with its band and the limit. Drawn as SVG like
 * {@link HistoryChart}. The values change once a day, so it is redrawn only when the report changes.
 */
final class HealthPanel extends Div {
    private static final long serialVersionUID = 1L;
    private static final int W = 800, H = 220, LEFT = 64, RIGHT = 8, TOP = 10, BOTTOM = 24;
    /** The forecast is drawn this many days ahead at least, and at most. */
    private static final double MIN_AHEAD = 7, MAX_AHEAD = 60;

    private final Span summary = new Span();
    private final Div indicators = new Div();
    private String printerId;
    private HealthReport shown;

    HealthPanel() {
        addClassName("component-health");
        summary.addClassName("health-summary");
        indicators.addClassName("health-indicators");
        Div legend = new Div(legend("daily value (filled: the trend is fitted on it)", "day"),
                legend("trend (Theil–Sen)", "trend"), legend("forecast", "forecast"),
                legend("band of the forecast", "band"), legend("limit", "limit"));
        legend.addClassName("legend");
        add(summary, indicators, legend);
    }

    private static Span legend(String text, String cls) {
        Span swatch = new Span();
        swatch.addClassNames("swatch", "health-" + cls);
        Span s = new Span(swatch, new Span(text));
        s.addClassName("legend-item");
        return s;
    }

    void show(String printerId) {
        this.printerId = printerId;
        shown = null;
    }

    void update(Optional<ComponentHealth> service) {
        if (service.isEmpty()) {
            say("Not watched: the component health bundle (carbine.health) is not running.");
            return;
        }
        Optional<HealthReport> report;
        try {
            report = service.get().report(printerId);
        } catch (RuntimeException e) { // the service went away between two calls
            say("Not available right now: " + e.getMessage());
            return;
        }
        if (report.isEmpty()) {
            say("No health data yet: indicators are kept once a day closes with this printer holding a target.");
            return;
        }
        if (report.get().equals(shown)) return;
        shown = report.get();
        HealthReport r = shown;
        summary.setText(r.warning() == null ? "No part is forecast to reach its limit soon." : "COMPONENT_WEAR: "
                + r.warning());
        summary.getElement().setAttribute("class", "health-summary " + (r.warning() == null ? "ok" : "warning"));
        indicators.removeAll();
        if (r.indicators().isEmpty()) indicators.add(new Span("No day closed yet."));
        for (IndicatorHealth i : r.indicators()) {
            Div block = new Div();
            block.addClassName("indicator");
            block.getElement().setAttribute("data-indicator", i.key());
            Span head = new Span(i.component() + " — " + i.status().name().replace('_', ' ') + " — " + i.currentText());
            head.addClassNames("indicator-status", cssClass(i));
            Span message = new Span(i.message());
            message.addClassName("indicator-message");
            Div chart = new Div();
            chart.addClassNames("chart", "health-chart");
            chart.getElement().setProperty("innerHTML", svg(i));
            block.add(head, message, chart);
            indicators.add(block);
        }
    }

    private void say(String text) {
        shown = null;
        summary.setText(text);
        summary.getElement().setAttribute("class", "health-summary");
        indicators.removeAll();
    }

    private static String cssClass(IndicatorHealth i) {
        return switch (i.status()) {
            case LEARNING -> "offline";
            case OK -> "ok";
            case WEARING -> i.warn() ? "warning" : "info";
            case AT_LIMIT -> "critical";
        };
    }

    /**
     * The chart of one indicator: daily values (filled where the trend is fitted on them), the trend over the fitted
     * days, from its last day the forecast at the central slope up to the limit and the band of the slope's
     * confidence interval as a fan, the limit as a line. The x axis runs in days, the y axis in the indicator's unit.
     */
    static String svg(IndicatorHealth i) {
        List<IndicatorHealth.DailyValue> daily = i.daily();
        LocalDate first = daily.isEmpty() ? LocalDate.now() : daily.get(0).date();
        LocalDate lastDaily = daily.isEmpty() ? first : daily.get(daily.size() - 1).date();
        boolean trend = i.trendDay() != null && Double.isFinite(i.slopePerDay()) && Double.isFinite(i.current());
        double ahead = 0;
        if (trend) {
            ahead = Double.isFinite(i.daysToLimit()) ? i.daysToLimit() * 1.25 : MIN_AHEAD;
            ahead = Math.max(MIN_AHEAD, Math.min(MAX_AHEAD, ahead));
        }
        double x0 = 0;
        double trendX = trend ? ChronoUnit.DAYS.between(first, i.trendDay()) : 0;
        double x1 = Math.max(ChronoUnit.DAYS.between(first, lastDaily), trendX + ahead);
        if (x1 <= x0) x1 = x0 + 1;

        // the y range: every point, the limit, and the forecast and its band as far as they are drawn
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (IndicatorHealth.DailyValue d : daily) {
            if (Double.isFinite(d.value())) { lo = Math.min(lo, d.value()); hi = Math.max(hi, d.value()); }
        }
        if (Double.isFinite(i.limit())) { lo = Math.min(lo, i.limit()); hi = Math.max(hi, i.limit()); }
        double forecastEnd = trend ? Math.min(ahead, Double.isFinite(i.daysToLimit()) ? i.daysToLimit() : ahead) : 0;
        if (trend) {
            for (double v : new double[] {i.current() + i.slopeLow() * ahead, i.current() + i.slopeHigh() * ahead,
                    i.current() + i.slopePerDay() * forecastEnd}) {
                if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
            }
        }
        if (lo > hi) { lo = 0; hi = 1; }
        if (lo == hi) { lo -= Math.abs(lo) * 0.1 + 1e-9; hi += Math.abs(hi) * 0.1 + 1e-9; }
        double pad = (hi - lo) * 0.08;
        double ylo = lo - pad, yhi = hi + pad, span = x1 - x0;
        DoubleUnaryOperator x = d -> LEFT + (W - LEFT - RIGHT) * (d - x0) / span;
        DoubleUnaryOperator y = v -> TOP + (H - TOP - BOTTOM) * (1 - (Math.max(ylo, Math.min(yhi, v)) - ylo)
                / (yhi - ylo));

        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' "
                + "preserveAspectRatio='none' role='img' aria-label='%s' data-indicator='%s' data-status='%s' "
                + "data-points='%d' data-fitted='%d'>", W, H, Format.xml(i.component() + " health"),
                Format.xml(i.key()), i.status(), daily.size(),
                daily.stream().filter(IndicatorHealth.DailyValue::fitted).count()));
        for (int k = 0; k <= 4; k++) {
            double v = ylo + (yhi - ylo) * k / 4;
            double yy = y.applyAsDouble(v);
            b.append(String.format(Locale.ROOT, "<line class='grid' x1='%d' x2='%d' y1='%.1f' y2='%.1f'/>"
                    + "<text class='axis' x='%d' y='%.1f' text-anchor='end'>%s</text>", LEFT, W - RIGHT, yy, yy,
                    LEFT - 4, yy + 4, Format.xml(axisNumber(v))));
        }
        for (int k = 0; k <= 4; k++) {
            double d = x0 + span * k / 4;
            b.append(String.format(Locale.ROOT, "<text class='axis' x='%.1f' y='%d' text-anchor='%s'>%s</text>",
                    x.applyAsDouble(d), H - 6, k == 0 ? "start" : k == 4 ? "end" : "middle",
                    first.plusDays(Math.round(d))));
        }
        if (Double.isFinite(i.limit())) {
            double yy = y.applyAsDouble(i.limit());
            b.append(String.format(Locale.ROOT, "<line class='limit' x1='%d' x2='%d' y1='%.1f' y2='%.1f'>"
                    + "<title>limit %s</title></line>", LEFT, W - RIGHT, yy, yy, Format.xml(axisNumber(i.limit()))));
        }
        if (trend) {
            double t = trendX;
            double c = i.current();
            // the band: from the last fitted day, the slope's lower and upper edge (a fan; the forecast's range)
            b.append(String.format(Locale.ROOT, "<polygon class='band' points='%.1f,%.1f %.1f,%.1f %.1f,%.1f'>"
                    + "<title>%s</title></polygon>", x.applyAsDouble(t), y.applyAsDouble(c),
                    x.applyAsDouble(t + ahead), y.applyAsDouble(c + i.slopeLow() * ahead),
                    x.applyAsDouble(t + ahead), y.applyAsDouble(c + i.slopeHigh() * ahead),
                    Format.xml("band of the slope: " + axisNumber(i.slopeLow()) + " to " + axisNumber(i.slopeHigh())
                            + " a day")));
            double fittedFrom = daily.stream().filter(IndicatorHealth.DailyValue::fitted).findFirst()
                    .map(d -> (double) ChronoUnit.DAYS.between(first, d.date())).orElse(t);
            b.append(String.format(Locale.ROOT, "<line class='trend' x1='%.1f' x2='%.1f' y1='%.1f' y2='%.1f'/>",
                    x.applyAsDouble(fittedFrom), x.applyAsDouble(t),
                    y.applyAsDouble(c + i.slopePerDay() * (fittedFrom - t)), y.applyAsDouble(c)));
            if (forecastEnd > 0) {
                b.append(String.format(Locale.ROOT, "<line class='forecast' x1='%.1f' x2='%.1f' y1='%.1f' "
                        + "y2='%.1f'/>", x.applyAsDouble(t), x.applyAsDouble(t + forecastEnd), y.applyAsDouble(c),
                        y.applyAsDouble(c + i.slopePerDay() * forecastEnd)));
            }
            if (Double.isFinite(i.daysToLimit()) && i.daysToLimit() <= ahead) {
                double xx = x.applyAsDouble(t + i.daysToLimit());
                b.append(String.format(Locale.ROOT, "<g class='crossing'><line x1='%.1f' x2='%.1f' y1='%d' y2='%d'/>"
                        + "<title>%s</title></g>", xx, xx, TOP, H - BOTTOM, Format.xml("limit in about "
                        + Math.round(i.daysToLimit()) + " days: " + i.trendDay().plusDays(Math.round(i.daysToLimit())))));
            }
        }
        for (IndicatorHealth.DailyValue d : daily) {
            if (!Double.isFinite(d.value())) continue;
            b.append(String.format(Locale.ROOT, "<circle class='day%s' cx='%.1f' cy='%.1f' r='3'><title>%s</title>"
                    + "</circle>", d.fitted() ? " fitted" : "", x.applyAsDouble(ChronoUnit.DAYS.between(first, d.date())),
                    y.applyAsDouble(d.value()), Format.xml(d.date() + ": " + axisNumber(d.value()) + " " + i.unit()
                            + " (" + d.count() + " observations)")));
        }
        return b.append("</svg>").toString();
    }

    /** Four significant digits: the units range from duty per °C (0.004) to rpm (6000). */
    static String axisNumber(double v) {
        return String.format(Locale.ROOT, "%.4g", v).replaceFirst("(\\.\\d*?)0+(e|$)", "$1$2")
                .replaceFirst("\\.(e|$)", "$1");
    }
}
