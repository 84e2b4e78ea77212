package carbine.detector.likelihood.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SeriesModelTest {
    private static final Settings SETTINGS = Settings.DEFAULTS;

    @Test
    void upperTailMatchesTheNormalDistribution() {
        assertThat(SeriesModel.upperTail(0)).isCloseTo(0.5, within(1e-15));
        assertThat(SeriesModel.upperTail(1.959963985)).isCloseTo(0.025, within(1e-9));
        assertThat(SeriesModel.upperTail(-1.959963985)).isCloseTo(0.975, within(1e-9));
        assertThat(SeriesModel.upperTail(2.9)).isCloseTo(1.8658133e-3, withPercentage(1e-3));
        assertThat(SeriesModel.upperTail(3.1)).isCloseTo(9.676032e-4, withPercentage(1e-3));
        assertThat(SeriesModel.upperTail(5)).isCloseTo(2.866516e-7, withPercentage(1e-3));
        assertThat(SeriesModel.upperTail(8)).isCloseTo(6.220961e-16, withPercentage(1e-3));
        assertThat(SeriesModel.upperTail(Double.NaN)).isEqualTo(1);
        assertThat(SeriesModel.upperTail(40)).isGreaterThanOrEqualTo(0).isLessThan(1e-300);
    }

    @Test
    void stationaryNoiseRaisesLittleAndASpikeIsReportedWithItsReason() {
        SeriesModel model = new SeriesModel(SETTINGS);
        Random random = new Random(7);
        List<Integer> anomalies = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double x = 200 + random.nextGaussian();
            if (model.update(x).anomaly()) {
                anomalies.add(i);
            }
        }
        // the price of a detector tuned for NAB: pure Gaussian noise is reported about once in 4,000 samples
        // (new records beyond the range margin, rare runs of large values); this is why printers do not get it
        // by default
        assertThat(anomalies.size()).isBetween(1, 6);
        SeriesModel.Verdict spike = model.update(200 + 12);
        assertThat(spike.anomaly()).isTrue();
        assertThat(spike.reason()).isEqualTo(SeriesModel.Reason.OUT_OF_RANGE);
        assertThat(spike.seenMax()).isLessThan(206);
    }

    @Test
    void aChangeOfBehaviourInsideTheRangeIsUnlikely() {
        SeriesModel model = new SeriesModel(SETTINGS.with(Map.of("rangeMargin", 0)));
        Random random = new Random(11);
        for (int i = 0; i < 3000; i++) {
            // a slow sine with little noise: the recent window predicts each value well
            assertThat(model.update(50 + 20 * Math.sin(i / 200.0) + 0.2 * random.nextGaussian()).anomaly()).isFalse();
        }
        // the same range, but values jump around inside it
        SeriesModel.Verdict first = null;
        for (int i = 0; i < 10 && first == null; i++) {
            SeriesModel.Verdict v = model.update(i % 2 == 0 ? 35 : 65);
            if (v.anomaly()) {
                first = v;
            }
        }
        assertThat(first).isNotNull();
        assertThat(first.reason()).isEqualTo(SeriesModel.Reason.UNLIKELY);
        assertThat(first.tail()).isLessThanOrEqualTo(SETTINGS.tailProbability());
        assertThat(first.score()).isGreaterThanOrEqualTo(4);
        assertThat(first.shortMean()).isGreaterThan(first.longMean());
    }

    @Test
    void nothingIsReportedWhileLearningAndOnlyOnceWhileResting() {
        SeriesModel model = new SeriesModel(SETTINGS);
        for (int i = 0; i < SETTINGS.learnSamples(); i++) {
            SeriesModel.Verdict v = model.update(i == 100 ? 1e6 : 10 + i % 3);
            assertThat(v.learning()).isTrue();
            assertThat(v.anomaly()).isFalse();
        }
        for (int i = 0; i < 1000; i++) {
            model.update(10 + i % 3);
        }
        assertThat(model.update(-1e7).anomaly()).isTrue();
        int more = 0;
        for (int i = 0; i < SETTINGS.restSamples(); i++) {
            if (model.update(i % 2 == 0 ? -1e8 : 1e8).anomaly()) {
                more++;
            }
        }
        assertThat(more).isZero();
        assertThat(model.update(-1e9).anomaly()).isTrue();
    }

    @Test
    void aFlatSeriesStaysQuietAndItsFirstStepIsReported() {
        SeriesModel model = new SeriesModel(SETTINGS);
        for (int i = 0; i < 2000; i++) {
            assertThat(model.update(42).anomaly()).isFalse();
        }
        SeriesModel.Verdict step = model.update(43);
        assertThat(step.anomaly()).isTrue();
    }

    @Test
    void memoryIsBoundedByTheWindows() {
        SeriesModel model = new SeriesModel(SETTINGS.with(Map.of("longWindow", 50, "recentWindow", 5)));
        Random random = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            model.update(random.nextGaussian());
        }
        // after 4,000 turns of the long ring its running sums are still exact enough to judge
        SeriesModel.Verdict v = model.update(0);
        assertThat(v.longMean()).isBetween(0.0, 5.0);
        assertThat(v.longDeviation()).isBetween(0.05, 5.0);
        assertThat(model.seen()).isEqualTo(200_001);
    }

    @Test
    void aDailyCycleIsNotNewsButABrokenOneIs() {
        // 5-minute samples of a square wave: high from 08:00 to 20:00 every day, with a little noise
        Random random = new Random(5);
        SeriesModel seasonal = new SeriesModel(SETTINGS);
        SeriesModel recentOnly = new SeriesModel(SETTINGS.with(Map.of("seasonHours", 0)));
        int perDay = 288;
        List<Integer> seasonalAnomalies = new ArrayList<>();
        int recentOnlyAnomalies = 0;
        for (int i = 0; i < 12 * perDay; i++) {
            double hour = (i % perDay) / 12.0;
            boolean missing = i / perDay == 10;   // day 10: the rise at 08:00 does not come
            double x = (hour >= 8 && hour < 20 && !missing ? 80 : 20) + 0.5 * random.nextGaussian();
            if (seasonal.update(i * 300.0, x).anomaly()) {
                seasonalAnomalies.add(i);
            }
            if (recentOnly.update(i * 300.0, x).anomaly()) {
                recentOnlyAnomalies++;
            }
        }
        // the recent past alone is surprised by the edges again and again
        assertThat(recentOnlyAnomalies).isGreaterThanOrEqualTo(5);
        // with the day before, the first days may still alert (the usual surprise is being learnt); from day 4 on,
        // only the broken cycle is reported. Not the missing rise itself (the recent past explains a value that
        // stays low), but the day after, whose rise and fall the day before no longer explains.
        assertThat(seasonalAnomalies).filteredOn(i -> i >= 4 * perDay)
                .isNotEmpty()
                .allMatch(i -> i >= 10 * perDay && i < 12 * perDay)
                .anyMatch(i -> i >= 11 * perDay + 8 * 12 && i <= 11 * perDay + 9 * 12);
    }

    @Test
    void withoutAValueOneSeasonBeforeOnlyTheRecentPastCounts() {
        SeriesModel model = new SeriesModel(SETTINGS.with(Map.of("seasonSamples", 100)));
        for (int i = 0; i < 500; i++) {
            // one sample a minute: a day is 1,440 samples, more than the 100 kept
            SeriesModel.Verdict v = model.update(i * 60.0, 10 + i % 4);
            assertThat(v.seasonSurprise()).isNaN();
            assertThat(v.surprise()).isEqualTo(v.recentSurprise());
        }
    }
}
