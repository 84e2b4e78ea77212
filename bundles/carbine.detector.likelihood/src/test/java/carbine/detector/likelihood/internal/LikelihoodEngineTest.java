package carbine.detector.likelihood.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import carbine.api.alert.Severity;
import carbine.api.detector.Finding;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

class LikelihoodEngineTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private static TelemetrySample sample(String printer, int second, Double nozzle) {
        return TelemetrySample.builder(printer, T0.plusSeconds(second), PrinterState.PRINTING).nozzle(nozzle, 210.0)
                .build();
    }

    @Test
    void aFindingSaysWhyWithTheScoreAndThreshold() {
        LikelihoodEngine engine = new LikelihoodEngine(Settings.DEFAULTS);
        for (int i = 0; i < 1000; i++) {
            assertThat(engine.judge(sample("p1", i, 210.0 + (i % 5) * 0.1))).isEmpty();
        }
        List<Finding> findings = engine.judge(sample("p1", 1000, 250.0));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(LikelihoodEngine.KIND);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).contains("nozzleActual 250", "beyond everything seen before", "(210 to 210.4)",
                    "by 9900.0 % of that range (threshold 0.500 %)");
            assertThat(f.score()).isCloseTo(99, within(1e-9));
        });
        assertThat(engine.judge(sample("p1", 1001, 210.0))).isEmpty();
    }

    @Test
    void anUnlikelyValueInsideTheRangeNamesProbabilityAndThreshold() {
        LikelihoodEngine engine = new LikelihoodEngine(Settings.DEFAULTS.with(Map.of("rangeMargin", 0)));
        for (int i = 0; i < 1000; i++) {
            engine.judge(sample("p1", i, 50 + 20 * Math.sin(i / 50.0)));
        }
        Finding f = null;
        for (int i = 0; i < 10 && f == null; i++) {
            List<Finding> found = engine.judge(sample("p1", 1000 + i, i % 2 == 0 ? 35.0 : 65.0));
            f = found.isEmpty() ? null : found.get(0);
        }
        assertThat(f).isNotNull();
        assertThat(f.message()).contains("is unlikely", "tail probability", "≤ threshold 0.00010", "over the last 5000");
    }

    @Test
    void printersAreJudgedApartAndAMissingFieldIsNotAZero() {
        LikelihoodEngine engine = new LikelihoodEngine(Settings.DEFAULTS);
        for (int i = 0; i < 1000; i++) {
            engine.judge(sample("steady", i, 210.0 + (i % 2) * 0.5));
            assertThat(engine.judge(sample("silent", i, null))).isEmpty();
        }
        // the first value of another printer is its own first value, not news to the steady one's model
        assertThat(engine.judge(sample("other", 0, 20.0))).isEmpty();
        assertThat(engine.judge(sample("steady", 1000, 20.0))).hasSize(1);
    }
}
