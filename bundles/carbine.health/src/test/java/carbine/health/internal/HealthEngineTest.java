package carbine.health.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import carbine.api.detector.Finding;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

class HealthEngineTest {
    static final long DAY = 86_400;
    static final Instant EPOCH_DAY_0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path data;

    final List<String> warnings = new ArrayList<>();

    HealthEngine engine(Settings settings) {
        return new HealthEngine(settings, new HealthFiles(data.resolve("health"), warnings::add), Runnable::run,
                warnings::add);
    }

    static TelemetrySample sample(Instant t, PrinterState state, double actual, double target, double power,
            double fanSpeed, double rpm) {
        return TelemetrySample.builder("p1", t, state).nozzle(actual, target).bed(60.0, 60.0).heaterPower(power)
                .fan(fanSpeed, rpm).build();
    }

    /**
     * One day: idle at ambient, a heat-up sampled every 5 s (30 → 210 °C in {@code heatUpSeconds}), then holding,
     * sampled every 30 minutes, at {@code power} with readings off by ±{@code noise}, the fan at {@code rpm}.
     */
    static List<TelemetrySample> day(int day, double heatUpSeconds, double power, double noise, double rpm) {
        List<TelemetrySample> out = new ArrayList<>();
        Instant start = EPOCH_DAY_0.plusSeconds(day * DAY);
        out.add(sample(start, PrinterState.IDLE, 26, 0, 0, 0, 0));
        for (int s = 5; s <= heatUpSeconds; s += 5) {
            out.add(sample(start.plusSeconds(s), PrinterState.PRINTING, 30 + 180 * s / heatUpSeconds - 3, 210, 1, 0,
                    0));
        }
        out.add(sample(start.plusSeconds((long) heatUpSeconds + 5), PrinterState.PRINTING, 210, 210, power, 1, rpm));
        for (int i = 1; i < 40; i++) {
            out.add(sample(start.plusSeconds(600 + i * 1800L), PrinterState.PRINTING, 210 + (i % 2 == 0 ? noise : -noise),
                    210, power, 1, rpm));
        }
        return out;
    }

    @Test
    void aggregatesADayFromItsSamples() throws Exception {
        HealthEngine engine = engine(Settings.DEFAULTS);
        day(0, 45, 0.40, 0.5, 6000).forEach(engine::judge);
        engine.judge(sample(EPOCH_DAY_0.plusSeconds(DAY + 1), PrinterState.IDLE, 25, 0, 0, 0, 0));

        HealthEngine.Report r = engine.report("p1").orElseThrow();
        DayAggregate duty = r.days().get(Indicator.HEATER_DUTY).getFirst();
        assertThat(duty.epochDay()).isEqualTo(EPOCH_DAY_0.getEpochSecond() / DAY);
        assertThat(duty.count()).isEqualTo(39); // holding samples after the one that reached the target
        assertThat(duty.value()).isCloseTo(0.40 / 185, within(1e-12));
        assertThat(r.days().get(Indicator.TEMP_NOISE).getFirst().value()).isCloseTo(0.5, within(1e-12));
        assertThat(r.days().get(Indicator.FAN_RPM).getFirst().value()).isEqualTo(6000);
        DayAggregate heatUp = r.days().get(Indicator.HEAT_UP).getFirst();
        assertThat(heatUp.count()).isEqualTo(1);
        // target first seen at 5 s (reading 47 °C), reached at 50 s: 45 s for 163 °C
        assertThat(heatUp.value()).isCloseTo(45.0 / 163, within(1e-9));
        long day0 = EPOCH_DAY_0.getEpochSecond() / DAY;
        assertThat(Files.readAllLines(data.resolve("health").resolve("p1.csv"))).hasSize(5)
                .contains(day0 + ",fan_rpm,39,234000.0,1.404E9", day0 + ",held_target,1,210.0,44100.0");
        assertThat(warnings).isEmpty();
    }

