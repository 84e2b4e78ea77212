package carbine.health.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import carbine.api.detector.Finding;
import carbine.api.health.HealthReport;
import carbine.api.health.IndicatorHealth;

/** The engine's report of a printer as the API's {@link HealthReport}: what the dashboard and the HTTP API show. */
final class Reports {
    private Reports() {}

    static HealthReport of(HealthEngine.Report r, Settings settings) {
        Finding warning = r.findings().isEmpty() ? null : r.findings().iterator().next();
        List<IndicatorHealth> indicators = new ArrayList<>();
        for (int i = 0; i < r.assessments().size(); i++) {
            Assessment a = r.assessments().get(i);
            boolean learning = a.line() == null;
            List<IndicatorHealth.DailyValue> daily = new ArrayList<>();
            for (DayAggregate d : r.days().get(a.indicator())) {
                boolean fitted = !learning && d.epochDay() >= a.firstDay() && d.epochDay() <= a.trendDay()
                        && d.count() >= settings.minSamplesPerDay();
                daily.add(new IndicatorHealth.DailyValue(LocalDate.ofEpochDay(d.epochDay()), d.value(), d.count(),
                        fitted));
            }
            indicators.add(new IndicatorHealth(a.indicator().key(), a.indicator().component(), a.indicator().unit(),
                    IndicatorHealth.Status.valueOf(a.status().name()), a.days(), a.current(), r.currentText().get(i),
                    a.limit(), a.indicator().risesWhenWorse(), learning ? null : LocalDate.ofEpochDay(a.trendDay()),
                    learning ? Double.NaN : a.line().slope(), learning ? Double.NaN : a.line().slopeLow(),
                    learning ? Double.NaN : a.line().slopeHigh(), a.daysToLimit(), a.daysLow(), a.daysHigh(),
                    a.changePercent(), a.warn(), a.message(), daily));
        }
        return new HealthReport(r.printerId(), warning == null ? null : warning.message(),
                warning == null ? Double.NaN : warning.score(), indicators);
    }
}
