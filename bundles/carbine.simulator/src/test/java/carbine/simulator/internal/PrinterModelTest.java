package carbine.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

class PrinterModelTest {
    private static final double PHASE = 60;
    // with the default 60 s phases: IDLE 0-60, PRINTING 60-120, ANOMALY 120-180, ERROR 180-240, PRINTING 240-300,
    // ANOMALY 300-360, ERROR 360-420
    private static final double SECOND_ANOMALY = 300;
    private static final double SECOND_ERROR = 360;

    private static PrinterModel model(Scenario scenario) {
        return new PrinterModel(scenario, PHASE, 210, 60, 42);
    }

    private static TelemetrySample at(PrinterModel model, double seconds) {
        model.advanceTo(seconds);
        return model.sample("p1", Instant.EPOCH.plusMillis((long) (seconds * 1000)));
    }

    /** Samples every {@code step} seconds in [from, to). */
    private static List<TelemetrySample> between(PrinterModel model, double from, double to, double step) {
        List<TelemetrySample> samples = new ArrayList<>();
        for (double t = from; t < to - 1e-9; t += step) {
            samples.add(at(model, t));
        }
        return samples;
    }

    @Test
    void startsIdleWithHeatersOffAtAmbient() {
        TelemetrySample s = at(model(Scenario.OVERHEAT), 30);

        assertThat(s.state()).isEqualTo(PrinterState.IDLE);
        assertThat(s.nozzleTarget()).isZero();
        assertThat(s.bedTarget()).isZero();
        assertThat(s.heaterPower()).isZero();
        assertThat(s.nozzleActual()).isCloseTo(25, within(1.5));
        assertThat(s.bedActual()).isCloseTo(25, within(1.5));
    }

    @Test
    void hotendHeatsUpLikeARealOneAndThenHoldsWithModeratePower() {
        PrinterModel model = new PrinterModel(Scenario.NORMAL, 10, 210, 60, 1);
        double printStart = 10;
        double reached = Double.NaN;
        for (double t = printStart; t < 200; t += 0.5) {
            model.advanceTo(t);
            if (model.nozzleTemperature() >= 205) {
                reached = t - printStart;
                break;
            }
        }
        assertThat(reached).as("seconds from 25 to 205 °C (a 60 W hotend)").isBetween(35.0, 60.0);

        List<TelemetrySample> holding = between(model, 150, 600, 1);
        assertThat(holding).allSatisfy(s -> {
            assertThat(s.state()).isEqualTo(PrinterState.PRINTING);
            assertThat(s.nozzleActual()).isCloseTo(210, within(3.0));
            assertThat(s.heaterPower()).isBetween(0.3, 0.8);
        });
    }

    @Test
    void noScenarioCoolsBelowTheRoom() {
        for (Scenario scenario : Scenario.values()) {
            // long phases: a failed heater then has twenty minutes to cool while the job goes on
            PrinterModel model = new PrinterModel(scenario, 1200, 210, 60, 3);
            for (double t = 2; t < 4000; t += 2) {
                model.advanceTo(t);
                assertThat(model.nozzleTemperature()).as("%s at %.0f s", scenario, t)
                        .isGreaterThan(PrinterModel.AMBIENT_CELSIUS - 0.5);
            }
        }
    }

    @Test
    void bedHeatsUpInTwoToThreeMinutes() {
        PrinterModel model = new PrinterModel(Scenario.NORMAL, 10, 210, 60, 1);
        double reached = Double.NaN;
        for (double t = 10; t < 400; t += 1) {
            if (at(model, t).bedActual() >= 59) {
                reached = t - 10;
                break;
            }
        }
        assertThat(reached).as("seconds from 25 to 59 °C").isBetween(120.0, 200.0);
        assertThat(between(model, 300, 600, 1)).allSatisfy(s -> assertThat(s.bedActual()).isCloseTo(60, within(2.0)));
    }

    @Test
    void sensorNoiseIsAboutAThirdOfADegree() {
        PrinterModel model = new PrinterModel(Scenario.NORMAL, 10, 210, 60, 5);
        List<TelemetrySample> samples = between(model, 300, 500, 0.5);
        double mean = samples.stream().mapToDouble(TelemetrySample::nozzleActual).average().orElseThrow();
        double variance = samples.stream().mapToDouble(s -> Math.pow(s.nozzleActual() - mean, 2)).average()
                .orElseThrow();
        assertThat(Math.sqrt(variance)).isBetween(0.2, 0.45);
    }

