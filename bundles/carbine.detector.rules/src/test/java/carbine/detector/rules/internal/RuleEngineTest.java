package carbine.detector.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import carbine.api.alert.Severity;
import carbine.api.detector.Finding;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

class RuleEngineTest {
    private final RuleEngine engine = new RuleEngine(Thresholds.DEFAULTS);
    private final Printer printer = new Printer(engine);

    private static List<String> kinds(List<Finding> findings) {
        return findings.stream().map(Finding::kind).toList();
    }

    // ---- HARD_FAILURE

    @Test
    void errorStateIsAHardFailureCarryingThePrintersText() {
        List<Finding> found = printer.sample(PrinterState.ERROR, b -> b.error("Heater extruder not heating at expected rate"));

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(RuleEngine.HARD_FAILURE);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.message()).contains("Heater extruder not heating at expected rate");
            assertThat(f.score()).isNaN();
        });
    }

    @Test
    void errorWithoutTextStillFires() {
        assertThat(printer.sample(PrinterState.ERROR, b -> b).get(0).message()).contains("no error text");
    }

    @Test
    void otherStatesAreNoHardFailure() {
        for (PrinterState state : List.of(PrinterState.IDLE, PrinterState.PRINTING, PrinterState.PAUSED)) {
            assertThat(printer.sample(state, b -> b.error(null))).isEmpty();
        }
    }

    // ---- FILAMENT_JAM

    @Test
    void jamFiresAfterTenSecondsOfEventTimeNotBefore() {
        for (int i = 0; i < 10; i++) { // seconds 0..9: not moving for 0..9 s
            assertThat(printer.sample(PrinterState.PRINTING, b -> b.filamentDetected(true).filamentMoving(false)))
                    .isEmpty();
        }
        List<Finding> found = printer.sample(PrinterState.PRINTING, b -> b.filamentDetected(true).filamentMoving(false));

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(RuleEngine.FILAMENT_JAM);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.message()).isEqualTo("filament present but not moving for 10 s while printing (limit 10 s)");
        });
    }

    @Test
    void jamUsesEventTimeNotTheNumberOfSamples() {
        TelemetrySample.Builder stuck = TelemetrySample.builder("p1", Printer.T0, PrinterState.PRINTING)
                .filamentDetected(true).filamentMoving(false);

        assertThat(engine.judge(stuck.time(Printer.T0).build())).isEmpty();
        assertThat(engine.judge(stuck.time(Printer.T0.plusMillis(9_999)).build())).isEmpty();
        assertThat(kinds(engine.judge(stuck.time(Printer.T0.plusSeconds(10)).build()))).containsExactly(RuleEngine.FILAMENT_JAM);
    }

    @Test
    void movingFilamentRestartsTheJamClock() {
        for (int i = 0; i < 8; i++) {
            printer.sample(PrinterState.PRINTING, b -> b.filamentDetected(true).filamentMoving(false));
        }
        printer.sample(PrinterState.PRINTING, b -> b.filamentDetected(true).filamentMoving(true));
        for (int i = 0; i < 8; i++) {
            printer.sample(PrinterState.PRINTING, b -> b.filamentDetected(true).filamentMoving(false));
        }
        assertThat(printer.all()).isEmpty();
    }

    @Test
    void noJamWhileTheNozzleHeatsUpForThePrint() {
        // firmware says PRINTING while it waits for the nozzle (M109): the filament rightly stands still
        for (int i = 0; i < 60; i++) {
            double actual = 25 + 3 * i; // 25 → 202 °C, not yet at 210
            printer.sample(PrinterState.PRINTING, b -> b.nozzle(actual, 210.0).heaterPower(1.0)
                    .filamentDetected(true).filamentMoving(false));
        }
        assertThat(printer.all()).isEmpty();
    }

    @Test
    void jamIsJudgedOnceTheNozzleHoldsItsTarget() {
        for (int i = 0; i < 5; i++) { // reaches and holds 210 °C
            printer.sample(PrinterState.PRINTING, b -> b.nozzle(209.5, 210.0).heaterPower(0.5)
                    .filamentDetected(true).filamentMoving(true));
        }
        for (int i = 0; i < 11; i++) {
            printer.sample(PrinterState.PRINTING, b -> b.nozzle(210.2, 210.0).heaterPower(0.5)
                    .filamentDetected(true).filamentMoving(false));
        }
        assertThat(kinds(printer.all())).containsExactly(RuleEngine.FILAMENT_JAM);
    }

    @Test
    void noJamWhenPausedOrWithoutMotionSensor() {
        for (int i = 0; i < 30; i++) {
            printer.sample(PrinterState.PAUSED, b -> b.filamentDetected(true).filamentMoving(false));
            printer.sample(PrinterState.PRINTING, b -> b.filamentDetected(true)); // moving absent: no motion sensor
        }
        assertThat(printer.all()).isEmpty();
    }

    // ---- FILAMENT_RUNOUT

    @Test
    void runoutWhilePrintingOrPaused() {
        assertThat(printer.sample(PrinterState.PRINTING, b -> b.filamentDetected(false))).singleElement()
                .satisfies(f -> {
                    assertThat(f.kind()).isEqualTo(RuleEngine.FILAMENT_RUNOUT);
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.message()).isEqualTo("no filament at the runout sensor while PRINTING");
                });
        assertThat(kinds(printer.sample(PrinterState.PAUSED, b -> b.filamentDetected(false))))
                .containsExactly(RuleEngine.FILAMENT_RUNOUT);
    }

    @Test
    void noRunoutWhenIdleOrSensorAbsentOrFilamentPresent() {
        assertThat(printer.sample(PrinterState.IDLE, b -> b.filamentDetected(false))).isEmpty();
        assertThat(printer.sample(PrinterState.PRINTING, b -> b.filamentDetected(null))).isEmpty();
        assertThat(printer.sample(PrinterState.PRINTING, b -> b.filamentDetected(true))).isEmpty();
    }

    // ---- FAN_FAILURE

    @Test
    void fanTooSlowForFiveSecondsFails() {
        for (int i = 0; i < 5; i++) {
            assertThat(printer.sample(PrinterState.PRINTING, b -> b.fan(0.5, 120.0))).isEmpty();
        }
        assertThat(printer.sample(PrinterState.PRINTING, b -> b.fan(0.5, 120.0))).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(RuleEngine.FAN_FAILURE);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).isEqualTo("fan commanded at 50 % turns at 120 rpm, below 300 rpm, for 5 s (limit 5 s)");
        });
    }

    @Test
    void noFanFailureWithoutTachometerOrWhenTurningOrBarelyCommanded() {
        for (int i = 0; i < 20; i++) {
            printer.sample(PrinterState.PRINTING, b -> b.fan(1.0, null)); // no tachometer
            printer.sample(PrinterState.PRINTING, b -> b.fan(0.2, 0.0)); // below 30 % the fan may stand still
            printer.sample(PrinterState.PRINTING, b -> b.fan(0.8, 4200.0));
        }
        assertThat(printer.all()).isEmpty();
    }

    @Test
    void fanSpinUpIsNoFailure() {
        double[] rpm = {0, 150, 900, 2500, 4000, 4100, 4050, 4100};
        for (double r : rpm) {
            printer.sample(PrinterState.PRINTING, b -> b.fan(1.0, r));
        }
        assertThat(printer.all()).isEmpty();
    }

    // ---- absent fields

    @Test
    void aSampleWithOnlyAStateFindsNothing() {
        for (int i = 0; i < 60; i++) {
            printer.sample(PrinterState.PRINTING, b -> b);
        }
        assertThat(printer.all()).isEmpty();
    }

    @Test
    void printersAreJudgedIndependently() {
        Printer other = new Printer(engine, "p2");
        for (int i = 0; i < 10; i++) {
            printer.sample(PrinterState.PRINTING, b -> b.filamentDetected(true).filamentMoving(false));
        }
        for (int i = 0; i < 12; i++) {
            other.sample(PrinterState.PRINTING, b -> b.filamentDetected(true).filamentMoving(true));
        }
        assertThat(kinds(printer.sample(PrinterState.PRINTING, b -> b.filamentDetected(true).filamentMoving(false))))
                .containsExactly(RuleEngine.FILAMENT_JAM);
        assertThat(other.all()).isEmpty();
    }

    // ---- OVERHEAT

    @Test
    void bedAboveItsLimitOverheats() {
        assertThat(printer.sample(PrinterState.PRINTING, b -> b.bed(130.0, 110.0))).isEmpty();
        assertThat(printer.sample(PrinterState.PRINTING, b -> b.bed(135.0, 110.0))).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(RuleEngine.OVERHEAT);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).isEqualTo("bed 135.0 °C is above the limit 130.0 °C");
        });
    }

    @Test
    void nozzleAboveItsLimitOverheatsAtOnce() {
        assertThat(printer.nozzle(295, 295, 0.6)).isEmpty();
        assertThat(printer.nozzle(301, 295, 0.0)).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(RuleEngine.OVERHEAT);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).isEqualTo("nozzle 301.0 °C is above the limit 300.0 °C");
        });
    }

    @Test
    void nozzleAndBedOverheatingMakeOneFindingWithTheWorseSeverity() {
        printer.nozzle(210, 210, 0.5);
        List<Finding> found = printer.sample(PrinterState.PRINTING, b -> b.nozzle(320.0, 0.0).bed(140.0, 60.0));

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL); // heater off, yet far above 0 + 2 × 15
            assertThat(f.message()).contains("nozzle 320.0 °C").contains("bed 140.0 °C");
        });
    }

    @Test
    void overshootWhileHoldingWarnsAfterTenSecondsAndEscalatesAboveTwiceTheOvershoot() {
        hold(printer, 210, 30);
        for (int i = 0; i < 10; i++) { // 226 °C: 16 above target for 0..9 s
            assertThat(printer.nozzle(226, 210, 0.0)).isEmpty();
        }
        assertThat(printer.nozzle(226, 210, 0.0)).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(RuleEngine.OVERHEAT);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).isEqualTo(
                    "nozzle 226.0 °C is 16.0 °C above target 210.0 °C for 10 s while holding (allowed 15.0 °C for 10 s)");
        });
        assertThat(printer.nozzle(241, 210, 0.0)).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
        assertThat(printer.nozzle(212, 210, 0.2)).isEmpty();
    }

    // ---- THERMAL_RUNAWAY and the heat-up

    /** A hotend heater model: 3 °C/s at full power from room temperature, losses growing with temperature. */
    private static final class Hotend {
        static final double AMBIENT = 25;
        static final double GAIN = 3.0;      // °C/s at full power
        static final double LOSS = 3.0 / 275; // 1/s: full power would settle at 300 °C
        final Random noise = new Random(42);
        double temperature = AMBIENT;
        double power;

        /** One second of a proportional controller with feed-forward, as firmware PID roughly behaves. */
        void step(double target) {
            double holding = target <= 0 ? 0 : LOSS * (target - AMBIENT) / GAIN;
            power = target <= 0 ? 0 : Math.clamp(holding + 0.08 * (target - temperature), 0, 1);
            temperature += GAIN * power - LOSS * (temperature - AMBIENT);
        }

        double reading() {
            return temperature + noise.nextGaussian() * 0.3;
        }
    }

    private static void run(Printer printer, Hotend hotend, double target, int seconds) {
        for (int i = 0; i < seconds; i++) {
            hotend.step(target);
            printer.nozzle(hotend.reading(), target, hotend.power);
        }
    }

    /** Brings the printer into HOLDING at the target, with noise, using the heater model. */
    private static Hotend hold(Printer printer, double target, int seconds) {
        Hotend hotend = new Hotend();
        hotend.temperature = target;
        run(printer, hotend, target, seconds);
        return hotend;
    }

    @Test
    void normalHeatUpFrom25To210NeverAlerts() {
        Hotend hotend = new Hotend();
        printer.nozzle(25, 0, 0); // cold, heater off
        run(printer, hotend, 210, 180);

        // the model is realistic: full power at first, ~3 °C/s, then settling at the target
        assertThat(printer.results.get(2)).isEmpty();
        assertThat(hotend.temperature).isCloseTo(210, org.assertj.core.data.Offset.offset(1.0));
        assertThat(printer.all()).isEmpty();
    }

    @Test
    void theHeaterModelReallyHeatsAtFullPowerAtFirst() {
        Hotend hotend = new Hotend();
        hotend.step(210);
        assertThat(hotend.power).isEqualTo(1.0);
        assertThat(hotend.temperature).isCloseTo(28, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void heatUpWithAPausedStartAndSlowFinishNeverAlerts() {
        // the thermistor lags for a few seconds at full power before the temperature moves
        for (int i = 0; i < 6; i++) {
            printer.nozzle(25 + i * 0.2, 240, 1.0);
        }
        double t = 26.2;
        while (t < 236) {
            double rise = t < 200 ? 3 : 0.15; // near the target the rise slows to 3 °C per 20 s
            t += rise;
            printer.nozzle(t, 240, 1.0);
        }
        assertThat(printer.all()).isEmpty();
    }

    @Test
    void holdingWithNoiseNeverAlerts() {
        hold(printer, 215, 600);
        assertThat(printer.all()).isEmpty();
    }

    @Test
    void raisingTheTargetStartsANewHeatUp() {
        Hotend hotend = hold(printer, 200, 60);
        run(printer, hotend, 250, 180); // 50 °C below the new target at full power: normal
        assertThat(printer.all()).isEmpty();
        assertThat(engine.thresholds()).isEqualTo(Thresholds.DEFAULTS);
    }

    @Test
    void loweringTheTargetCoolsDownWithoutAlerts() {
        Hotend hotend = hold(printer, 250, 60);
        run(printer, hotend, 200, 300); // 50 °C above the new target for a while: not an overshoot
        assertThat(printer.all()).isEmpty();
        assertThat(hotend.temperature).isCloseTo(200, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void turningTheHeaterOffNeverAlerts() {
        Hotend hotend = hold(printer, 210, 60);
        run(printer, hotend, 0, 600);
        assertThat(printer.all()).isEmpty();
        assertThat(hotend.temperature).isLessThan(40);
    }

    @Test
    void klipperHeaterFailureWhileHoldingIsARunaway() {
        hold(printer, 219, 60);
        assertThat(printer.nozzle(219, 219, 1.0)).isEmpty();
        assertThat(printer.nozzle(211, 219, 1.0)).isEmpty();
        List<Finding> found = printer.nozzle(197, 219, 1.0);

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(RuleEngine.THERMAL_RUNAWAY);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.message()).isEqualTo(
                    "nozzle 197.0 °C is 22.0 °C below target 219.0 °C at heater power 1.00 while holding");
        });
    }

    @Test
    void aDropAtLowPowerIsNoRunaway() {
        hold(printer, 219, 60);
        assertThat(printer.nozzle(197, 219, 0.5)).isEmpty();
    }

    @Test
    void aDropWithoutPowerReadingIsNoRunaway() {
        hold(printer, 219, 60);
        assertThat(printer.sample(PrinterState.PRINTING, b -> b.nozzle(150.0, 219.0))).isEmpty();
    }

    @Test
    void heatingThatDoesNotRiseTwoDegreesInTwentySecondsFails() {
        printer.nozzle(25, 0, 0);
        double[] stuck = {60.0, 60.4, 60.9, 61.5, 61.2, 61.8};
        for (int i = 0; i < 20; i++) { // window starts at second 1 (60.0 °C), the rise never reaches 2 °C
            assertThat(printer.nozzle(stuck[i % stuck.length], 210, 1.0)).as("second %d", i + 1).isEmpty();
        }
        List<Finding> found = printer.nozzle(61.0, 210, 1.0); // 20 s after the window started

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(RuleEngine.THERMAL_RUNAWAY);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.message()).startsWith("heating failed: nozzle rose 1.0 °C (from 60.0 to 61.0 °C) in 20 s "
                    + "at heater power 1.00 while heating to target 210.0 °C");
        });
        assertThat(printer.nozzle(63.5, 210, 1.0)).as("a real rise ends it").isEmpty();
    }

    @Test
    void slowHeatingAtPartialPowerIsNotJudged() {
        printer.nozzle(25, 0, 0);
        for (int i = 0; i < 60; i++) {
            printer.nozzle(60, 210, 0.5);
        }
        assertThat(printer.all()).isEmpty();
    }

    @Test
    void aRestartedEngineLearnsTheHoldingPhaseFromHistory() {
        hold(printer, 219, 30);
        List<TelemetrySample> history = java.util.stream.IntStream.range(0, 30)
                .mapToObj(i -> TelemetrySample.builder("p1", Printer.T0.plusSeconds(i), PrinterState.PRINTING)
                        .nozzle(219.0, 219.0).heaterPower(0.4).build())
                .toList();
        RuleEngine restarted = new RuleEngine(Thresholds.DEFAULTS);
        TelemetrySample failing = TelemetrySample.builder("p1", Printer.T0.plusSeconds(30), PrinterState.PRINTING)
                .nozzle(197.0, 219.0).heaterPower(1.0).build();

        assertThat(kinds(restarted.judge(failing, () -> history))).containsExactly(RuleEngine.THERMAL_RUNAWAY);
        assertThat(new RuleEngine(Thresholds.DEFAULTS).judge(failing)).as("without history it looks like a heat-up")
                .isEmpty();
    }

    @Test
    void newThresholdsApplyWithoutForgettingThePrinters() {
        for (int i = 0; i < 5; i++) {
            printer.sample(PrinterState.PRINTING, b -> b.filamentDetected(true).filamentMoving(false));
        }
        engine.setThresholds(new Thresholds(5, 5, 15, 0.95, 2, 20, 300, 15, 10, 130, 0.3, 300, 5));
        assertThat(kinds(printer.sample(PrinterState.PRINTING, b -> b.filamentDetected(true).filamentMoving(false))))
                .containsExactly(RuleEngine.FILAMENT_JAM);
    }
}
