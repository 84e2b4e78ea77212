package carbine.simulator.internal;

import java.time.Instant;

import carbine.api.telemetry.TelemetrySample;

/**
 * Test-only access to the simulator's physical model for carbine.health's benchmark. It lives in the simulator's
 * internal package on the test class path (Maven's flat class path, not OSGi), so the simulator exports nothing for
 * it.
 */
public final class SimulatedPrinter {
    private final PrinterModel model;
    private final String id;
    private final Instant start;

    public SimulatedPrinter(String scenario, long seed, double wearDays, String id, Instant start) {
        this.model = new PrinterModel(Scenario.parse(scenario).orElseThrow(), 60, 210, 60, seed, wearDays);
        this.id = id;
        this.start = start;
    }

    /** Advances to {@code seconds} of simulated time and reads the printer. */
    public TelemetrySample sampleAt(double seconds) {
        model.advanceTo(seconds);
        return model.sample(id, start.plusMillis(Math.round(seconds * 1000)));
    }
}
