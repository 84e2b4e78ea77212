package carbine.storage.sqlite.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/** Test data. */
final class Samples {
    static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    static final Duration DEADLINE = Duration.ofSeconds(20);
    /** Retention off: {@link #T0} is a fixed date, which the wall clock of retention would find too old. */
    static final StoreSettings SETTINGS = StoreSettings.DEFAULTS.withRetentionDays(0);

    private Samples() {}

    /** A sample with every field present. */
    static TelemetrySample full(String printer, Instant time) {
        return TelemetrySample.builder(printer, time, PrinterState.PRINTING)
                .nozzle(214.6, 215.0)
                .bed(59.8, 60.0)
                .heaterPower(0.43)
                .fan(1.0, 6120.0)
                .filamentDetected(true)
                .filamentMoving(true)
                .progress(42.5)
                .error("thermistor läuft weg ✓")
                .build();
    }

    /** {@link #full} with every field of carbine.api.telemetry 1.1 too. */
    static TelemetrySample fullApi11(String printer, Instant time) {
        return full(printer, time).toBuilder()
                .chamber(38.5, 45.0)
                .bedPower(0.21)
                .sensor("mcu", 47.25)
                .sensor("tmc2209 stepper_x", 58.0)
                .printDuration(1234.5)
                .filamentUsed(5678.25)
                .layer(17, 240)
                .errorCode("0300_4000_0002_0001")
                .build();
    }

    /** A sample with every optional field absent. */
    static TelemetrySample minimal(String printer, Instant time) {
        return TelemetrySample.builder(printer, time, PrinterState.OFFLINE).build();
    }

    static Alert alert(String id, Instant lastSeen, AlertState state) {
        return new Alert(id, "p1", "rules", "THERMAL_RUNAWAY", Severity.CRITICAL, "hotend falls while heating",
                lastSeen.minusSeconds(30), lastSeen, 7, 0.93, state,
                state == AlertState.RESOLVED ? lastSeen.plusSeconds(60) : null);
    }

    /** Stores {@code n} samples of one printer, one second apart from {@code start}. */
    static List<CompletionStage<Void>> storeSeries(SqliteStore store, String printer, Instant start, int n) {
        List<CompletionStage<Void>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(store.store(full(printer, start.plusSeconds(i))));
        }
        return futures;
    }

    static void awaitAll(List<CompletionStage<Void>> futures) throws Exception {
        CompletableFuture.allOf(futures.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new)).get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    static void await(CompletionStage<?> stage) throws Exception {
        stage.toCompletableFuture().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    static boolean isDone(CompletionStage<?> stage) {
        return stage.toCompletableFuture().isDone();
    }
}
