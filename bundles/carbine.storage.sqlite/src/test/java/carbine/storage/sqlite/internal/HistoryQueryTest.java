package carbine.storage.sqlite.internal;

import static carbine.storage.sqlite.internal.Samples.SETTINGS;
import static carbine.storage.sqlite.internal.Samples.T0;
import static carbine.storage.sqlite.internal.Samples.awaitAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import carbine.api.store.FieldStats;
import carbine.api.store.History;
import carbine.api.store.HistoryPoint;
import carbine.api.store.TelemetryField;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/** {@code history(printer, from, to, maxPoints)}: the tier it picks, and points that say what the raw rows say. */
class HistoryQueryTest {
    /** Two days of one printer every 20 s, ending at T0, with some absent nozzle readings and offline spells. */
    static final Instant START = T0.minus(Duration.ofDays(2));

    @TempDir
    Path dir;
    RecordingLog log = new RecordingLog();
    SqliteStore store;
    List<TelemetrySample> series;

    @BeforeEach
    void fill() throws Exception {
        store = SqliteStore.open(dir.resolve("h.db"), SETTINGS.withBatchSize(97), log);
        series = new ArrayList<>();
        Random random = new Random(3);
        for (Instant t = START; t.isBefore(T0); t = t.plusSeconds(20)) {
            boolean offline = random.nextInt(50) == 0;
            TelemetrySample.Builder b = TelemetrySample.builder("p", t.plusMillis(random.nextInt(1000)),
                    offline ? PrinterState.OFFLINE : random.nextInt(3) == 0 ? PrinterState.IDLE : PrinterState.PRINTING);
            if (!offline) {
                b.nozzle(random.nextInt(7) == 0 ? null : 200 + 20 * random.nextDouble(), 210.0)
                        .bed(60 * random.nextDouble(), 60.0);
            }
            series.add(b.build());
        }
        List<CompletionStage<Void>> stages = new ArrayList<>();
        series.forEach(s -> stages.add(store.store(s)));
        awaitAll(stages);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aShortWindowComesFromTheRawSamples_onePointPerSampleWhenTheyFit() {
        History h = store.history("p", T0.minus(Duration.ofMinutes(10)), T0, 400);

        List<TelemetrySample> raw = store.samples("p", T0.minus(Duration.ofMinutes(10)), T0);
        assertThat(h.resolution()).isEqualTo(History.Resolution.RAW);
        assertThat(h.points()).hasSameSizeAs(raw).hasSize(30);
        for (int i = 0; i < raw.size(); i++) {
            HistoryPoint p = h.points().get(i);
            assertThat(p.samples()).isOne();
            assertThat(p.mean(TelemetryField.NOZZLE_ACTUAL)).isEqualTo(raw.get(i).nozzleActual());
            assertThat(p.samples(raw.get(i).state())).isOne();
            assertThat(p.start()).isBeforeOrEqualTo(raw.get(i).time());
            assertThat(p.end()).isAfter(raw.get(i).time());
        }
    }

    @Test
    void longerWindowsComeFromTheTiers_inAtMostMaxPoints_andSayWhatTheRawSamplesSay() {
        record Case(Duration window, int maxPoints, History.Resolution resolution, Duration step) {}
        for (Case c : List.of(
                new Case(Duration.ofHours(1), 400, History.Resolution.RAW, Duration.ofSeconds(9)),
                new Case(Duration.ofHours(2), 400, History.Resolution.MINUTE, Duration.ofMinutes(1)),
                new Case(Duration.ofHours(7), 400, History.Resolution.MINUTE, Duration.ofMinutes(2)),
                new Case(Duration.ofHours(24), 400, History.Resolution.MINUTE, Duration.ofMinutes(4)),
                new Case(Duration.ofHours(2), 30, History.Resolution.MINUTE, Duration.ofMinutes(4)),
                new Case(Duration.ofHours(2), 29, History.Resolution.HOUR, Duration.ofHours(1)),
                new Case(Duration.ofDays(2), 40, History.Resolution.HOUR, Duration.ofHours(2)),
                new Case(Duration.ofDays(7), 400, History.Resolution.HOUR, Duration.ofHours(1)),
                new Case(Duration.ofDays(30), 400, History.Resolution.HOUR, Duration.ofHours(2)),
                new Case(Duration.ofDays(365), 400, History.Resolution.HOUR, Duration.ofHours(22)))) {
            Instant from = T0.minus(c.window());
            History h = store.history("p", from, T0, c.maxPoints());

            assertThat(h.resolution()).as(c.toString()).isEqualTo(c.resolution());
            assertThat(h.step()).as(c.toString()).isEqualTo(c.step());
            assertThat(h.points()).as(c.toString()).isNotEmpty().hasSizeLessThanOrEqualTo(c.maxPoints());
            for (HistoryPoint p : h.points()) {
                assertMatchesRaw(p);
            }
            // whole buckets: the first point may start before `from`, never after the first sample in the window
            assertThat(h.points().get(0).start()).isBeforeOrEqualTo(
                    series.stream().map(TelemetrySample::time).filter(t -> !t.isBefore(from)).findFirst().orElseThrow());
        }
    }

    /** The point against the raw samples of its own span, computed here. */
    private void assertMatchesRaw(HistoryPoint p) {
        List<TelemetrySample> raw = series.stream()
                .filter(s -> !s.time().isBefore(p.start()) && s.time().isBefore(p.end())).toList();
        assertThat(p.samples()).as(p.start().toString()).isEqualTo(raw.size());
        assertThat(p.samples(PrinterState.OFFLINE))
                .isEqualTo(raw.stream().filter(s -> s.state() == PrinterState.OFFLINE).count());
        List<Double> nozzle = raw.stream().map(TelemetrySample::nozzleActual).filter(v -> v != null).toList();
        FieldStats stats = p.field(TelemetryField.NOZZLE_ACTUAL);
        if (nozzle.isEmpty()) {
            assertThat(stats).isNull();
            return;
        }
        assertThat(stats.count()).isEqualTo(nozzle.size());
        assertThat(stats.min()).isEqualTo(nozzle.stream().mapToDouble(d -> d).min().orElseThrow());
        assertThat(stats.max()).isEqualTo(nozzle.stream().mapToDouble(d -> d).max().orElseThrow());
        assertThat(stats.mean()).isCloseTo(nozzle.stream().mapToDouble(d -> d).average().orElseThrow(), within(1e-9));
        assertThat(stats.last()).isEqualTo(nozzle.get(nozzle.size() - 1));
    }

    @Test
    void aWindowOlderThanTheRawSamplesAreKeptComesFromTheMinutes() throws Exception {
        store.close();
        // one day of raw samples kept, as seen one and a half days after the series' start
        Clock clock = Clock.fixed(START.plus(Duration.ofHours(36)), ZoneOffset.UTC);
        store = SqliteStore.open(dir.resolve("h.db"), SETTINGS.withTierDays(1, 0, 0), log, clock);
        Instant from = START.plus(Duration.ofHours(1));

        History h = store.history("p", from, from.plus(Duration.ofMinutes(30)), 400);

        assertThat(h.resolution()).isEqualTo(History.Resolution.MINUTE);
        assertThat(h.points()).hasSize(30);
        assertThat(store.history("p", clock.instant().minusSeconds(600), clock.instant(), 400).resolution())
                .isEqualTo(History.Resolution.RAW);
    }

    @Test
    void anEmptyWindowHasNoPoints_andMaxPointsMustBePositive() {
        assertThat(store.history("p", T0, T0, 10).points()).isEmpty();
        assertThat(store.history("nobody", START, T0, 10).points()).isEmpty();
        assertThatThrownBy(() -> store.history("p", START, T0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStepNeverGivesMorePointsThanAskedFor() {
        Random random = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            long from = random.nextLong(4_000_000_000_000L);
            long to = from + 1 + random.nextLong(random.nextBoolean() ? 10_000_000L : 40_000_000_000L);
            int maxPoints = 1 + random.nextInt(random.nextBoolean() ? 5 : 1000);
            long unit = List.of(1L, 60_000L, 3_600_000L).get(random.nextInt(3));
            long step = HistoryQuery.step(from, to, maxPoints, unit);
            long steps = Math.floorDiv(to - 1, step) - Math.floorDiv(from, step) + 1;
            assertThat(steps).as("from %d to %d max %d unit %d: step %d", from, to, maxPoints, unit, step)
                    .isLessThanOrEqualTo(maxPoints);
            assertThat(step % unit).isZero();
        }
    }
}