    @Test
    void heaterWearRaisesComponentWearWithTheEvidenceAndAHealthyOneNothing() {
        HealthEngine engine = engine(Settings.DEFAULTS);
        List<Finding> last = List.of();
        int firstWarningDay = -1;
        for (int d = 0; d < 55; d++) {
            double power = 0.40 + 0.01 * d; // reaches the 0.95 limit on day 55
            for (TelemetrySample s : day(d, 45, power, 0.3, 6000)) {
                last = engine.judge(s);
            }
            if (firstWarningDay < 0 && !last.isEmpty()) {
                firstWarningDay = d;
            }
        }
        // judged at the first sample of day d on days up to d − 1; limit on day 55, horizon 14 days: on day 43
        // (day 42 is 14.000000000000002 days away in floating point)
        assertThat(firstWarningDay).isEqualTo(43);
        Finding f = last.getFirst();
        assertThat(f.kind()).isEqualTo("COMPONENT_WEAR");
        assertThat(f.severity()).isEqualTo(carbine.api.alert.Severity.WARNING);
        assertThat(f.message()).startsWith("hotend heater needs 16 % more power than 13 days ago; at this rate it "
                + "reaches its limit in about 2 days (2–2) [now duty 93 % at 210 °C, limit duty 95 % at 210 °C; "
                + "Theil–Sen over 14 days: +1.05 % of the limit a day (+1.05 % to +1.05 %)]");
        assertThat(f.score()).isCloseTo(2, within(1e-6));

        HealthEngine healthy = new HealthEngine(Settings.DEFAULTS, new HealthFiles(data.resolve("other"), warnings::add),
                Runnable::run, warnings::add);
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int d = 0; d < 90; d++) {
            for (TelemetrySample s : day(d, 45 + random.nextInt(5), 0.40 + 0.01 * random.nextGaussian(), 0.3, 6000)) {
                assertThat(healthy.judge(s)).as("day %d", d).isEmpty();
            }
        }
    }

    @Test
    void keepsItsDaysAcrossARestartIncludingTheHalfDayOpenAtTheStop() throws Exception {
        HealthEngine before = engine(Settings.DEFAULTS);
        for (int d = 0; d < 10; d++) {
            day(d, 45, 0.40 + 0.03 * d, 0.3, 6000).forEach(before::judge);
        }
        List<TelemetrySample> day10 = day(10, 45, 0.70, 0.3, 6000);
        day10.subList(0, 20).forEach(before::judge);
        HealthEngine.Report was = before.report("p1").orElseThrow();
        before.saveOpenDays();

        HealthEngine after = engine(Settings.DEFAULTS);
        assertThat(after.printerIds()).containsExactly("p1");
        HealthEngine.Report loaded = after.report("p1").orElseThrow();
        assertThat(loaded.days().get(Indicator.HEATER_DUTY)).containsAll(was.days().get(Indicator.HEATER_DUTY));
        day10.subList(20, day10.size()).forEach(after::judge);
        after.judge(sample(EPOCH_DAY_0.plusSeconds(11 * DAY + 1), PrinterState.IDLE, 25, 0, 0, 0, 0));

        DayAggregate tenth = after.report("p1").orElseThrow().days().get(Indicator.HEATER_DUTY).getLast();
        assertThat(tenth.epochDay()).isEqualTo(EPOCH_DAY_0.getEpochSecond() / DAY + 10);
        // both halves of day 10, none twice; the first sample after the restart only finds that the nozzle holds
        assertThat(tenth.count()).isEqualTo(38);
        // a third engine reads the two parts of day 10 from the file as one day, and the target held
        HealthEngine third = engine(Settings.DEFAULTS);
        HealthEngine.Report read = third.report("p1").orElseThrow();
        assertThat(read.days().get(Indicator.HEATER_DUTY).getLast()).isEqualTo(tenth);
        assertThat(read.assessments().getFirst().indicator()).isEqualTo(Indicator.HEATER_DUTY);
        assertThat(read.assessments().getFirst().limit()).isEqualTo(0.95 / 185);
        assertThat(read.currentText().getFirst()).endsWith("at 210 °C");
        assertThat(warnings).isEmpty();
    }

    @Test
    void aDamagedLineIsSkippedWithALogLineAndTheRestKept() throws Exception {
        Path dir = data.resolve("health");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("p1.csv"), "20454,heater_duty,20,0.05,0.000125\n"
                + "20455,heater_duty,twenty,0.05,0.000125\n"
                + "20456,bogus,20,1,1\n"
                + "20457,heater_duty,20,0.05,0.000125\n");
        HealthEngine engine = engine(Settings.DEFAULTS);
        HealthEngine.Report r = engine.report("p1").orElseThrow();
        assertThat(r.days().get(Indicator.HEATER_DUTY)).extracting(DayAggregate::epochDay).containsExactly(20454L,
                20457L);
        assertThat(warnings).hasSize(2);
        assertThat(warnings.getFirst()).contains("p1.csv line 2 skipped").contains("twenty");
        assertThat(warnings.get(1)).contains("line 3 skipped (unknown indicator 'bogus')");
    }

    @Test
    void keepsOnlyTheWindowAndTheBaselineDaysInMemory() {
        HealthEngine engine = engine(Settings.from(Map.of("windowDays", 5, "minDays", 3), warnings::add));
        for (int d = 0; d < 30; d++) {
            day(d, 45, 0.40, 0.3, 6000 - d).forEach(engine::judge);
        }
        List<DayAggregate> fan = engine.report("p1").orElseThrow().days().get(Indicator.FAN_RPM);
        long first = EPOCH_DAY_0.getEpochSecond() / DAY;
        assertThat(fan).extracting(DayAggregate::epochDay).containsExactly(first, first + 1, first + 2, first + 24,
                first + 25, first + 26, first + 27, first + 28);
    }

    @Test
    void aNozzleFarOffItsTargetIsAFaultNotThermistorNoise() {
        HealthEngine engine = engine(Settings.DEFAULTS);
        List<TelemetrySample> samples = new ArrayList<>(day(0, 45, 0.40, 0.5, 6000));
        Instant late = samples.getLast().time();
        // an overheat: the heater off, the nozzle 25 °C above its target (counted as duty, not as noise)
        samples.add(sample(late.plusSeconds(60), PrinterState.PRINTING, 235, 210, 0, 1, 6000));
        samples.forEach(engine::judge);
        engine.judge(sample(EPOCH_DAY_0.plusSeconds(DAY + 1), PrinterState.IDLE, 25, 0, 0, 0, 0));

        HealthEngine.Report r = engine.report("p1").orElseThrow();
        assertThat(r.days().get(Indicator.TEMP_NOISE).getFirst().count()).isEqualTo(39);
        assertThat(r.days().get(Indicator.TEMP_NOISE).getFirst().value()).isCloseTo(0.5, within(1e-12));
        assertThat(r.days().get(Indicator.HEATER_DUTY).getFirst().count()).isEqualTo(40);
    }

    @Test
    void printerIdsThatAreNoFileNamesAreEncoded() {
        assertThat(HealthFiles.fileName("farm-0001")).isEqualTo("farm-0001.csv");
        assertThat(HealthFiles.fileName("../etc/x y")).isEqualTo("..%2Fetc%2Fx+y.csv");
    }
}
