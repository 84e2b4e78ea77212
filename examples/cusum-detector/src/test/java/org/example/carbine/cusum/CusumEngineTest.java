package org.example.carbine.cusum;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import carbine.api.alert.Severity;
import carbine.api.detector.Finding;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

class CusumEngineTest {
    private static final double TARGET = 210;
    private static final double NOISE = 0.3; // the simulator's sensor noise, °C

    private final CusumEngine engine = new CusumEngine(CusumParameters.DEFAULTS);

    @Test
    void noShiftGivesNothingOverThousandsOfNoisySamples() {
        for (long seed = 1; seed <= 5; seed++) {
            PrinterFeed printer = new PrinterFeed(engine, "p" + seed, seed, NOISE);
            printer.holding(TARGET, 0.4, 5_000); // a PID that holds 0.4 °C high is this printer's normal

            assertThat(printer.samplesWithFindings()).as("seed %d", seed).isZero();
            assertThat(engine.baseline("p" + seed)).as("learned, so the CUSUM did judge").isNotNull();
            assertThat(engine.baseline("p" + seed).levelC()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(0.15));
        }
    }

    @Test
    void aShiftOfTwoDegreesUpIsFoundWithinAFewSamplesAndSaysSo() {
        PrinterFeed printer = new PrinterFeed(engine, "p", 7, NOISE);
        printer.warmUp(TARGET);
        assertThat(printer.samplesWithFindings()).isZero();
        Instant shiftStart = printer.time();

        int samples = printer.samplesUntilFinding(TARGET, 2.0, 60);
        List<Finding> findings = printer.holding(TARGET, 2.0);

        assertThat(samples).isBetween(1, 5);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("TEMPERATURE_SHIFT");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).startsWith("nozzle temperature shifted up by ").contains("since ");
            assertThat(shiftIn(f.message())).isBetween(1.5, 2.5);
            assertThat(f.score()).isGreaterThan(CusumParameters.DEFAULT_H);
        });
        Instant since = Instant.parse(findings.get(0).message().replaceAll(".* since (\\S+):.*", "$1"));
        assertThat(Duration.between(shiftStart, since).abs()).isLessThanOrEqualTo(Duration.ofSeconds(3));
    }

    /** The estimated shift, °C, from "... shifted up by 2.1 °C since ...". */
    private static double shiftIn(String message) {
        return Double.parseDouble(message.replaceAll(".* by (\\d+\\.\\d) °C since .*", "$1"));
    }

    @Test
    void aShiftOfTwoDegreesInNoisierReadingsIsFoundWithinAMinute() {
        PrinterFeed printer = new PrinterFeed(engine, "p", 11, 1.0);
        printer.warmUp(TARGET);

        assertThat(printer.samplesUntilFinding(TARGET, 2.0, 60)).isBetween(1, 60);
        assertThat(printer.samplesSent() - 61).isPositive();
    }

    @Test
    void aShiftDownIsFoundAndNamedDown() {
        PrinterFeed printer = new PrinterFeed(engine, "p", 3, NOISE);
        printer.warmUp(TARGET);

        assertThat(printer.samplesUntilFinding(TARGET, -2.0, 60)).isBetween(1, 5);
        assertThat(printer.holding(TARGET, -2.0)).singleElement()
                .satisfies(f -> {
                    assertThat(f.message()).startsWith("nozzle temperature shifted down by ");
                    assertThat(shiftIn(f.message())).isBetween(1.5, 2.5);
                });
    }

    @Test
    void theFindingClearsWhenTheShiftEnds() {
        PrinterFeed printer = new PrinterFeed(engine, "p", 5, NOISE);
        printer.warmUp(TARGET);
        printer.holding(TARGET, 2.0, 600); // ten minutes of shift: the statistic is capped, not huge

        int samplesToClear = printer.samplesUntilClear(TARGET, 0, 60);

        assertThat(samplesToClear).isBetween(1, 20);
        assertThat(printer.holding(TARGET, 0, 1000)).isZero();
    }

    @Test
    void aSmallDeviationBelowTheSlackIsNotAShift() {
        PrinterFeed printer = new PrinterFeed(engine, "p", 9, NOISE);
        printer.warmUp(TARGET);

        assertThat(printer.holding(TARGET, 0.1, 3000)).isZero();
    }

    @Test
    void heatUpsCoolDownsAndTargetChangesNeverAlert() {
        PrinterFeed printer = new PrinterFeed(engine, "p", 13, NOISE);
        double nozzle = 25;
        for (double target : new double[] {210, 0, 240, 200, 0, 210}) {
            // an underdamped closed loop (2 % overshoot), as a PID-controlled hotend heats or cools
            double start = nozzle;
            for (int t = 0; t < 400; t++) {
                double goal = target == 0 ? 25 : target;
                nozzle = goal + (start - goal) * underdampedStep(t);
                assertThat(printer.send(TelemetrySample.builder("p", Instant.EPOCH, PrinterState.PRINTING)
                        .nozzle(nozzle + printer.noise(), target))).as("target %s at %d s", target, t).isEmpty();
            }
        }
        assertThat(engine.baseline("p")).as("it learned while holding 210, so the CUSUM did judge").isNotNull();
    }

    /** 1 → 0 response of a second-order loop, damping 0.8, natural frequency 0.1 rad/s. */
    private static double underdampedStep(int seconds) {
        double zeta = 0.8;
        double omega = 0.1;
        double damped = omega * Math.sqrt(1 - zeta * zeta);
        return Math.exp(-zeta * omega * seconds)
                * (Math.cos(damped * seconds) + zeta / Math.sqrt(1 - zeta * zeta) * Math.sin(damped * seconds));
    }

    @Test
    void aFanStepIsADisturbanceToSettleNotAShift() {
        PrinterFeed printer = new PrinterFeed(engine, "p", 41, NOISE);
        for (int i = 0; i < 200; i++) {
            printer.send(withFan(printer, 0, 0.0));
        }
        assertThat(engine.baseline("p")).isNotNull();

        // the fan starts: the nozzle dips 1.5 °C and the PID needs ~40 s to win it back
        for (int t = 0; t < 300; t++) {
            double dip = -1.5 * Math.exp(-t / 15.0) * Math.min(1, t / 5.0);
            assertThat(printer.send(withFan(printer, dip, 1.0))).as("%d s after the fan started", t).isEmpty();
        }
        assertThat(printer.samplesUntilFinding(TARGET, 2.0, 60)).as("a real shift is still found").isPositive();
    }

    private static TelemetrySample.Builder withFan(PrinterFeed printer, double errorC, double fan) {
        return TelemetrySample.builder("p", Instant.EPOCH, PrinterState.PRINTING)
                .nozzle(TARGET + errorC + printer.noise(), TARGET).fan(fan, null);
    }

    @Test
    void aNewTargetStartsOverAndClearsTheFinding() {
        PrinterFeed printer = new PrinterFeed(engine, "p", 17, NOISE);
        printer.warmUp(TARGET);
        assertThat(printer.samplesUntilFinding(TARGET, 2.0, 60)).isPositive();

        assertThat(printer.holding(215, 2.0)).isEmpty();
        assertThat(engine.baseline("p")).isNull();
    }

    @Test
    void theHeaterOffOrAnErrorStartsOver() {
        PrinterFeed printer = new PrinterFeed(engine, "p", 19, NOISE);
        printer.warmUp(TARGET);
        assertThat(printer.samplesUntilFinding(TARGET, 2.0, 60)).isPositive();

        assertThat(printer.send(TelemetrySample.builder("p", Instant.EPOCH, PrinterState.ERROR)
                .nozzle(212.0, 0.0).error("MAXTEMP"))).isEmpty();
        assertThat(engine.baseline("p")).isNull();
    }

    @Test
    void absentFieldsAreSkippedAndNeitherRaiseNorClear() {
        PrinterFeed printer = new PrinterFeed(engine, "p", 23, NOISE);
        for (int i = 0; i < 200; i++) {
            assertThat(printer.send(TelemetrySample.builder("p", Instant.EPOCH, PrinterState.IDLE))).isEmpty();
            assertThat(printer.send(TelemetrySample.builder("p", Instant.EPOCH, PrinterState.PRINTING)
                    .nozzle(null, TARGET))).isEmpty();
            assertThat(printer.send(TelemetrySample.builder("p", Instant.EPOCH, PrinterState.PRINTING)
                    .nozzle(TARGET + 3, null))).isEmpty();
        }
        assertThat(engine.baseline("p")).isNull();

        printer.warmUp(TARGET);
        assertThat(printer.samplesUntilFinding(TARGET, 2.0, 60)).isPositive();
        assertThat(printer.send(TelemetrySample.builder("p", Instant.EPOCH, PrinterState.PRINTING)
                .nozzle(null, null))).as("a gap does not clear the alert").hasSize(1);
        assertThat(printer.holding(TARGET, 2.0)).hasSize(1);
    }

    @Test
    void printersAreJudgedIndependently() {
        PrinterFeed shifting = new PrinterFeed(engine, "a", 29, NOISE);
        PrinterFeed steady = new PrinterFeed(engine, "b", 31, NOISE);
        for (int i = 0; i < 200; i++) {
            shifting.holding(TARGET, 0);
            steady.holding(240, -1.0);
        }

        for (int i = 0; i < 300; i++) {
            shifting.holding(TARGET, 2.0);
            steady.holding(240, -1.0);
        }

        assertThat(shifting.samplesWithFindings()).isGreaterThan(290);
        assertThat(steady.samplesWithFindings()).isZero();
        assertThat(engine.baseline("b").levelC()).isCloseTo(-1.0, org.assertj.core.data.Offset.offset(0.15));
    }

    @Test
    void newParametersStartEveryPrinterOver() {
        PrinterFeed printer = new PrinterFeed(engine, "p", 37, NOISE);
        printer.warmUp(TARGET);
        assertThat(engine.baseline("p")).isNotNull();

        engine.setParameters(new CusumParameters(0.5, 20, 30, 0, 0.1));

        assertThat(engine.baseline("p")).isNull();
        printer.holding(TARGET, 0, 30);
        assertThat(engine.baseline("p")).isNotNull();
    }
}
