package carbine.poller.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import carbine.api.alert.Severity;
import carbine.api.detector.Finding;
import carbine.api.event.CarbineTopics;
import carbine.api.fleet.PrinterStatus;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

class PollerTest {
    private static final PollerSettings FAST = PollerSettings.DEFAULTS.withIntervalMillis(50).withTimeoutMillis(1000);

    private final RecordingLog log = new RecordingLog();
    private final RecordingStore store = new RecordingStore();
    private final RecordingAlerts alerts = new RecordingAlerts();
    private final RecordingEvents events = new RecordingEvents();
    private final List<CountDownLatch> toRelease = new ArrayList<>();
    private Poller poller;

    private Poller poller(PollerSettings settings) {
        poller = new Poller(settings, log, Clock.systemUTC());
        poller.setStore(store);
        poller.setAlerts(alerts);
        poller.setEvents(events);
        return poller;
    }

    @AfterEach
    void tearDown() {
        toRelease.forEach(CountDownLatch::countDown);
        if (poller != null) {
            poller.stop();
        }
    }

    private void awaitMoreCycles(int n) {
        long target = poller.cycles() + n;
        Await.until(n + " more cycles", () -> poller.cycles() >= target, poller::cycles);
    }

    private PrinterStatus status(String printerId) {
        return poller.printer(printerId).orElseThrow();
    }

    /** For waiting: false while the printer is not in the fleet yet. */
    private boolean statusOf(String printerId, java.util.function.Predicate<PrinterStatus> condition) {
        return poller.printer(printerId).filter(condition).isPresent();
    }

    // --- ticked by its caller (the evaluation of a replay) ---

    @Test
    void pollNow_runs_one_whole_cycle_and_returns_when_it_has_ended_and_a_started_poller_refuses_it()
            throws Exception {
        FakeDriver driver = new FakeDriver("a", "b");
        poller(FAST).addDriver("sim", driver);

        for (int tick = 1; tick <= 3; tick++) {
            poller.pollNow();
            assertThat(poller.cycles()).isEqualTo(tick);
            assertThat(store.of("a")).hasSize(tick);
            assertThat(store.of("b")).hasSize(tick);
            assertThat(events.of(CarbineTopics.POLL_CYCLE)).hasSize(tick);
        }
        assertThat(log.lines).noneMatch(e -> e.contains("previous poll still running"));

        poller.start();
        org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(poller::pollNow);
    }

    // --- drivers come and go ---

    @Test
    void polls_every_printer_of_a_registered_driver_each_tick() {
        FakeDriver driver = new FakeDriver("b", "a");
        poller(FAST).addDriver("sim", driver);
        poller.start();

        Await.until("both printers polled 3 times", () -> driver.calls("a") >= 3 && driver.calls("b") >= 3);

        assertThat(store.of("a")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(events.of(CarbineTopics.TELEMETRY_SAMPLE, "b")).isNotEmpty();
        assertThat(poller.printers()).extracting(PrinterStatus::printerId).containsExactly("a", "b");
        PrinterStatus a = status("a");
        assertThat(a.driver()).isEqualTo("sim");
        assertThat(a.online()).isTrue();
        assertThat(a.latest()).isNotNull();
        assertThat(a.lastPoll()).isNotNull();
    }

    @Test
    void removed_driver_is_no_longer_polled_and_polled_again_when_added_back() {
        FakeDriver driver = new FakeDriver("a");
        DriverEntry entry = poller(FAST).addDriver("sim", driver);
        poller.start();
        Await.until("polled", () -> driver.calls("a") >= 2);

        poller.removeDriver(entry.serviceId());
        assertThat(poller.printers()).isEmpty();
        awaitMoreCycles(2); // a poll that was in flight at removal has ended by now
        int callsAfterRemoval = driver.calls("a");
        awaitMoreCycles(4);
        assertThat(driver.calls("a")).isEqualTo(callsAfterRemoval);

        poller.addDriver("sim", driver);
        Await.until("polled again", () -> driver.calls("a") >= callsAfterRemoval + 2);
        assertThat(poller.printers()).extracting(PrinterStatus::printerId).containsExactly("a");
    }

    @Test
    void throwing_hanging_and_deaf_drivers_do_not_delay_a_fast_one() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch deafReleased = new CountDownLatch(1);
        toRelease.add(deafReleased);
        AtomicInteger deafEntered = new AtomicInteger();
        FakeDriver fast = new FakeDriver("fast");
        FakeDriver throwing = new FakeDriver("throws").answering((id, t) -> {
            throw new IOException("connection refused");
        });
        FakeDriver hanging = new FakeDriver("hangs").answering((id, t) -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return null;
        });
        FakeDriver deaf = new FakeDriver("deaf").answering((id, t) -> {
            deafEntered.incrementAndGet();
            while (deafReleased.getCount() > 0) {
                try {
                    deafReleased.await();
                } catch (InterruptedException ignored) {
                    // this driver ignores interrupts
                }
            }
            return FakeDriver.printing(id, t);
        });
        poller(FAST); // timeout 1000 ms: ten ticks waiting for the slow ones would take 10 s
        poller.addDriver("throwing", throwing);
        poller.addDriver("hanging", hanging);
        poller.addDriver("deaf", deaf);
        poller.addDriver("fast", fast);
        long start = System.nanoTime();
        poller.start();

