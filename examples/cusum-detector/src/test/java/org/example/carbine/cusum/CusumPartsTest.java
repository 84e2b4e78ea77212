package org.example.carbine.cusum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CusumPartsTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void theStatisticFollowsPagesRecursionAndRemembersWhenTheRunBegan() {
        TwoSidedCusum cusum = new TwoSidedCusum(0.5, 4);
        double[] z = {0.2, 1.5, 2.0, 2.5, 0.5};
        for (int i = 0; i < z.length; i++) {
            cusum.update(z[i], z[i], T0.plusSeconds(i));
        }
        // S+: 0, 1.0, 2.5, 4.5 (> 4: alarm), 4.5
        TwoSidedCusum.Side alarm = cusum.alarm();
        assertThat(alarm).isNotNull();
        assertThat(alarm.upward()).isTrue();
        assertThat(alarm.statistic()).isCloseTo(4.5, within(1e-9));
        assertThat(alarm.since()).isEqualTo(T0.plusSeconds(1));
        assertThat(alarm.estimatedShiftC()).isCloseTo((1.5 + 2.0 + 2.5 + 0.5) / 4, within(1e-9));
    }

    @Test
    void anAlarmHoldsUntilTheStatisticFallsToHalfTheInterval() {
        TwoSidedCusum cusum = new TwoSidedCusum(1, 4);
        cusum.update(6, 6, T0); // S+ = 5 > 4
        assertThat(cusum.alarm()).isNotNull();
        cusum.update(0, 0, T0.plusSeconds(1)); // 4: still alarmed
        cusum.update(0, 0, T0.plusSeconds(2)); // 3
        assertThat(cusum.alarm()).isNotNull();
        cusum.update(0, 0, T0.plusSeconds(3)); // 2 = h/2: clear
        assertThat(cusum.alarm()).isNull();
    }

    @Test
    void theStatisticIsCappedAtTwiceTheInterval() {
        TwoSidedCusum cusum = new TwoSidedCusum(1, 4);
        for (int i = 0; i < 100; i++) {
            cusum.update(-10, -3, T0.plusSeconds(i));
        }
        assertThat(cusum.alarm().upward()).isFalse();
        assertThat(cusum.alarm().statistic()).isEqualTo(8);
        assertThat(cusum.alarm().estimatedShiftC()).isCloseTo(-3, within(1e-9));
    }

    @Test
    void theBaselineIgnoresOutliers() {
        List<Double> errors = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            errors.add(0.5 + 0.1 * (i % 5 - 2)); // 0.3, 0.4, 0.5, 0.6, 0.7 ten times each
        }
        errors.add(40.0); // one wild reading
        RobustBaseline baseline = RobustBaseline.learn(errors.stream().mapToDouble(Double::doubleValue).toArray(), 0.01);

        assertThat(baseline.levelC()).isCloseTo(0.5, within(1e-9));
        assertThat(baseline.sigmaC()).isCloseTo(1.4826 * 0.1, within(1e-9));
    }

    @Test
    void aConstantReadingGetsTheMinimumSigma() {
        assertThat(RobustBaseline.learn(new double[] {1, 1, 1, 1, 1}, 0.1)).isEqualTo(new RobustBaseline(1, 0.1));
    }

    @Test
    void parametersFallBackToTheirDefaultsWithAMessage() {
        List<String> problems = new ArrayList<>();
        CusumParameters p = CusumParameters.from(Map.of("k", "0.75", "h", "-1", "learnSamples", "12.5",
                "settleSeconds", 0, "minSigmaC", "tiny"), problems::add);

        assertThat(p).isEqualTo(new CusumParameters(0.75, 12, 100, 0, 0.1));
        assertThat(problems).containsExactlyInAnyOrder(
                "configuration h = '-1' is not a number > 0; using the default 12",
                "configuration learnSamples = '12.5' is not a whole number from 10 to 10000; using the default 100",
                "configuration minSigmaC = 'tiny' is not a number > 0; using the default 0.1");
        assertThat(CusumParameters.from(Map.of(), problems::add)).isEqualTo(CusumParameters.DEFAULTS);
    }
}
