package carbine.detector.iforest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import carbine.api.detector.Finding;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/** Signal mode: one field judged as a generic series, as for replayed recordings without a target. */
class SignalModeTest {
    @TempDir
    Path data;
    private final CollectingLog log = new CollectingLog();
    private final List<String> problems = new ArrayList<>();

    private IforestEngine engine() {
        Settings s = Settings.from(Map.of("signalField", "nozzle_actual", "warmupMinutes", 0, "minSamples", 200,
                "failureHorizonSeconds", 0, "rollingSamples", 12), problems::add);
        assertThat(problems).isEmpty();
        return new IforestEngine(s, new ModelStore(data, log), Runnable::run, IforestEngine.CriticalConditions.NONE,
                log);
    }

    private static TelemetrySample at(int minute, double value) {
        return TelemetrySample.builder("series", Instant.parse("2014-01-01T00:00:00Z").plusSeconds(60L * minute),
                PrinterState.PRINTING).nozzle(value, null).build();
    }

    @Test
    void aDailyPatternIsNormalAndALevelShiftIsReported() {
        IforestEngine engine = engine();
        Random noise = new Random(5);
        List<Finding> normal = new ArrayList<>();
        int minute = 0;
        for (; minute < 3000; minute++) {
            normal.addAll(engine.judge(at(minute, 50 + 10 * Math.sin(minute / 240.0) + noise.nextGaussian())));
        }
        assertThat(engine.model("series")).get().extracting(TrainedModel::layout).asList().containsExactly(
                Feature.SIGNAL_VALUE, Feature.SIGNAL_CHANGE, Feature.SIGNAL_VS_MEAN, Feature.SIGNAL_DEVIATION);
        assertThat(normal).isEmpty();

        List<Finding> shifted = new ArrayList<>();
        for (int i = 0; i < 30; i++, minute++) {
            shifted.addAll(engine.judge(at(minute, 90 + noise.nextGaussian())));
        }
        assertThat(shifted).isNotEmpty();
        assertThat(shifted.get(0).message()).startsWith("anomaly score").doesNotContain("holding")
                .contains("value");
    }

    @Test
    void samplesWithoutTheFieldAreNotJudgedNorBreakTheSeries() {
        IforestEngine engine = engine();
        for (int minute = 0; minute < 500; minute++) {
            TelemetrySample s = minute % 2 == 0 ? at(minute, 20 + Math.sin(minute))
                    : TelemetrySample.builder("series", at(minute, 0).time(), PrinterState.PRINTING).build();
            assertThat(engine.judge(s)).isEmpty();
        }
        assertThat(engine.windowSize("series")).isGreaterThan(200);
    }

    @Test
    void anUnknownFieldFallsBackToPrinterModeWithAClearMessage() {
        Settings s = Settings.from(Map.of("signalField", "voltage"), problems::add);
        assertThat(s.signalField()).isNull();
        assertThat(problems).singleElement().asString().startsWith("configuration signalField = 'voltage' is not one of");
    }
}
