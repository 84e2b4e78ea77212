package carbine.detector.iforest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import carbine.detector.iforest.internal.PhaseTracker.Phase;

class TrainedModelTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    /** Settled observations of a printer holding 210 °C, as the extractor makes them. */
    private static List<Observation> normal(int count) {
        FeatureExtractor features = new FeatureExtractor(10, 60);
        SyntheticPrinter p = SyntheticPrinter.holding("p1", 1, 210);
        List<Observation> out = new ArrayList<>();
        while (out.size() < count) {
            Observation o = features.next(p.next());
            if (o.settled()) {
                out.add(o);
            }
        }
        return out;
    }

    private static Observation with(Observation o, Feature f, double value) {
        double[] v = o.values().clone();
        v[f.ordinal()] = value;
        return new Observation(o.time(), o.nozzlePhase(), o.settled(), o.target(), o.power(), v);
    }

    @Test
    void normalSamplesScoreBelowTheThresholdAndAFarOneAbove() {
        List<Observation> window = normal(1000);
        TrainedModel model = TrainedModel.train(window, Settings.DEFAULTS, T0);
        Observation sample = normal(1100).get(1050);

        assertThat(model.score(model.vector(sample))).isLessThan(model.threshold());
        Observation hot = with(with(sample, Feature.NOZZLE_ERROR, 6.2), Feature.ERROR_MEAN, 5.0);
        assertThat(model.score(model.vector(hot))).isGreaterThan(model.threshold());
    }

    @Test
    void theEarlyDecisionIsTheFullScoresDecision() {
        TrainedModel model = TrainedModel.train(normal(1000), Settings.DEFAULTS, T0);
        List<Observation> samples = normal(3000).subList(1000, 3000);
        int above = 0;
        for (int i = 0; i < samples.size(); i++) {
            Observation o = samples.get(i);
            // every 10th one pushed out by a growing amount, so both sides of the threshold are well covered
            if (i % 10 == 0) {
                o = with(o, Feature.NOZZLE_ERROR, o.get(Feature.NOZZLE_ERROR) + i / 200.0);
            }
            double[] v = model.vector(o);
            double full = model.score(v);
            double early = model.scoreIfAbove(v);
            if (full > model.threshold()) {
                assertThat(early).isEqualTo(full);
                above++;
            } else {
                assertThat(early).isNaN();
            }
        }
        assertThat(above).isBetween(20, 300);
    }

    @Test
    void theExplanationNamesTheFurthestFeaturesFirst() {
        TrainedModel model = TrainedModel.train(normal(1000), Settings.DEFAULTS, T0);
        Observation sample = normal(1100).get(1050);
        Observation odd = new Observation(sample.time(), Phase.HOLDING, true, 210, sample.power() - 0.2,
                with(sample, Feature.NOZZLE_ERROR, 6.2).values());

        List<String> why = model.explain(model.vector(odd), 2);

        assertThat(why).hasSize(2);
        assertThat(why.get(0)).startsWith("nozzle 6.").contains("°C above its normal error (z ");
        assertThat(why.get(1)).startsWith("heater power 0.").contains("below normal for this temperature");
    }

    @Test
    void optionalGroupsMostOfTheWindowLacksAreLeftOutAndSamplesLackingAModelFeatureAreNotScored() {
        List<Observation> window = new ArrayList<>();
        for (Observation o : normal(500)) {
            window.add(window.size() % 2 == 0 ? with(o, Feature.FAN_RPM_PER_COMMAND, Double.NaN) : o);
        }
        TrainedModel model = TrainedModel.train(window, Settings.DEFAULTS, T0);

        assertThat(model.layout()).doesNotContain(Feature.FAN_RPM_PER_COMMAND).contains(Feature.BED_ERROR,
                Feature.POWER_RESIDUAL);
        Observation noBed = with(window.get(0), Feature.BED_ERROR, Double.NaN);
        assertThat(model.vector(noBed)).isNull();
    }

    @Test
    void tooFewUsableObservationsAreRefused() {
        List<Observation> window = normal(10);
        assertThatIllegalArgumentException().isThrownBy(() -> TrainedModel.train(window, Settings.DEFAULTS, T0))
                .withMessageContaining("only 10 of 10 observations");
    }

    @Test
    void powerBaselineFollowsTheDataOrNewtonsCooling() {
        PowerBaseline oneTarget = PowerBaseline.fit(new double[] { 0.39, 0.41 }, new double[] { 210, 210 });
        assertThat(oneTarget.expected(210)).isCloseTo(0.40, within(1e-9));
        assertThat(oneTarget.expected(232.5)).isCloseTo(0.40 * 207.5 / 185, within(1e-9));

        double[] targets = new double[20];
        double[] power = new double[20];
        for (int i = 0; i < 20; i++) {
            targets[i] = i % 2 == 0 ? 200 : 240;
            power[i] = 0.001 * targets[i];
        }
        assertThat(PowerBaseline.fit(power, targets).expected(220)).isCloseTo(0.22, within(1e-9));
    }

    @Test
    void quantileIsNearestRank() {
        double[] v = new double[100];
        Arrays.setAll(v, i -> 100 - i);
        assertThat(TrainedModel.quantile(v, 0.995)).isEqualTo(100);
        assertThat(TrainedModel.quantile(v, 0.5)).isEqualTo(50);
    }
}
