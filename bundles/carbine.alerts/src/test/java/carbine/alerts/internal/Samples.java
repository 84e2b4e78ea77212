package carbine.alerts.internal;

import java.time.Instant;

import carbine.api.alert.Severity;
import carbine.api.detector.Finding;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/** Test data: samples at whole seconds after {@link #T0}, findings by kind. */
final class Samples {
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private Samples() {}

    static TelemetrySample at(String printer, long second) {
        return TelemetrySample.builder(printer, T0.plusSeconds(second), PrinterState.PRINTING).build();
    }

    static TelemetrySample at(long second) {
        return at("p1", second);
    }

    static Finding warning(String kind) {
        return new Finding(kind, Severity.WARNING, kind + " seen", 0.5);
    }

    static Finding critical(String kind) {
        return new Finding(kind, Severity.CRITICAL, kind + " is critical", 0.9);
    }
}
