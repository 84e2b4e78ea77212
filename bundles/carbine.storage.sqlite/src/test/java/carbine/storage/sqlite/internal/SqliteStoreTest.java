package carbine.storage.sqlite.internal;

import static carbine.storage.sqlite.internal.Samples.SETTINGS;
import static carbine.storage.sqlite.internal.Samples.T0;
import static carbine.storage.sqlite.internal.Samples.alert;
import static carbine.storage.sqlite.internal.Samples.await;
import static carbine.storage.sqlite.internal.Samples.awaitAll;
import static carbine.storage.sqlite.internal.Samples.full;
import static carbine.storage.sqlite.internal.Samples.minimal;
import static carbine.storage.sqlite.internal.Samples.storeSeries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertState;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

class SqliteStoreTest {
    @TempDir
    Path dir;
    Path file;
    RecordingLog log = new RecordingLog();
    SqliteStore store;

    @BeforeEach
    void open() throws Exception {
        file = dir.resolve("data").resolve(SqliteStore.DEFAULT_FILE_NAME);
        store = SqliteStore.open(file, SETTINGS, log);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theFieldsOfApi11RoundTrip_andStayAbsentWhenAbsent() throws Exception {
        TelemetrySample all = Samples.fullApi11("p1", T0);
        TelemetrySample none = full("p1", T0.plusSeconds(5));
        TelemetrySample zeros = TelemetrySample.builder("p1", T0.plusSeconds(10), PrinterState.IDLE).chamber(0.0, 0.0)
                .bedPower(0.0).sensor("mcu", 0.0).printDuration(0.0).filamentUsed(0.0).layer(0, 0).errorCode("")
                .build();
        awaitAll(List.of(store.store(all), store.store(none), store.store(zeros)));

        List<TelemetrySample> read = store.samples("p1", T0, T0.plusSeconds(60));

        assertThat(read).containsExactly(all, none, zeros);
        assertThat(read.get(0).sensors()).containsOnly(java.util.Map.entry("mcu", 47.25),
                java.util.Map.entry("tmc2209 stepper_x", 58.0));
        assertThat(read.get(1).chamberActual()).isNull();
        assertThat(read.get(1).sensors()).isEmpty();
        assertThat(read.get(1).layer()).isNull();
        assertThat(read.get(1).errorCode()).isNull();
        assertThat(read.get(2).layer()).isZero();
        assertThat(read.get(2).errorCode()).isEmpty();
    }

    @Test
    void everyFieldRoundTrips_andAbsentFieldsStayAbsent() throws Exception {
        TelemetrySample all = full("p1", T0);
        TelemetrySample none = minimal("p1", T0.plusSeconds(5));
        TelemetrySample zerosAndFalse = TelemetrySample.builder("p1", T0.plusSeconds(10), PrinterState.IDLE)
                .nozzle(0.0, 0.0).fan(0.0, null).filamentDetected(false).filamentMoving(null).progress(0.0).build();
        awaitAll(List.of(store.store(all), store.store(none), store.store(zerosAndFalse)));

        List<TelemetrySample> read = store.samples("p1", T0, T0.plusSeconds(60));

        assertThat(read).containsExactly(all, none, zerosAndFalse);
        assertThat(read.get(1).nozzleActual()).isNull();
        assertThat(read.get(2).fanRpm()).isNull();
        assertThat(read.get(2).filamentDetected()).isFalse();
        assertThat(read.get(2).error()).isNull();
        assertThat(read.get(0).error()).isEqualTo("thermistor läuft weg ✓");
    }

    @Test
    void absentFieldsAreNullInTheFile_neverZero() throws Exception {
        await(store.store(minimal("p1", T0)));

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM telemetry WHERE nozzle_actual IS NULL "
                        + "AND bed_target IS NULL AND fan_rpm IS NULL AND filament_moving IS NULL AND error IS NULL")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void rangeQueriesAreHalfOpen_oldestFirst() throws Exception {
        awaitAll(storeSeries(store, "a", T0, 10));
        awaitAll(storeSeries(store, "b", T0, 3));

        List<TelemetrySample> range = store.samples("a", T0.plusSeconds(2), T0.plusSeconds(5));

        assertThat(range).extracting(TelemetrySample::time)
                .containsExactly(T0.plusSeconds(2), T0.plusSeconds(3), T0.plusSeconds(4));
        assertThat(store.count("a", T0.plusSeconds(2), T0.plusSeconds(5))).isEqualTo(3);
        assertThat(store.count("a", T0, T0)).isZero();
        assertThat(store.samples("a", T0.plusSeconds(3), T0.plusSeconds(3))).isEmpty();
        assertThat(store.count("b", Instant.MIN, Instant.MAX)).isEqualTo(3);
        assertThat(store.count("nobody", Instant.MIN, Instant.MAX)).isZero();
    }

    @Test
    void subMillisecondBoundsKeepTheHalfOpenRange() throws Exception {
        awaitAll(storeSeries(store, "a", T0, 3));

        assertThat(store.count("a", T0.plusNanos(500_000), T0.plusSeconds(2))).isEqualTo(1); // only T0+1s
        assertThat(store.count("a", T0, T0.plusSeconds(2).plusNanos(1))).isEqualTo(3);
    }

    @Test
    void latestIsTheNewestByEventTime_notByArrival() throws Exception {
        awaitAll(List.of(store.store(full("a", T0.plusSeconds(20))), store.store(minimal("a", T0.plusSeconds(10)))));

        assertThat(store.latest("a")).contains(full("a", T0.plusSeconds(20)));
        assertThat(store.latest("nobody")).isEmpty();
    }

    @Test
    void printerIdsListsEveryPrinterOnce_inOrder() throws Exception {
        assertThat(store.printerIds()).isEmpty();
        awaitAll(storeSeries(store, "prusa-2", T0, 5));
        awaitAll(storeSeries(store, "bambu-1", T0, 5));
        awaitAll(storeSeries(store, "voron", T0, 1));

        assertThat(store.printerIds()).containsExactly("bambu-1", "prusa-2", "voron");
    }

    @Test
    void aCompletedFutureMeansCommitted_visibleToAnyOtherConnection() throws Exception {
        await(store.store(full("a", T0)));

        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = other.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM telemetry")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void closeCommitsEverythingQueued_andReopenFindsAll() throws Exception {
        int n = 25_000; // many batches
        List<CompletionStage<Void>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(store.store(full("p" + (i % 7), T0.plusMillis(i))));
        }

        store.close();

        assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
        store = SqliteStore.open(file, SETTINGS, log);
        long total = 0;
        for (String printer : store.printerIds()) {
            total += store.count(printer, Instant.MIN, Instant.MAX);
        }
        assertThat(total).isEqualTo(n);
        assertThat(log.errors()).isEmpty();
    }

