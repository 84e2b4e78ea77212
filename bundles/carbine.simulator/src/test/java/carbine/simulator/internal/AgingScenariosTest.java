package carbine.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * The slow-wear scenarios. Wear is a function of simulated time / wearDays only, so a wearDays of 0.05 days
 * (72 minutes) shows in seconds of test time what 50 days show in a long run.
 */
class AgingScenariosTest {
    private static final double WEAR_DAYS = 0.05;
    private static final double WEAR_SECONDS = WEAR_DAYS * 86_400;

    private static PrinterModel model(Scenario scenario, long seed) {
        return new PrinterModel(scenario, 10, 210, 60, seed, WEAR_DAYS);
    }

    private static TelemetrySample at(PrinterModel model, double seconds) {
        model.advanceTo(seconds);
        return model.sample("p1", Instant.EPOCH.plusMillis((long) (seconds * 1000)));
    }

    /** Mean heater power over 20 samples 1 s apart, from {@code seconds}. */
    private static double meanPower(PrinterModel model, double seconds) {
        double sum = 0;
        for (int i = 0; i < 20; i++) {
            sum += at(model, seconds + i).heaterPower();
        }
        return sum / 20;
    }

    @Test
    void agingHeaterNeedsMoreDutyUntilItCannotHoldTheTarget() {
        PrinterModel model = model(Scenario.HEATER_AGING, 1);
        double early = meanPower(model, 0.1 * WEAR_SECONDS);
        double middle = meanPower(model, 0.5 * WEAR_SECONDS);
        double late = meanPower(model, 0.9 * WEAR_SECONDS);
        TelemetrySample holding = at(model, 0.9 * WEAR_SECONDS + 30);

        assertThat(early).isCloseTo(0.40 / (1 - 0.06), within(0.03));
        assertThat(middle).isCloseTo(0.40 / (1 - 0.3), within(0.04));
        assertThat(late).isCloseTo(0.40 / (1 - 0.54), within(0.06)).isGreaterThan(middle);
        assertThat(holding.state()).isEqualTo(PrinterState.PRINTING);
        assertThat(holding.nozzleActual()).isCloseTo(210, within(1.5));

        TelemetrySample failed = at(model, 1.1 * WEAR_SECONDS);
        assertThat(failed.state()).as("the firmware does not stop; the nozzle just falls short").isEqualTo(
                PrinterState.PRINTING);
        assertThat(failed.heaterPower()).isEqualTo(1.0);
        assertThat(failed.nozzleActual()).isLessThan(200);
    }

    @Test
    void wornFanReachesFewerRpmAtTheSameCommand() {
        PrinterModel model = model(Scenario.FAN_WEAR, 2);
        TelemetrySample early = at(model, 0.1 * WEAR_SECONDS);
        TelemetrySample late = at(model, WEAR_SECONDS);

        assertThat(early.fanSpeed()).isEqualTo(1.0);
        assertThat(late.fanSpeed()).isEqualTo(1.0);
        assertThat(early.fanRpm()).isCloseTo(6000 * 0.95, within(150.0));
        assertThat(late.fanRpm()).isCloseTo(3000, within(150.0));
    }

    @Test
    void looseThermistorReadsWithGrowingNoise() {
        PrinterModel model = model(Scenario.THERMISTOR_LOOSE, 3);
        double early = readingSpread(model, 0.1 * WEAR_SECONDS);
        double late = readingSpread(model, WEAR_SECONDS);

        assertThat(early).isCloseTo(0.3 + 0.27, within(0.2));
        assertThat(late).isCloseTo(3.0, within(0.6));
    }

    /** Standard deviation of the nozzle reading around its target over 200 samples 1 s apart. */
    private static double readingSpread(PrinterModel model, double from) {
        double sumSquares = 0;
        for (int i = 0; i < 200; i++) {
            TelemetrySample s = at(model, from + i);
            sumSquares += Math.pow(s.nozzleActual() - s.nozzleTarget(), 2);
        }
        return Math.sqrt(sumSquares / 200);
    }

    @Test
    void agingScenariosNeverEnterThePhasesOfAFault() {
        for (Scenario scenario : new Scenario[] {Scenario.HEATER_AGING, Scenario.FAN_WEAR, Scenario.THERMISTOR_LOOSE}) {
            assertThat(scenario.ages()).isTrue();
            assertThat(scenario.faults()).isFalse();
            PrinterModel model = model(scenario, 4);
            assertThat(at(model, 400).state()).as(scenario.name()).isEqualTo(PrinterState.PRINTING);
            assertThat(at(model, 0.3 * WEAR_SECONDS).state()).as(scenario.name()).isEqualTo(PrinterState.PRINTING);
        }
        for (Scenario scenario : new Scenario[] {Scenario.OVERHEAT, Scenario.NORMAL, Scenario.HEATER_FAILURE}) {
            assertThat(scenario.ages()).as(scenario.name()).isFalse();
        }
    }

    @Test
    void wearDaysIsReadAndABadValueFallsBack() {
        Settings good = Settings.from(new TestConfig().scenario("heater-aging").wearDays(30), p -> {
            throw new AssertionError(p.message());
        });
        assertThat(good.scenario()).isEqualTo(Scenario.HEATER_AGING);
        assertThat(good.wearDays()).isEqualTo(30);

        java.util.List<Settings.Problem> problems = new java.util.ArrayList<>();
        Settings bad = Settings.from(new TestConfig().wearDays(-1), problems::add);
        assertThat(bad.wearDays()).isEqualTo(Settings.DEFAULTS.wearDays());
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("property wearDays = '-1' is invalid (must be > 0); using 50"));
    }

    @Test
    void aPrinterWithAPastLivesThroughItFastThenGoesOnInRealTime() throws Exception {
        Instant activation = Instant.parse("2026-11-24T10:00:00Z");
        MutableClock clock = new MutableClock(activation);
        // 0.02 days (1728 s) of past at 100×
        SimulatedPrinterDriver driver = new SimulatedPrinterDriver(Settings.from(new TestConfig().scenario("normal")
                .timeScale(100).startDaysAgo(0.02), p -> {
                    throw new AssertionError(p.message());
                }), clock);
        Instant start = activation.minusSeconds(1728);

        clock.advance(java.time.Duration.ofSeconds(10));
        assertThat(driver.sample("printer-1").time()).isEqualTo(start.plusSeconds(1000));
        clock.advance(java.time.Duration.ofSeconds(10)); // caught up with the wall clock after 17.45 s
        assertThat(driver.sample("printer-1").time()).isEqualTo(activation.plusSeconds(20));
        clock.advance(java.time.Duration.ofSeconds(10)); // from there on in real time
        assertThat(driver.sample("printer-1").time()).isEqualTo(activation.plusSeconds(30));
    }

    @Test
    void startDaysAgoOutOfRangeFallsBack() {
        java.util.List<Settings.Problem> problems = new java.util.ArrayList<>();
        Settings bad = Settings.from(new TestConfig().startDaysAgo(-3), problems::add);
        assertThat(bad.startDaysAgo()).isZero();
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("property startDaysAgo = '-3' is invalid (must be 0 to 3650); using 0"));
    }

    /** Steps per second of simulated physics, to know what a 60-day run costs (printed, not asserted). */
    @Test
    void physicsCost() {
        PrinterModel model = model(Scenario.HEATER_AGING, 5);
        long t0 = System.nanoTime();
        model.advanceTo(86_400);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("one simulated day (864,000 steps) in %.3f s%n", seconds);
    }
}