    @Test
    void normalScenarioNeverFaultsAndRestartsJobs() {
        PrinterModel model = model(Scenario.NORMAL);
        List<TelemetrySample> samples = between(model, 0, 1800, 2);

        assertThat(samples).allSatisfy(s -> {
            assertThat(s.state()).isIn(PrinterState.IDLE, PrinterState.PRINTING);
            assertThat(s.error()).isNull();
        });
        assertThat(samples).filteredOn(s -> s.state() == PrinterState.PRINTING && s.time().getEpochSecond() > 300)
                .allSatisfy(s -> {
                    assertThat(s.nozzleActual()).isCloseTo(210, within(3.0));
                    assertThat(s.fanRpm()).isGreaterThan(5500);
                    assertThat(s.filamentMoving()).isTrue();
                });
        // progress wraps from near 100 back to 0 when a job ends and the next begins
        boolean restarted = false;
        for (int i = 1; i < samples.size(); i++) {
            Double before = samples.get(i - 1).progress();
            Double after = samples.get(i).progress();
            if (before != null && after != null && after < before - 50) {
                restarted = true;
            }
        }
        assertThat(restarted).as("a job finished and the next started").isTrue();
    }

    @Test
    void overheatClimbsAboveTargetWhilePowerFallsAndStillReportsPrinting() {
        PrinterModel model = model(Scenario.OVERHEAT);
        TelemetrySample early = at(model, SECOND_ANOMALY + 5);
        TelemetrySample late = at(model, SECOND_ERROR - 3);

        assertThat(early.nozzleActual()).as("the fault starts gently").isLessThan(215);
        assertThat(late.state()).isEqualTo(PrinterState.PRINTING);
        assertThat(late.error()).isNull();
        assertThat(late.nozzleActual()).isGreaterThan(210 + 15).isLessThan(210 + 40);
        assertThat(late.heaterPower()).isLessThan(0.05);
    }

    @Test
    void overheatRisesSteadilyNotInAJump() {
        PrinterModel model = model(Scenario.OVERHEAT);
        List<TelemetrySample> anomaly = between(model, SECOND_ANOMALY, SECOND_ERROR, 1);
        for (int i = 1; i < anomaly.size(); i++) {
            double rise = anomaly.get(i).nozzleActual() - anomaly.get(i - 1).nozzleActual();
            assertThat(rise).as("rise in one second at %s", anomaly.get(i).time()).isLessThan(3);
        }
        assertThat(anomaly.get(anomaly.size() - 1).nozzleActual()).isGreaterThan(235);
    }

    @Test
    void overheatEndsInErrorWithHeatersAndFanOff() {
        TelemetrySample s = at(model(Scenario.OVERHEAT), SECOND_ERROR + 10);

        assertThat(s.state()).isEqualTo(PrinterState.ERROR);
        assertThat(s.error()).contains("MAXTEMP");
        assertThat(s.nozzleTarget()).isZero();
        assertThat(s.bedTarget()).isZero();
        assertThat(s.heaterPower()).isZero();
        assertThat(s.fanSpeed()).isZero();
        assertThat(s.progress()).isNull();
    }

    @Test
    void heatUpAfterAnErrorIsANormalHeatUp() {
        PrinterModel model = model(Scenario.OVERHEAT);
        List<TelemetrySample> reheating = between(model, 240, 300, 0.5);

        assertThat(reheating).allSatisfy(s -> {
            assertThat(s.state()).isEqualTo(PrinterState.PRINTING);
            assertThat(s.error()).isNull();
            assertThat(s.nozzleActual()).isLessThan(210 + 3);
        });
        for (int i = 1; i < reheating.size(); i++) {
            TelemetrySample previous = reheating.get(i - 1);
            TelemetrySample s = reheating.get(i);
            if (previous.heaterPower() > 0.99) {
                // at full power the nozzle never falls (beyond sensor noise)
                assertThat(s.nozzleActual()).isGreaterThan(previous.nozzleActual() - 1.5);
            }
        }
        assertThat(reheating.get(reheating.size() - 1).nozzleActual()).isCloseTo(210, within(3.0));
    }

    @Test
    void heaterFailureShowsFullPowerWhileTheNozzleCools() {
        PrinterModel model = model(Scenario.HEATER_FAILURE);
        TelemetrySample before = at(model, SECOND_ERROR - 15);
        TelemetrySample after = at(model, SECOND_ERROR - 5);

        assertThat(after.state()).isEqualTo(PrinterState.PRINTING);
        assertThat(before.heaterPower()).isGreaterThan(0.99);
        assertThat(after.heaterPower()).isGreaterThan(0.99);
        assertThat(after.nozzleActual()).as("falling at full power").isLessThan(before.nozzleActual() - 10);
        assertThat(after.nozzleActual()).isLessThan(190);

        TelemetrySample error = at(model, SECOND_ERROR + 5);
        assertThat(error.state()).isEqualTo(PrinterState.ERROR);
        assertThat(error.error()).isEqualTo("Heater extruder not heating at expected rate");
    }

