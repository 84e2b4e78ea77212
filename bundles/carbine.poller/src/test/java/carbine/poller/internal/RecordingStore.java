package carbine.poller.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import carbine.api.store.History;
import carbine.api.store.StoreHealth;
import carbine.api.store.TelemetryStore;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/** Keeps every sample in memory; can be told to fail. */
class RecordingStore implements TelemetryStore {
    final List<TelemetrySample> stored = new CopyOnWriteArrayList<>();
    volatile boolean failing;

    @Override
    public CompletionStage<Void> store(TelemetrySample sample) {
        stored.add(sample);
        return failing ? CompletableFuture.failedFuture(new java.io.IOException("disk full"))
                : CompletableFuture.completedFuture(null);
    }

    List<TelemetrySample> of(String printerId) {
        return stored.stream().filter(s -> s.printerId().equals(printerId)).toList();
    }

    long offlineSamples(String printerId) {
        return of(printerId).stream().filter(s -> s.state() == PrinterState.OFFLINE).count();
    }

    @Override
    public List<TelemetrySample> samples(String printerId, Instant from, Instant to) {
        return List.of();
    }

    @Override
    public long count(String printerId, Instant from, Instant to) {
        return 0;
    }

    @Override
    public Optional<TelemetrySample> latest(String printerId) {
        return Optional.empty();
    }

    @Override
    public List<String> printerIds() {
        return List.of();
    }

    @Override
    public History history(String printerId, Instant from, Instant to, int maxPoints) {
        return new History(printerId, from, to, History.Resolution.RAW, java.time.Duration.ZERO, List.of());
    }

    @Override
    public StoreHealth health() {
        return failing ? StoreHealth.failing(Instant.EPOCH, "disk full", 0) : StoreHealth.writing(Instant.EPOCH, 0);
    }
}
