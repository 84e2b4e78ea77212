package carbine.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;
import carbine.maintenance.internal.CountingProbe;

/**
 * The counters against the simulator's ground truth: its own model ({@link PrinterModel}, in this package because
 * the model is package-private) run for a simulated day. The truth is read at every step of the model (0.1 s, the
 * resolution at which the model's state changes) from its noise-free state; the counters see what a poller at 5 s
 * would see. Each counter must be within 1 % of the truth.
 */
class CountingAccuracyTest {
    private static final double STEP = PrinterModel.STEP_SECONDS;
    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");

    @ParameterizedTest(name = "{0}, phases of {1} s, polled every {2} s")
    @CsvSource({"OVERHEAT, 600, 5", "NORMAL, 600, 5", "FILAMENT_RUNOUT, 900, 5", "OVERHEAT, 600, 1"})
    void countersAreWithinOnePercentOfTheModelsTruth(Scenario scenario, double phaseSeconds, double pollSeconds) {
        PrinterModel model = new PrinterModel(scenario, phaseSeconds, 210, 60, 42);
        CountingProbe probe = new CountingProbe("sim");
        double hours = 24;
        long steps = Math.round(hours * 3600 / STEP);
        long pollEvery = Math.round(pollSeconds / STEP);

        double printing = 0, hotend = 0, bed = 0, fan = 0;
        long cycles = 0, finished = 0, failed = 0;
        boolean seenCold = false, heated = false;
        PrinterState lastState = null;
        double lastProgress = Double.NaN;
        for (long i = 0; i <= steps; i++) {
            model.advanceTo(i * STEP);
            Instant time = START.plusNanos(Math.round(i * STEP * 1e9));
            TelemetrySample s = model.sample("sim", time);
            // the truth, from the model's state at full resolution
            if (s.state() == PrinterState.PRINTING) printing += STEP;
            if (s.nozzleTarget() > 0) hotend += STEP;
            if (s.bedTarget() > 0) bed += STEP;
            if (s.fanSpeed() > 0) fan += STEP;
            double t = model.nozzleTemperature();
            if (t < 50) {
                if (heated) cycles++;
                seenCold = true;
                heated = false;
            } else if (seenCold && s.nozzleTarget() > 50 && t >= s.nozzleTarget() - 5) {
                heated = true;
            }
            boolean wasInJob = lastState == PrinterState.PRINTING || lastState == PrinterState.PAUSED;
            boolean isInJob = s.state() == PrinterState.PRINTING || s.state() == PrinterState.PAUSED;
            if (wasInJob && !isInJob) {
                if (s.state() == PrinterState.ERROR || lastProgress < 99) failed++; else finished++;
            } else if (wasInJob && s.state() == PrinterState.PRINTING && s.progress() != null
                    && s.progress() < lastProgress - 50) {
                finished++;
            }
            if (s.progress() != null) lastProgress = s.progress();
            lastState = s.state();

            if (i % pollEvery == 0) {
                probe.offer(s);
            }
        }
        // the last interval is credited when the next sample comes: end the truth at the last polled sample
        double[] counted = probe.hours();
        long[] events = probe.events();
        String report = String.format(Locale.ROOT, "%s phase %.0f s poll %.0f s, %.0f h: printing %.4f / %.4f h, "
                + "hotend %.4f / %.4f h, bed %.4f / %.4f h, fan %.4f / %.4f h, heat cycles %d / %d, jobs finished "
                + "%d / %d, failed %d / %d (counted / truth); cost %.0f ns per sample", scenario, phaseSeconds,
                pollSeconds, hours, counted[0], printing / 3600, counted[1], hotend / 3600, counted[2], bed / 3600,
                counted[3], fan / 3600, events[0], cycles, events[1], finished, events[2], failed, probe.nanosPerSample());
        System.out.println("[accuracy] " + report);
        assertWithinOnePercent(counted[0], printing / 3600, report);
        assertWithinOnePercent(counted[1], hotend / 3600, report);
        assertWithinOnePercent(counted[2], bed / 3600, report);
        assertWithinOnePercent(counted[3], fan / 3600, report);
        assertWithinOnePercent(events[0], cycles, report);
        assertWithinOnePercent(events[1], finished, report);
        assertWithinOnePercent(events[2], failed, report);
    }

    private static void assertWithinOnePercent(double counted, double truth, String report) {
        assertThat(Math.abs(counted - truth)).as(report).isLessThanOrEqualTo(0.01 * truth + 1e-9);
    }
}
