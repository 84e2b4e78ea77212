package carbine.detector.likelihood.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import carbine.api.alert.Severity;
import carbine.api.detector.Finding;
import carbine.api.telemetry.TelemetrySample;

/**
 * One {@link SeriesModel} per printer over the configured field, and the findings it reports. Calls for different
 * printers may run at once (a concurrent map); calls for one printer never overlap (the poller's promise), so each
 * model is used by one thread at a time.
 */
final class LikelihoodEngine {
    static final String KIND = "UNLIKELY_SIGNAL";

    private final Settings settings;
    private final Map<String, SeriesModel> models = new ConcurrentHashMap<>();

    LikelihoodEngine(Settings settings) {
        this.settings = settings;
    }

    Settings settings() {
        return settings;
    }

    List<Finding> judge(TelemetrySample sample) {
        Double value = settings.signalField().of(sample);
        if (value == null || !Double.isFinite(value)) {
            return List.of();   // nothing to judge: the field is not reported (never taken as 0)
        }
        SeriesModel model = models.computeIfAbsent(sample.printerId(), id -> new SeriesModel(settings));
        SeriesModel.Verdict v = model.update(sample.time().toEpochMilli() / 1000.0, value);
        if (!v.anomaly()) {
            return List.of();
        }
        return List.of(new Finding(KIND, Severity.WARNING, message(v), v.score()));
    }

    private String message(SeriesModel.Verdict v) {
        String field = settings.signalField().fieldName();
        if (v.reason() == SeriesModel.Reason.OUT_OF_RANGE) {
            return String.format(Locale.ROOT, "%s %s is beyond everything seen before (%s to %s) by %s %% of that "
                    + "range (threshold %s %%)", field, num(v.value()), num(v.seenMin()), num(v.seenMax()),
                    num(v.beyondRange() * 100), num(settings.rangeMargin() * 100));
        }
        String season = Double.isNaN(v.seasonSurprise()) ? ""
                : String.format(Locale.ROOT, "; against the value %s h before it is %s deviations",
                        num(settings.seasonHours()), num(v.seasonSurprise()));
        return String.format(Locale.ROOT, "%s %s is unlikely: %s deviations (%s) from the mean %s of the last %d "
                + "values%s; surprise %s on average over the last %d values against a usual %s ± %s over the last "
                + "%d: tail probability %s ≤ threshold %s", field, num(v.value()), num(v.recentSurprise()),
                num(v.recentDeviation()), num(v.recentMean()), settings.recentWindow(), season, num(v.shortMean()),
                settings.shortWindow(), num(v.longMean()), num(v.longDeviation()), settings.longWindow(),
                String.format(Locale.ROOT, "%.2g", v.tail()),
                String.format(Locale.ROOT, "%.2g", settings.tailProbability()));
    }

    private static String num(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return String.format(Locale.ROOT, "%.0f", x);
        }
        return String.format(Locale.ROOT, Math.abs(x) >= 100 ? "%.1f" : "%.3g", x);
    }
}
