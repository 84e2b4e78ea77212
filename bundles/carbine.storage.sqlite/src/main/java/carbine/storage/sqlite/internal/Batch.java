package carbine.storage.sqlite.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Rows that are committed together in one transaction, in call order, and the one future they share: a row is
 * committed exactly when its batch is, so one future per batch tells every caller the truth, and the hot path of
 * {@code store} allocates nothing per row.
 */
final class Batch {
    /** {@link carbine.api.telemetry.TelemetrySample}s and {@link carbine.api.alert.Alert}s. */
    final List<Object> rows = new ArrayList<>();
    private final CompletableFuture<Void> committed = new CompletableFuture<>();
    /** What callers get: shared by all of them, so a view that no caller can complete. */
    final CompletionStage<Void> stage = committed.minimalCompletionStage();

    void markCommitted() {
        committed.complete(null);
    }

    void markFailed(Throwable cause) {
        committed.completeExceptionally(cause);
    }
}