    @Test
    void rowsOfOneTransactionShareAStage_thatNoCallerCanComplete() throws Exception {
        CompletionStage<Void> stage = store.store(full("a", T0));

        assertThatThrownBy(() -> ((CompletableFuture<Void>) stage).complete(null))
                .isInstanceOf(UnsupportedOperationException.class);
        await(stage);
    }

    @Test
    void afterCloseWritesFailAndReadsThrow() {
        store.close();

        assertThat(store.store(full("a", T0))).isCompletedExceptionally();
        assertThat(store.saveAlert(alert("a1", T0, AlertState.ACTIVE))).isCompletedExceptionally();
        assertThatThrownBy(() -> store.printerIds()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aTimeBeyondTheMillisecondRangeIsRefused_notTheStore() throws Exception {
        CompletionStage<Void> tooFar = store.store(full("a", Instant.MAX));

        assertThatThrownBy(() -> await(tooFar))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalArgumentException.class);
        await(store.store(full("a", T0)));
    }

    @Test
    void alertsAreUpsertedById_inCallOrder() throws Exception {
        Alert raised = alert("a1", T0, AlertState.ACTIVE);
        Alert resolved = new Alert("a1", "p1", "rules", "THERMAL_RUNAWAY", raised.severity(), "cleared",
                raised.firstSeen(), T0.plusSeconds(90), 12, Double.NaN, AlertState.RESOLVED, T0.plusSeconds(120));
        awaitAll(List.of(store.saveAlert(raised), store.store(full("p1", T0)), store.saveAlert(resolved)));

        List<Alert> all = store.alerts(Instant.MIN, Instant.MAX, 100);

        assertThat(all).hasSize(1);
        Alert stored = all.get(0);
        assertThat(stored).usingRecursiveComparison().ignoringFields("score").isEqualTo(resolved);
        assertThat(stored.score()).isNaN();
        assertThat(store.openAlerts()).isEmpty();
    }

    @Test
    void openAlertsAreTheUnresolvedOnes_newestFirst() throws Exception {
        Alert old = alert("old", T0, AlertState.ACTIVE);
        Alert acknowledged = alert("ack", T0.plusSeconds(60), AlertState.ACKNOWLEDGED);
        Alert resolved = alert("done", T0.plusSeconds(120), AlertState.RESOLVED);
        awaitAll(List.of(store.saveAlert(old), store.saveAlert(acknowledged), store.saveAlert(resolved)));

        assertThat(store.openAlerts()).containsExactly(acknowledged, old);
        assertThat(store.alerts(T0, T0.plusSeconds(120), 10)).containsExactly(acknowledged, old);
        assertThat(store.alerts(Instant.MIN, Instant.MAX, 2)).containsExactly(resolved, acknowledged);
        assertThat(store.alerts(Instant.MIN, Instant.MAX, 0)).isEmpty();
    }

    @Test
    void whoAcknowledgedAnAlertIsKeptWithIt_acrossLaterSavesAndARestart() throws Exception {
        Alert raised = alert("a1", T0, AlertState.ACTIVE);
        Alert acknowledged = alert("a1", T0.plusSeconds(5), AlertState.ACKNOWLEDGED);
        Alert repeated = alert("a1", T0.plusSeconds(65), AlertState.ACKNOWLEDGED);
        Alert resolved = alert("a1", T0.plusSeconds(95), AlertState.RESOLVED);
        Alert other = alert("a2", T0, AlertState.ACKNOWLEDGED);
        awaitAll(List.of(store.saveAlert(raised), store.saveAlert(acknowledged, "vera from 10.0.0.5 (dashboard)"),
                store.saveAlert(repeated), store.saveAlert(resolved), store.saveAlert(other)));

        assertThat(store.acknowledgedBy("a1")).hasValue("vera from 10.0.0.5 (dashboard)");
        assertThat(store.acknowledgedBy("a2")).as("saved without an actor").isEmpty();
        assertThat(store.acknowledgedBy("unknown")).isEmpty();
        assertThat(store.alerts(Instant.MIN, Instant.MAX, 10)).contains(resolved);

        store.close();
        store = SqliteStore.open(file, SETTINGS, log);
        assertThat(store.acknowledgedBy("a1")).hasValue("vera from 10.0.0.5 (dashboard)");
    }
}