        Await.until("fast printer polled 10 times", Duration.ofSeconds(4), () -> fast.calls("fast") >= 10,
                () -> fast.calls("fast"));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(4000);

        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("hanging sample() interrupted").isTrue();
        Await.until("hanging printer timed out",
                () -> statusOf("hangs", st -> "timed out after 1000 ms".equals(st.lastError())), poller::printers);
        Await.until("deaf printer still busy",
                () -> statusOf("deaf", st -> String.valueOf(st.lastError()).startsWith("still busy")),
                poller::printers);
        assertThat(status("throws").lastError()).contains("connection refused");

        int fastCalls = fast.calls("fast");
        Await.until("fast printer keeps being polled", () -> fast.calls("fast") >= fastCalls + 5);
        assertThat(deafEntered.get()).as("a stuck printer is not polled again").isEqualTo(1);
        Await.until("deaf printer offline", () -> statusOf("deaf", st -> !st.online()), poller::printers);
        assertThat(status("fast").consecutiveFailures()).isZero();
    }

    @Test
    void a_tick_that_finds_the_previous_polls_running_is_an_overrun_not_a_failure() {
        CountDownLatch release = new CountDownLatch(1);
        toRelease.add(release);
        FakeDriver slow = new FakeDriver("slow").answering((id, t) -> {
            release.await();
            return FakeDriver.printing(id, t);
        });
        poller(FAST.withTimeoutMillis(3000)).addDriver("slow", slow);
        poller.start();

        Await.until("overrun", () -> poller.overruns() >= 1, poller::overruns);
        awaitMoreCycles(3); // ticks that find the printer still busy skip it: their cycles end at once
        assertThat(poller.overruns()).as("the one tick overrun").isEqualTo(1);
        assertThat(slow.calls("slow")).isEqualTo(1);
        assertThat(status("slow").consecutiveFailures()).isZero();
        assertThat(log.contains("poll cycle 1 had not ended when the next tick came")).isTrue();

        release.countDown();
        Await.until("cycle completed", () -> poller.cycles() >= 1);
        Await.until("polled again", () -> slow.calls("slow") >= 2);
    }

    // --- offline and back ---

    @Test
    void printer_goes_offline_after_n_failures_and_recovers_with_the_next_good_sample() {
        AtomicBoolean failing = new AtomicBoolean(true);
        FakeDriver driver = new FakeDriver("p").answering((id, t) -> {
            if (failing.get()) {
                throw new IOException("no route to host");
            }
            return FakeDriver.printing(id, t);
        });
        poller(FAST.withOfflineAfterFailures(3)).addDriver("sim", driver);
        poller.start();

        Await.until("offline event", () -> !events.of(CarbineTopics.PRINTER_OFFLINE, "p").isEmpty());
        PrinterStatus offline = status("p");
        assertThat(offline.online()).isFalse();
        assertThat(offline.consecutiveFailures()).isGreaterThanOrEqualTo(3);
        assertThat(offline.lastError()).isEqualTo("java.io.IOException: no route to host");
        RecordingAlerts.Report raised = alerts.by("poller", "p").get(0);
        assertThat(raised.findings()).containsExactly(Finding.of("OFFLINE", Severity.WARNING,
                "printer not answering: java.io.IOException: no route to host (3 failed polls)"));
        assertThat(raised.sample().state()).isEqualTo(PrinterState.OFFLINE);
        assertThat(events.of(CarbineTopics.PRINTER_OFFLINE, "p").get(0).get(CarbineTopics.REASON))
                .isEqualTo("java.io.IOException: no route to host");

        awaitMoreCycles(3);
        assertThat(store.offlineSamples("p")).as("offline sample stored once").isEqualTo(1);
        assertThat(alerts.by("poller", "p")).hasSize(1);

        failing.set(false);
        Await.until("online event", () -> !events.of(CarbineTopics.PRINTER_ONLINE, "p").isEmpty());
        Await.until("cleared", () -> alerts.by("poller", "p").size() >= 2);
        assertThat(alerts.by("poller", "p").get(1).findings()).isEmpty();
        PrinterStatus online = status("p");
        assertThat(online.online()).isTrue();
        assertThat(online.consecutiveFailures()).isZero();
        assertThat(online.lastError()).isNull();
        assertThat(online.latest()).isNotNull();
    }

    // --- detectors ---

    @Test
    void failing_detectors_neither_stop_the_others_nor_clear_their_own_alerts() {
        AtomicInteger flakyCalls = new AtomicInteger();
        FakeDriver driver = new FakeDriver("p1");
        poller(FAST).addDriver("sim", driver);
        poller.addDetector("runtime", (s, h) -> {
            throw new IllegalStateException("bug in detector");
        });
        poller.addDetector("error", (s, h) -> {
            throw new NoClassDefFoundError("smile/anomaly/IsolationForest");
        });
        poller.addDetector("flaky", (s, h) -> {
            if (flakyCalls.incrementAndGet() == 1) {
                return List.of(Finding.of("FAN_FAILURE", Severity.WARNING, "fan stopped"));
            }
            throw new IllegalStateException("flaky");
        });
        poller.addDetector("steady", (s, h) -> List.of(Finding.of("CLOG", Severity.CRITICAL, "filament stopped")));
        poller.start();

        Await.until("steady detector reported 5 times", () -> alerts.by("steady").size() >= 5);
        assertThat(alerts.by("runtime")).isEmpty();
        assertThat(alerts.by("error")).isEmpty();
        assertThat(alerts.by("flaky")).hasSize(1);
        assertThat(alerts.by("flaky").get(0).findings()).isNotEmpty();
        assertThat(flakyCalls.get()).isGreaterThan(1);
        assertThat(log.contains("detector runtime failed on printer p1", "bug in detector")).isTrue();
        assertThat(log.contains("detector error failed on printer p1", "NoClassDefFoundError")).isTrue();
        assertThat(status("p1").consecutiveFailures()).isZero();
    }

    @Test
    void history_is_bounded_oldest_first_and_excludes_the_current_sample() {
        record Seen(TelemetrySample sample, List<TelemetrySample> history, TelemetrySample previous) {}
        List<Seen> seen = new CopyOnWriteArrayList<>();
        FakeDriver driver = new FakeDriver("p");
        poller(FAST.withHistorySize(4)).addDriver("sim", driver);
        poller.addDetector("recorder", (s, h) -> {
            TelemetrySample previous = h.previous();
            seen.add(new Seen(s, List.copyOf(h.samples()), previous));
            return List.of();
        });
        poller.start();

        Await.until("8 samples judged", () -> seen.size() >= 8);
        List<TelemetrySample> judged = seen.stream().map(Seen::sample).toList();
        for (int i = 0; i < 8; i++) {
            List<TelemetrySample> expected = judged.subList(Math.max(0, i - 4), i);
            assertThat(seen.get(i).history()).as("history of sample %d", i).containsExactlyElementsOf(expected);
            assertThat(seen.get(i).previous()).isEqualTo(i == 0 ? null : judged.get(i - 1));
        }
        for (int i = 1; i < 8; i++) {
            assertThat(judged.get(i).time()).isAfter(judged.get(i - 1).time());
        }
    }

    @Test
    void a_hanging_detector_holds_up_neither_the_cycle_nor_other_printers() {
        CountDownLatch release = new CountDownLatch(1);
        toRelease.add(release);
        FakeDriver driver = new FakeDriver("stuck", "free");
        poller(FAST.withTimeoutMillis(200)).addDriver("sim", driver);
        poller.addDetector("sleepy", (s, h) -> {
            if (s.printerId().equals("stuck")) {
                release.await();
            }
            return List.of();
        });
        poller.start();

        Await.until("given up on the stuck pipeline", () -> log.contains("printer stuck: handing a sample on",
                "(now in sleepy)"), () -> log);
        long cycles = poller.cycles();
        Await.until("cycles go on", () -> poller.cycles() >= cycles + 3);
        Await.until("the other printer is judged", () -> alerts.by("sleepy", "free").size() >= 5);
        assertThat(driver.calls("stuck")).isEqualTo(1);
    }

    // --- validation ---

    @Test
    void impossible_values_are_dropped_reported_and_cleared_by_a_clean_sample() {
        AtomicBoolean broken = new AtomicBoolean(true);
        FakeDriver driver = new FakeDriver("p").answering((id, t) -> broken.get()
                ? FakeDriver.printing(id, t).toBuilder().nozzle(Double.NaN, 210.0).bed(-300.0, 60.0)
                        .heaterPower(1.5).fan(0.5, -5.0).progress(120.0).build()
                : FakeDriver.printing(id, t));
        poller(FAST).addDriver("sim", driver);
        poller.start();

        Await.until("bad telemetry reported", () -> !alerts.by("poller", "p").isEmpty());
        TelemetrySample stored = store.of("p").get(0);
        assertThat(stored.nozzleActual()).isNull();
        assertThat(stored.nozzleTarget()).isEqualTo(210.0);
        assertThat(stored.bedActual()).isNull();
        assertThat(stored.heaterPower()).isNull();
        assertThat(stored.fanSpeed()).isEqualTo(0.5);
        assertThat(stored.fanRpm()).isNull();
        assertThat(stored.progress()).isNull();
        RecordingAlerts.Report report = alerts.by("poller", "p").get(0);
        assertThat(report.findings()).hasSize(1);
        assertThat(report.findings().get(0).kind()).isEqualTo("BAD_TELEMETRY");
        assertThat(report.findings().get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(report.findings().get(0).message()).contains("nozzle_actual=NaN", "bed_actual=-300.0");
        assertThat(log.contains("printer p", "nozzle_actual=NaN (not a number)", "bed_actual=-300.0 (below absolute zero)",
                "heater_power=1.5", "fan_rpm=-5.0", "progress=120.0")).isTrue();

        broken.set(false);
        Await.until("cleared", () -> alerts.by("poller", "p").stream().anyMatch(r -> r.findings().isEmpty()));
        assertThat(status("p").consecutiveFailures()).isZero();
    }

    @Test
    void a_sample_for_another_printer_is_rejected_as_a_failed_poll() {
        FakeDriver driver = new FakeDriver("p1").answering((id, t) -> FakeDriver.printing("p2", t));
        poller(FAST).addDriver("sim", driver);
        poller.start();

        Await.until("failed polls", () -> statusOf("p1", st -> st.consecutiveFailures() >= 2), poller::printers);
        assertThat(status("p1").lastError()).contains("'p2'", "asked for 'p1'");
        assertThat(store.stored).noneMatch(s -> s.printerId().equals("p2"));
        assertThat(poller.printer("p2")).isEmpty();
    }

    @Test
    void a_sample_not_after_the_previous_one_is_dropped() {
        Instant fixed = Instant.parse("2026-11-24T10:00:00Z");
        FakeDriver driver = new FakeDriver("p").answering((id, t) -> FakeDriver.printing(id, fixed));
        poller(FAST).addDriver("sim", driver);
        poller.start();

        Await.until("polled 4 times", () -> driver.calls("p") >= 4);
        awaitMoreCycles(1);
        assertThat(store.of("p")).hasSize(1);
        assertThat(log.contains("printer p: dropped a sample at 2026-11-24T10:00:00Z, not after the previous one"))
                .isTrue();
        assertThat(status("p").consecutiveFailures()).isZero();
    }

    // --- drivers that misbehave as a whole ---

    @Test
    void a_printer_id_served_by_two_drivers_is_polled_through_the_first_only() {
        FakeDriver low = new FakeDriver("p");
        FakeDriver high = new FakeDriver("p");
        poller(FAST).addDriver(new DriverEntry(10, 0, "low", "low.bundle 1.0.0", low));
        poller.addDriver(new DriverEntry(11, 5, "high", "high.bundle 1.0.0", high));
        poller.start();

        Await.until("polled through the higher ranking", () -> high.calls("p") >= 3);
        assertThat(low.calls("p")).isZero();
        assertThat(log.contains("ERROR", "printer id p is served by two drivers", "'high'", "'low'")).isTrue();
        assertThat(status("p").driverBundle()).isEqualTo("high.bundle 1.0.0");

        poller.removeDriver(11);
        Await.until("polled through the other", () -> low.calls("p") >= 2);
        assertThat(status("p").driver()).isEqualTo("low");
    }

    @Test
    void drivers_that_fail_or_hang_listing_their_printers_do_not_stop_the_others() {
        CountDownLatch release = new CountDownLatch(1);
        toRelease.add(release);
        FakeDriver good = new FakeDriver("good");
        FakeDriver broken = new FakeDriver() {
            @Override
            public Set<String> printerIds() {
                throw new IllegalStateException("no config");
            }
        };
        FakeDriver hanging = new FakeDriver() {
            @Override
            public Set<String> printerIds() {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Set.of();
            }
        };
        poller(FAST).addDriver("broken", broken);
        poller.addDriver("hanging", hanging);
        poller.addDriver("good", good);
        poller.start();

        Await.until("good driver polled 10 times", Duration.ofSeconds(4), () -> good.calls("good") >= 10,
                () -> good.calls("good"));
        assertThat(log.contains("driver broken failed to list its printers", "no config")).isTrue();
        assertThat(log.contains("driver hanging did not list its printers")).isTrue();
    }

    // --- cycles, events, settings, outputs ---

    @Test
    void cycle_events_count_printers_and_failures() {
        poller(FAST).addDriver("ok", new FakeDriver("a", "b"));
        poller.addDriver("failing", new FakeDriver("c").answering((id, t) -> {
            throw new IOException("timeout");
        }));
        poller.start();

        Await.until("3 cycles", () -> events.of(CarbineTopics.POLL_CYCLE).size() >= 3);
        // a cycle may end after the next one if the CPUs are busy: order by number
        List<RecordingEvents.Posted> cycles = events.of(CarbineTopics.POLL_CYCLE).stream()
                .sorted(java.util.Comparator.comparingLong(e -> (Long) e.get(CarbineTopics.CYCLE))).toList();
        for (int i = 0; i < 3; i++) {
            RecordingEvents.Posted cycle = cycles.get(i);
            assertThat(cycle.get(CarbineTopics.CYCLE)).isEqualTo((long) i + 1);
            assertThat(cycle.get(CarbineTopics.PRINTERS)).isEqualTo(3);
            assertThat(cycle.get(CarbineTopics.FAILURES)).isEqualTo(1);
            assertThat((Long) cycle.get(CarbineTopics.DURATION_MS)).isBetween(0L, 1000L);
        }
        assertThat(poller.cycles()).isGreaterThanOrEqualTo(3);
        assertThat(poller.lastCycleMillis()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void detectors_come_and_go_and_a_duplicate_id_does_not_run() {
        AtomicInteger duplicateCalls = new AtomicInteger();
        poller(FAST).addDriver("sim", new FakeDriver("p"));
        DetectorEntry rules = poller.addDetector(new DetectorEntry(20, 0, "rules", (s, h) -> List.of()));
        poller.addDetector(new DetectorEntry(21, 0, "rules", (s, h) -> {
            duplicateCalls.incrementAndGet();
            return List.of();
        }));
        assertThat(log.contains("ERROR", "two detectors have the id rules (services 20 and 21)")).isTrue();
        poller.start();
        Await.until("rules reported", () -> alerts.by("rules").size() >= 3);
        assertThat(duplicateCalls.get()).isZero();

        poller.removeDetector(rules.serviceId());
        Await.until("the other one takes over", () -> duplicateCalls.get() >= 2);
        poller.removeDetector(21);
        awaitMoreCycles(2);
        int reports = alerts.by("rules").size();
        awaitMoreCycles(3);
        assertThat(alerts.by("rules")).hasSize(reports);
    }

    @Test
    void a_new_interval_applies_without_restart() {
        FakeDriver driver = new FakeDriver("p");
        poller(PollerSettings.DEFAULTS.withIntervalMillis(60_000)).addDriver("sim", driver);
        poller.start();
        Await.until("first poll", () -> driver.calls("p") >= 1);

        poller.applySettings(FAST);
        Await.until("polled at the new interval", () -> driver.calls("p") >= 5);
    }

    @Test
    void store_failures_are_logged_and_the_pipeline_goes_on() {
        store.failing = true;
        FakeDriver driver = new FakeDriver("p");
        poller(FAST).addDriver("sim", driver);
        poller.addDetector("steady", (s, h) -> List.of());
        poller.start();

        Await.until("detector still runs", () -> alerts.by("steady").size() >= 3);
        assertThat(log.contains("storing a sample of printer p failed", "disk full")).isTrue();
    }

    @Test
    void works_without_store_alerts_and_events() {
        FakeDriver driver = new FakeDriver("p");
        poller = new Poller(FAST, log, Clock.systemUTC());
        poller.addDriver("sim", driver);
        poller.addDetector("steady", (s, h) -> List.of());
        poller.start();

        Await.until("polled", () -> driver.calls("p") >= 3 && poller.cycles() >= 3);
        assertThat(status("p").latest()).isNotNull();
    }
}
