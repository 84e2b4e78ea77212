package carbine.maintenance.internal;

import java.time.Duration;
import java.time.Instant;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/** Samples for tests: a printer at a given second, with the fields counting looks at. */
final class Samples {
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    static final CountingRules RULES = new CountingRules(Duration.ofSeconds(60), 50, 5);

    private Samples() {}

    static TelemetrySample idle(String printer, long second, double nozzle) {
        return TelemetrySample.builder(printer, T0.plusSeconds(second), PrinterState.IDLE).nozzle(nozzle, 0.0)
                .bed(25.0, 0.0).fan(0.0, 0.0).build();
    }

    static TelemetrySample printing(String printer, long second, double nozzle, double progress) {
        return TelemetrySample.builder(printer, T0.plusSeconds(second), PrinterState.PRINTING).nozzle(nozzle, 210.0)
                .bed(60.0, 60.0).fan(1.0, 5000.0).progress(progress).build();
    }

    static TelemetrySample state(String printer, long second, PrinterState state, double nozzle) {
        return TelemetrySample.builder(printer, T0.plusSeconds(second), state).nozzle(nozzle, 0.0).bed(25.0, 0.0)
                .build();
    }
}
