package carbine.detector.iforest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import carbine.api.alert.Severity;
import carbine.api.detector.Finding;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * The detector on simulated printers, in event time. Training runs inline (a direct executor) unless a test is
 * about the training thread. With the defaults a printer heats up (~90 s), settles (60 s), then the first model
 * is trained after 10 minutes of normal holding.
 */
class IforestEngineTest {
    @TempDir
    Path data;
    private final CollectingLog log = new CollectingLog();

    private IforestEngine engine(Settings settings, Executor trainer) {
        return new IforestEngine(settings, new ModelStore(data.resolve("iforest"), log), trainer,
                IforestEngine.CriticalConditions.NONE, log);
    }

    private IforestEngine engine() {
        return engine(Settings.DEFAULTS, Runnable::run);
    }

    /** Feeds samples and returns every finding. */
    private static List<Finding> run(IforestEngine engine, SyntheticPrinter printer, int seconds) {
        List<Finding> found = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            found.addAll(engine.judge(printer.next()));
        }
        return found;
    }

    /** A printer heated from cold and held at 210 °C until its first model is trained. */
    private static SyntheticPrinter trained(IforestEngine engine, String id, long seed) {
        SyntheticPrinter p = SyntheticPrinter.cold(id, seed).target(210);
        assertThat(run(engine, p, 17 * 60)).isEmpty();
        assertThat(engine.model(id)).isPresent();
        return p;
    }

    @Test
    void nothingIsReportedDuringTheWarmUpEvenForWildSamples() {
        IforestEngine engine = engine();
        SyntheticPrinter p = SyntheticPrinter.cold("p1", 1).target(210);
        assertThat(run(engine, p, 8 * 60)).isEmpty();

        p.drift(3, 0.02);
        assertThat(run(engine, p, 30)).isEmpty();
        assertThat(engine.model("p1")).isEmpty();
    }

    @Test
    void theFirstModelIsTrainedAfterTheWarmUpInEventTime() {
        IforestEngine engine = engine();
        SyntheticPrinter p = SyntheticPrinter.cold("p1", 1).target(210);
        run(engine, p, 15 * 60);
        assertThat(engine.model("p1")).isEmpty();

        run(engine, p, 2 * 60);
        // heat-up ~100 s + settling 60 s; each sample then waits out the failure horizon (10 min) before it is
        // learnt, and the first model needs minSamples (200) of them: ~100 + 60 + 600 + 200 s
        assertThat(engine.model("p1")).get().satisfies(m -> {
            assertThat(m.trainedAt()).isBetween(SyntheticPrinter.T0.plusSeconds(945), SyntheticPrinter.T0.plusSeconds(980));
            assertThat(m.layout()).containsExactly(Arrays.stream(Feature.values())
                    .filter(f -> f.group != Feature.Group.SIGNAL).toArray(Feature[]::new));
            assertThat(m.threshold()).isCloseTo(m.quantileScore() * Settings.DEFAULTS.margin(), within(1e-12))
                    .isLessThan(1);
        });
    }

    @Test
    void normalHoldingGivesNoFindingOverThousandsOfSamplesAndRetrainings() {
        IforestEngine engine = engine();
        SyntheticPrinter p = trained(engine, "p1", 2);
        TrainedModel first = engine.model("p1").orElseThrow();

        assertThat(run(engine, p, 6000)).isEmpty();
        assertThat(engine.model("p1")).get().isNotSameAs(first);
        assertThat(engine.windowSize("p1")).isEqualTo(2000);
    }

    @Test
    void aGradualDriftIsReportedBeforeItReaches15C() {
        IforestEngine engine = engine();
        SyntheticPrinter p = trained(engine, "p1", 3);
        run(engine, p, 600);

        p.drift(0.3 / 5, 0.002);
        Finding first = null;
        while (first == null && p.drift() < 20) {
            List<Finding> found = engine.judge(p.next());
            first = found.isEmpty() ? null : found.get(0);
        }

        assertThat(first).as("finding before the drift reached 15 °C").isNotNull();
        assertThat(p.drift()).isLessThan(15);
        assertThat(first.kind()).isEqualTo(IforestEngine.PREDICTIVE_ANOMALY);
        assertThat(first.severity()).isEqualTo(Severity.WARNING);
        double threshold = engine.model("p1").orElseThrow().threshold();
        assertThat(first.score()).isGreaterThan(threshold);
        assertThat(first.message()).startsWith("anomaly score ").contains("above threshold", "for " + Settings.DEFAULTS.persistSamples() + " samples",
                "while holding 210.0 °C").containsPattern("(nozzle|heater power) [0-9.]+ °?C? ?(above|below)");
    }

    @Test
    void theFindingClearsWhenScoresDropBack() {
        IforestEngine engine = engine();
        SyntheticPrinter p = trained(engine, "p1", 4);
        p.drift(0.5, 0.005);
        assertThat(run(engine, p, 20)).isNotEmpty();

        p.drift(0, 0);
        SyntheticPrinter recovered = SyntheticPrinter.holding("p1", 5, 210);
        // same printer id, event time continues where the drifting one stopped
        List<List<Finding>> results = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            TelemetrySample s = recovered.next();
            results.add(engine.judge(s.toBuilder().time(p.now().plusSeconds(i)).build()));
        }
        assertThat(results.get(results.size() - 1)).isEmpty();
    }

    @Test
    void aNormalHeatUpFromColdNeverAlertsNorDoesANewTarget() {
        IforestEngine engine = engine();
        SyntheticPrinter p = trained(engine, "p1", 6);

        p.target(0);
        assertThat(run(engine, p, 600)).isEmpty();
        p.target(210);
        assertThat(run(engine, p, 900)).isEmpty();
        p.target(230);
        assertThat(run(engine, p, 900)).isEmpty();
    }

    @Test
    void errorAndOfflineSamplesAreNeverLearntAsNormal() {
        IforestEngine engine = engine();
        SyntheticPrinter p = SyntheticPrinter.holding("p1", 7, 210).state(PrinterState.ERROR);
        run(engine, p, 300);
        p.state(PrinterState.OFFLINE);
        run(engine, p, 300);
        assertThat(engine.windowSize("p1")).isZero();

        p.state(PrinterState.PRINTING);
        // normal samples join the window once the failure horizon (10 min) has passed without a failure
        run(engine, p, 300 + 600);
        assertThat(engine.windowSize("p1")).isGreaterThan(200);
    }

    @Test
    void whatCameBeforeAFailureWithinTheHorizonIsNeverLearnt() {
        IforestEngine engine = engine();
        SyntheticPrinter p = SyntheticPrinter.holding("p1", 19, 210);
        run(engine, p, 300);
        assertThat(engine.windowSize("p1")).as("waiting out the horizon").isZero();

        p.state(PrinterState.ERROR);
        run(engine, p, 1);
        p.state(PrinterState.PRINTING);
        run(engine, p, 599);
        assertThat(engine.windowSize("p1")).as("the 240 samples before the failure were discarded").isZero();

        run(engine, p, 100);
        assertThat(engine.windowSize("p1")).as("samples 600 s old without a failure since").isBetween(95, 105);
    }

    @Test
    void samplesOfAPrinterWithACriticalConditionAreNotLearnt() {
        IforestEngine engine = new IforestEngine(Settings.DEFAULTS, new ModelStore(data, log), Runnable::run,
                printerId -> printerId.equals("p1"), log);
        run(engine, SyntheticPrinter.holding("p1", 8, 210), 300 + 600);
        run(engine, SyntheticPrinter.holding("p2", 9, 210), 300 + 600);

        assertThat(engine.windowSize("p1")).isZero();
        assertThat(engine.windowSize("p2")).isGreaterThan(200);
    }

    @Test
    void aPrinterWithoutPowerBedOrFanLearnsOnTheCoreFeatures() {
        IforestEngine engine = engine();
        SyntheticPrinter p = SyntheticPrinter.cold("p1", 10).target(210);
        p.withPower = false;
        p.withBed = false;
        p.withFan = false;
        assertThat(run(engine, p, 17 * 60)).isEmpty();

        assertThat(engine.model("p1")).get().extracting(TrainedModel::layout).asList().containsExactly(
                Feature.NOZZLE_ERROR, Feature.NOZZLE_RATE, Feature.ERROR_MEAN, Feature.ERROR_DEVIATION);
        assertThat(run(engine, p, 3000)).isEmpty();
        p.drift(0.06, 0);
        assertThat(run(engine, p, 250)).isNotEmpty();
    }

    @Test
    void theSameDataAndSeedGiveTheSameModel() {
        TrainedModel a = trainedModel(Settings.DEFAULTS, "a");
        TrainedModel b = trainedModel(Settings.DEFAULTS, "b");
        TrainedModel otherSeed = trainedModel(withSeed(43), "c");

        assertThat(b.threshold()).isEqualTo(a.threshold());
        assertThat(otherSeed.threshold()).isNotEqualTo(a.threshold());
    }

    private TrainedModel trainedModel(Settings settings, String dir) {
        IforestEngine engine = new IforestEngine(settings, new ModelStore(data.resolve(dir), log), Runnable::run,
                IforestEngine.CriticalConditions.NONE, log);
        trained(engine, "p1", 11);
        return engine.model("p1").orElseThrow();
    }

    private static Settings withSeed(long seed) {
        return Settings.from(Map.of("seed", seed), problem -> {
            throw new AssertionError(problem);
        });
    }

    @Test
    void inFleetScopeAllPrintersShareOneModel() {
        Settings fleet = Settings.from(Map.of("scope", "fleet"), problem -> {
            throw new AssertionError(problem);
        });
        IforestEngine engine = engine(fleet, Runnable::run);
        SyntheticPrinter a = SyntheticPrinter.cold("a", 12).target(210);
        SyntheticPrinter b = SyntheticPrinter.cold("b", 13).target(210);
        for (int i = 0; i < 17 * 60; i++) {
            assertThat(engine.judge(a.next())).isEmpty();
            assertThat(engine.judge(b.next())).isEmpty();
        }

        assertThat(engine.model("a")).get().isSameAs(engine.model("b").orElseThrow());
        assertThat(data.resolve("iforest").resolve("_fleet.model")).isRegularFile();
        assertThat(data.resolve("iforest").resolve("a.model")).doesNotExist();
    }

    @Test
    void inModelScopePrintersOfOneModelShareOneAndOthersKeepTheirOwn() {
        Settings model = Settings.from(Map.of("scope", "model"), problem -> {
            throw new AssertionError(problem);
        });
        IforestEngine engine = engine(model, Runnable::run);
        SyntheticPrinter a = SyntheticPrinter.cold("voron-1", 21).target(210);
        SyntheticPrinter b = SyntheticPrinter.cold("voron-2", 22).target(210);
        SyntheticPrinter c = SyntheticPrinter.cold("mk4-01", 23).target(210);
        SyntheticPrinter d = SyntheticPrinter.cold("lab", 24).target(210);
        for (int i = 0; i < 17 * 60; i++) {
            for (SyntheticPrinter p : List.of(a, b, c, d)) {
                assertThat(engine.judge(p.next())).isEmpty();
            }
        }

        assertThat(engine.keyOf("voron-1")).isEqualTo("_model_voron").isEqualTo(engine.keyOf("voron-2"));
        assertThat(engine.keyOf("mk4-01")).isEqualTo("_model_mk4");
        assertThat(engine.keyOf("lab")).as("an id without a model part").isEqualTo("lab");
        assertThat(engine.model("voron-1")).get().isSameAs(engine.model("voron-2").orElseThrow())
                .isNotSameAs(engine.model("mk4-01").orElseThrow());
        assertThat(engine.model("lab")).isPresent();
        assertThat(data.resolve("iforest").resolve("_model_voron.model")).isRegularFile();
    }

    @Test
    void theModelSurvivesARestartWithTheSameScores() {
        IforestEngine before = engine();
        SyntheticPrinter p = trained(before, "p1", 14);
        TrainedModel saved = before.model("p1").orElseThrow();
        assertThat(data.resolve("iforest").resolve("p1.model")).isRegularFile();

        IforestEngine after = engine();
        SyntheticPrinter q = SyntheticPrinter.holding("p1", 15, 210);
        run(after, q, 100);
        TrainedModel loaded = after.model("p1").orElseThrow();

        assertThat(loaded).isNotSameAs(saved);
        assertThat(loaded.threshold()).isEqualTo(saved.threshold());
        assertThat(loaded.layout()).isEqualTo(saved.layout());
        FeatureExtractor features = new FeatureExtractor(10, 0);
        int compared = 0;
        for (int i = 0; i < 200; i++) {
            double[] v = saved.vector(features.next(p.next()));
            if (v != null) {
                assertThat(loaded.score(v)).isEqualTo(saved.score(v));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(150);
        // no warm-up after a restart: a drift is judged at once
        q.drift(0.5, 0.005);
        assertThat(run(after, q, 30)).isNotEmpty();
    }

    @Test
    void afterARestartTheHistoryTellsThatTheNozzleHasSettled() {
        IforestEngine before = engine();
        SyntheticPrinter p = trained(before, "p1", 18);
        List<TelemetrySample> history = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            history.add(p.next());
        }

        IforestEngine after = engine();
        p.drift(2, 0.02);
        List<Finding> found = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TelemetrySample s = p.next();
            found.addAll(after.judge(s, history));
            history.add(s);
        }
        // without the history the nozzle would count as settling for a minute and nothing would be judged
        assertThat(found).isNotEmpty();
    }

    @Test
    void aCorruptModelFileIsIgnoredAndReplaced() throws IOException {
        Path file = data.resolve("iforest").resolve("p1.model");
        Files.createDirectories(file.getParent());
        Files.write(file, "not a model".getBytes());

        IforestEngine engine = engine();
        trained(engine, "p1", 16);

        assertThat(log.lines).anyMatch(l -> l.startsWith("WARN ignoring the unreadable model file") && l.contains(
                "p1.model"));
        assertThat(new ModelStore(data.resolve("iforest"), log).load("p1")).isPresent();
    }

    @Test
    void trainingRunsOffTheJudgingThreadAndJudgeDoesNotWaitForIt() throws InterruptedException {
        CountDownLatch mayTrain = new CountDownLatch(1);
        List<Thread> trainers = new CopyOnWriteArrayList<>();
        Set<String> taskThreads = ConcurrentHashMap.newKeySet();
        Executor heldUpTrainer = task -> {
            Thread t = new Thread(() -> {
                taskThreads.add(Thread.currentThread().getName());
                try {
                    if (mayTrain.await(30, TimeUnit.SECONDS)) {
                        task.run();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "test-trainer-" + trainers.size());
            trainers.add(t);
            t.start();
        };
        IforestEngine engine = engine(Settings.DEFAULTS, heldUpTrainer);
        SyntheticPrinter p = SyntheticPrinter.cold("p1", 17).target(210);

        // the training is due in this stretch; judge keeps returning while it is held up on its thread
        assertThat(run(engine, p, 17 * 60)).isEmpty();
        assertThat(trainers).hasSize(2); // loading the stored model, and the training
        assertThat(engine.model("p1")).isEmpty();

        mayTrain.countDown();
        for (Thread t : trainers) {
            t.join(30_000);
            assertThat(t.isAlive()).isFalse();
        }
        assertThat(engine.model("p1")).isPresent();
        assertThat(taskThreads).containsExactlyInAnyOrder("test-trainer-0", "test-trainer-1")
                .doesNotContain(Thread.currentThread().getName());
    }
}