    @Test
    void filamentJamKeepsTheFilamentDetectedButNotMoving() {
        PrinterModel model = model(Scenario.FILAMENT_JAM);
        assertThat(between(model, 290, SECOND_ANOMALY, 1))
                .allSatisfy(s -> assertThat(s.filamentMoving()).as("healthy print %s", s.time()).isTrue());

        List<TelemetrySample> jammed = between(model, SECOND_ERROR - 15, SECOND_ERROR, 1);
        assertThat(jammed).allSatisfy(s -> {
            assertThat(s.state()).isEqualTo(PrinterState.PRINTING);
            assertThat(s.filamentDetected()).isTrue();
            assertThat(s.filamentMoving()).isFalse();
            assertThat(s.nozzleActual()).isCloseTo(210, within(3.0));
        });
        assertThat(at(model, SECOND_ERROR + 1).error()).isEqualTo("Filament jam detected");
    }

    @Test
    void fanFailureLosesRpmWhileCommandedToFullSpeed() {
        PrinterModel model = model(Scenario.FAN_FAILURE);
        TelemetrySample healthy = at(model, SECOND_ANOMALY - 2);
        assertThat(healthy.fanSpeed()).isEqualTo(1.0);
        assertThat(healthy.fanRpm()).isCloseTo(6000, within(300.0));

        TelemetrySample failing = at(model, SECOND_ANOMALY + PHASE / 3);
        assertThat(failing.fanRpm()).isBetween(1000.0, 5000.0);

        TelemetrySample failed = at(model, SECOND_ERROR - 5);
        assertThat(failed.state()).isEqualTo(PrinterState.PRINTING);
        assertThat(failed.fanSpeed()).isEqualTo(1.0);
        assertThat(failed.fanRpm()).isLessThan(300);
    }

    @Test
    void filamentRunoutEmptiesTheSwitchThenPauses() {
        PrinterModel model = model(Scenario.FILAMENT_RUNOUT);
        assertThat(at(model, SECOND_ANOMALY + 5).filamentDetected()).isTrue();

        TelemetrySample runOut = at(model, SECOND_ERROR - 5);
        assertThat(runOut.state()).isEqualTo(PrinterState.PRINTING);
        assertThat(runOut.filamentDetected()).isFalse();
        assertThat(runOut.filamentMoving()).isFalse();

        TelemetrySample paused = at(model, SECOND_ERROR + 30);
        assertThat(paused.state()).isEqualTo(PrinterState.PAUSED);
        assertThat(paused.error()).contains("runout");
        assertThat(paused.filamentDetected()).isFalse();
        assertThat(paused.progress()).isNotNull();

        assertThat(at(model, SECOND_ERROR + PHASE + 30).filamentDetected()).as("reloaded").isTrue();
    }

    @Test
    void sameSeedGivesTheSameReadingsHoweverOftenItWasRead() {
        PrinterModel often = model(Scenario.OVERHEAT);
        PrinterModel rarely = model(Scenario.OVERHEAT);
        between(often, 0, 333, 0.7);

        assertThat(at(often, 333.3)).isEqualTo(at(rarely, 333.3));
        assertThat(at(often, 500)).isEqualTo(at(rarely, 500));
    }

    @Test
    void differentSeedsGiveDifferentNoise() {
        TelemetrySample a = at(new PrinterModel(Scenario.OVERHEAT, PHASE, 210, 60, 1), 100);
        TelemetrySample b = at(new PrinterModel(Scenario.OVERHEAT, PHASE, 210, 60, 2), 100);

        assertThat(a.nozzleActual()).isNotEqualTo(b.nozzleActual());
        assertThat(a.nozzleActual()).isCloseTo(b.nozzleActual(), within(2.0));
    }

