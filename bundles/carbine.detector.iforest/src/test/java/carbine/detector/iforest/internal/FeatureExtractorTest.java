package carbine.detector.iforest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;
import carbine.detector.iforest.internal.PhaseTracker.Phase;

class FeatureExtractorTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private final FeatureExtractor extractor = new FeatureExtractor(3, 5);

    private static TelemetrySample.Builder at(double second) {
        return TelemetrySample.builder("p1", T0.plusMillis(Math.round(second * 1000)), PrinterState.PRINTING);
    }

    @Test
    void absentNozzleGivesNoFeaturesRatherThanZeros() {
        Observation o = extractor.next(at(0).heaterPower(0.4).build());

        assertThat(o.nozzlePhase()).isEqualTo(Phase.OFF);
        assertThat(o.settled()).isFalse();
        assertThat(o.values()).containsOnly(Double.NaN);
        assertThat(o.has(Feature.POWER_RESIDUAL)).isFalse();
    }

    @Test
    void heatingUpHasNoErrorFeaturesAndHoldingStartsWithin5C() {
        Observation heating = extractor.next(at(0).nozzle(150.0, 210.0).heaterPower(1.0).build());
        Observation almost = extractor.next(at(1).nozzle(204.0, 210.0).heaterPower(1.0).build());
        Observation holding = extractor.next(at(2).nozzle(206.0, 210.0).heaterPower(0.6).build());

        assertThat(heating.nozzlePhase()).isEqualTo(Phase.HEATING);
        assertThat(heating.get(Feature.NOZZLE_ERROR)).isNaN();
        assertThat(heating.power()).isNaN();
        assertThat(almost.nozzlePhase()).isEqualTo(Phase.HEATING);
        assertThat(holding.nozzlePhase()).isEqualTo(Phase.HOLDING);
        assertThat(holding.get(Feature.NOZZLE_ERROR)).isEqualTo(-4.0);
        assertThat(holding.power()).isEqualTo(0.6);
    }

    @Test
    void coolingToALowerTargetIsNotHolding() {
        extractor.next(at(0).nozzle(210.0, 210.0).build());
        Observation cooling = extractor.next(at(1).nozzle(209.0, 190.0).build());

        assertThat(cooling.nozzlePhase()).isEqualTo(Phase.COOLING);
        assertThat(cooling.settled()).isFalse();
    }

    @Test
    void settledOnlyAfterTheSettlingTimeAndAFullRollingWindow() {
        boolean[] settled = new boolean[8];
        for (int s = 0; s < settled.length; s++) {
            settled[s] = extractor.next(at(s).nozzle(210.0 + (s % 2) * 0.2, 210.0).build()).settled();
        }
        // holding from second 0; settle time 5 s; the rate needs a previous sample
        assertThat(settled).containsExactly(false, false, false, false, false, true, true, true);
    }

    @Test
    void rateIsPerSecondOfEventTimeAndUnknownAcrossLongGaps() {
        extractor.next(at(0).nozzle(210.0, 210.0).build());
        Observation twoSecondsLater = extractor.next(at(2).nozzle(211.0, 210.0).build());
        Observation halfSecondLater = extractor.next(at(2.5).nozzle(210.0, 210.0).build());
        Observation afterGap = extractor.next(at(100).nozzle(210.0, 210.0).build());

        assertThat(twoSecondsLater.get(Feature.NOZZLE_RATE)).isCloseTo(0.5, within(1e-9));
        assertThat(halfSecondLater.get(Feature.NOZZLE_RATE)).isCloseTo(-2.0, within(1e-9));
        assertThat(afterGap.get(Feature.NOZZLE_RATE)).isNaN();
        assertThat(afterGap.settled()).isFalse();
    }

    @Test
    void rollingMeanAndDeviationOfTheErrorWhileHolding() {
        extractor.next(at(0).nozzle(209.0, 210.0).build());
        extractor.next(at(1).nozzle(211.0, 210.0).build());
        Observation third = extractor.next(at(2).nozzle(213.0, 210.0).build());
        Observation fourth = extractor.next(at(3).nozzle(213.0, 210.0).build());

        assertThat(third.get(Feature.ERROR_MEAN)).isCloseTo(1.0, within(1e-9));
        assertThat(third.get(Feature.ERROR_DEVIATION)).isCloseTo(2.0, within(1e-9));
        // window of 3: the first error (-1) has left it
        assertThat(fourth.get(Feature.ERROR_MEAN)).isCloseTo(7.0 / 3, within(1e-9));
    }

    @Test
    void bedErrorOnlyWhileTheBedHoldsAndFanRatioOnlyWhenCommanded() {
        Observation bedHeating = extractor.next(at(0).nozzle(210.0, 210.0).bed(40.0, 60.0).fan(0.1, 0.0).build());
        Observation bedHolding = extractor.next(at(1).nozzle(210.0, 210.0).bed(58.5, 60.0).fan(0.5, 2500.0).build());
        Observation noTachometer = extractor.next(at(2).nozzle(210.0, 210.0).bed(58.5, 60.0).fan(1.0, null).build());

        assertThat(bedHeating.get(Feature.BED_ERROR)).isNaN();
        assertThat(bedHeating.get(Feature.FAN_RPM_PER_COMMAND)).isNaN();
        assertThat(bedHolding.get(Feature.BED_ERROR)).isEqualTo(-1.5);
        assertThat(bedHolding.get(Feature.FAN_RPM_PER_COMMAND)).isEqualTo(5000.0);
        assertThat(noTachometer.get(Feature.FAN_RPM_PER_COMMAND)).isNaN();
        assertThat(noTachometer.has(Feature.Group.FAN)).isFalse();
    }
}
