package carbine.storage.sqlite.internal;

import static carbine.storage.sqlite.internal.Samples.DEADLINE;
import static carbine.storage.sqlite.internal.Samples.alert;
import static carbine.storage.sqlite.internal.Samples.awaitAll;
import static carbine.storage.sqlite.internal.Samples.full;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import carbine.api.alert.AlertState;

class RetentionTest {
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final Instant CUTOFF = NOW.minus(Duration.ofDays(30));

    @TempDir
    Path dir;
    RecordingLog log = new RecordingLog();

    private SqliteStore open(int retentionDays) throws Exception {
        SqliteStore store = SqliteStore.open(dir.resolve("r.db"),
                StoreSettings.DEFAULTS.withRetentionDays(retentionDays), log, Clock.fixed(NOW, ZoneOffset.UTC));
        store.runRetention().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS); // the run at start is over
        return store;
    }

    @Test
    void deletesOnlySamplesOlderThanThePeriod_inChunks_andKeepsAlerts() throws Exception {
        try (SqliteStore store = open(30)) {
            List<CompletionStage<Void>> futures = new ArrayList<>();
            int oldOfA = 2 * Retention.CHUNK_ROWS + 7;
            for (int i = 1; i <= oldOfA; i++) {
                futures.add(store.store(full("a", CUTOFF.minusSeconds(i))));
            }
            futures.add(store.store(full("b", CUTOFF.minusMillis(1))));
            futures.add(store.store(full("a", CUTOFF)));              // exactly 30 days old: kept
            futures.add(store.store(full("b", NOW.minusSeconds(60))));
            futures.add(store.saveAlert(alert("old", CUTOFF.minus(Duration.ofDays(100)), AlertState.RESOLVED)));
            awaitAll(futures);

            long deleted = store.runRetention().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(deleted).isEqualTo(oldOfA + 1);
            assertThat(store.samples("a", Instant.MIN, Instant.MAX)).extracting(s -> s.time()).containsExactly(CUTOFF);
            assertThat(store.samples("b", Instant.MIN, Instant.MAX)).extracting(s -> s.time())
                    .containsExactly(NOW.minusSeconds(60));
            assertThat(store.alerts(Instant.MIN, Instant.MAX, 10)).hasSize(1);
            assertThat(log.infos()).anySatisfy(line -> assertThat(line).contains("deleted " + deleted));
        }
    }

    @Test
    void zeroDaysKeepsEverything() throws Exception {
        try (SqliteStore store = open(0)) {
            awaitAll(List.of(store.store(full("a", NOW.minus(Duration.ofDays(3650))))));

            assertThat(store.runRetention().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isZero();
            assertThat(store.count("a", Instant.MIN, Instant.MAX)).isEqualTo(1);
        }
    }

    @Test
    void runsAtStart() throws Exception {
        try (SqliteStore store = open(0)) {
            awaitAll(List.of(store.store(full("a", NOW.minus(Duration.ofDays(31)))),
                    store.store(full("a", NOW.minus(Duration.ofDays(1))))));
        }

        try (SqliteStore store = SqliteStore.open(dir.resolve("r.db"), StoreSettings.DEFAULTS.withRetentionDays(30),
                log, Clock.fixed(NOW, ZoneOffset.UTC))) {
            assertThat(log.nextInfo(DEADLINE)).contains("retention: deleted 1 telemetry samples");
            assertThat(store.count("a", Instant.MIN, Instant.MAX)).isEqualTo(1);
        }
    }
}