    @Test
    void optionalFieldsArePresentOnlyWhenTheyMeanSomething() {
        PrinterModel model = model(Scenario.OVERHEAT);
        TelemetrySample idle = at(model, 10);
        TelemetrySample printing = at(model, 110);
        TelemetrySample error = at(model, 200);

        for (TelemetrySample s : List.of(idle, printing, error)) {
            assertThat(s.nozzleActual()).isNotNull();
            assertThat(s.nozzleTarget()).isNotNull();
            assertThat(s.bedActual()).isNotNull();
            assertThat(s.bedTarget()).isNotNull();
            assertThat(s.heaterPower()).isNotNull();
            assertThat(s.fanSpeed()).isNotNull();
            assertThat(s.fanRpm()).isNotNull();
            assertThat(s.filamentDetected()).isNotNull();
            assertThat(s.filamentMoving()).isNotNull();
        }
        assertThat(idle.progress()).as("no job").isNull();
        assertThat(idle.error()).isNull();
        assertThat(printing.progress()).isNotNull();
        assertThat(printing.error()).isNull();
        assertThat(error.progress()).as("job aborted").isNull();
        assertThat(error.error()).isNotNull();
    }

    @Test
    void phasesCycleAfterTheIdleStart() {
        PhaseClock clock = new PhaseClock(60, true);
        assertThat(clock.phaseAt(0)).isEqualTo(Phase.IDLE);
        assertThat(clock.phaseAt(59.9)).isEqualTo(Phase.IDLE);
        assertThat(clock.phaseAt(60)).isEqualTo(Phase.PRINTING);
        assertThat(clock.phaseAt(150)).isEqualTo(Phase.ANOMALY);
        assertThat(clock.fractionAt(150)).isCloseTo(0.5, within(1e-9));
        assertThat(clock.phaseAt(200)).isEqualTo(Phase.ERROR);
        assertThat(clock.phaseAt(240)).isEqualTo(Phase.PRINTING);
        assertThat(new PhaseClock(60, false).phaseAt(100_000)).isEqualTo(Phase.PRINTING);
    }

    @Test
    void anEnclosedPrinterReportsItsChamberAndMcu_anOpenOneNeither() {
        PrinterModel enclosed = new PrinterModel(Scenario.NORMAL, PHASE, 210, 60, 42);
        PrinterModel open = new PrinterModel(Scenario.NORMAL, PHASE, 210, 60, 43);
        assertThat(enclosed.enclosed()).isTrue();
        assertThat(open.enclosed()).isFalse();

        TelemetrySample idle = at(enclosed, 30);
        assertThat(idle.chamberActual()).isCloseTo(25, within(1.5));
        assertThat(idle.chamberTarget()).isNull(); // no chamber heater
        assertThat(idle.sensors()).containsOnlyKeys("mcu");
        // the bed warms the chamber: after 60 s of printing it is warmer than the room, far below the bed
        TelemetrySample printing = at(enclosed, 120);
        assertThat(printing.chamberActual()).isGreaterThan(idle.chamberActual() + 1).isLessThan(printing.bedActual());
        assertThat(printing.sensors().get("mcu")).isGreaterThan(printing.chamberActual());

        TelemetrySample openSample = at(open, 120);
        assertThat(openSample.chamberActual()).isNull();
        assertThat(openSample.sensors()).isEmpty();
    }

    @Test
    void bedPowerDurationFilamentAndLayerFollowTheJob_andAreAbsentWhenIdle() {
        PrinterModel model = model(Scenario.OVERHEAT);

        TelemetrySample idle = at(model, 30);
        assertThat(idle.bedPower()).isZero(); // a heater that is off is 0, not absent
        assertThat(idle.printDuration()).isNull();
        assertThat(idle.filamentUsed()).isNull();
        assertThat(idle.layer()).isNull();
        assertThat(idle.totalLayers()).isNull();
        assertThat(idle.errorCode()).isNull();

        TelemetrySample heating = at(model, 61);
        assertThat(heating.bedPower()).isGreaterThan(0.5); // a cold bed heats at full power
        assertThat(heating.printDuration()).isCloseTo(1.0, within(0.11));
        assertThat(heating.totalLayers()).isEqualTo(PrinterModel.JOB_LAYERS);
        assertThat(heating.layer()).isNull(); // not extruding yet

        // extruding from ~45 s into the job; the job goes on through ANOMALY
        TelemetrySample early = at(model, 125);
        TelemetrySample later = at(model, 134);
        assertThat(early.printDuration()).isCloseTo(65.0, within(0.11));
        assertThat(early.layer()).isBetween(1, PrinterModel.JOB_LAYERS);
        assertThat(later.layer()).isGreaterThanOrEqualTo(early.layer());
        assertThat(later.filamentUsed()).isCloseTo(early.filamentUsed() + 9 * 2.0, within(0.3));

        TelemetrySample error = at(model, 200);
        assertThat(error.errorCode()).isEqualTo("OVERHEAT");
        assertThat(error.error()).isEqualTo(Scenario.OVERHEAT.errorText());
    }
}
