package carbine.poller.internal;

import static carbine.api.event.CarbineTopics.CYCLE;
import static carbine.api.event.CarbineTopics.DURATION_MS;
import static carbine.api.event.CarbineTopics.FAILURES;
import static carbine.api.event.CarbineTopics.PRINTERS;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import carbine.api.alert.AlertService;
import carbine.api.detector.Detector;
import carbine.api.driver.PrinterDriver;
import carbine.api.event.CarbineTopics;
import carbine.api.fleet.Fleet;
import carbine.api.fleet.PrinterStatus;
import carbine.api.store.TelemetryStore;
import carbine.api.telemetry.TelemetrySample;

/**
 * Polls every printer of every driver on a schedule: one platform thread ticks at a fixed rate, each tick
 * starts one virtual thread per printer, and a watchdog on the tick thread abandons polls that overrun the
 * timeout. Drivers, detectors, store, alert service and event sink may be added and removed at any time.
 *
 * <p>Typical use outside OSGi: {@code new Poller(settings, log, clock)}, {@link #setStore}, {@link #setAlerts},
 * {@link #addDriver(String, PrinterDriver)}, {@link #addDetector(String, Detector)}, {@link #start()}.
 */
public final class Poller implements Fleet {
    private static final long LOG_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final PollerLog log;
    private final RateLimitedLog limited;
    private final Clock clock;
    private final SamplePipeline pipeline;
    private final DriverLister lister;
    private final PrinterAssignment assignment;
    private final ConcurrentHashMap<String, PolledPrinter> printers = new ConcurrentHashMap<>();
    private final AtomicLong syntheticServiceIds = new AtomicLong();
    private final AtomicLong completedCycles = new AtomicLong();
    private final AtomicLong overruns = new AtomicLong();
    private volatile PollerSettings settings;
    private volatile long lastCycleNanos = -1;

    private volatile List<DriverEntry> drivers = List.of();
    private List<DetectorEntry> detectorRegistrations = List.of(); // guarded by this

    private final Object lifecycle = new Object();
    private ScheduledThreadPoolExecutor scheduler; // guarded by lifecycle
    private ScheduledFuture<?> ticks; // guarded by lifecycle
    private volatile boolean running;

    // tick thread only
    private long cycleNumbers;
    private volatile PollCycle currentCycle;

    public Poller(PollerSettings settings, PollerLog log, Clock clock) {
        this.settings = settings;
        this.log = log;
        this.clock = clock;
        this.limited = new RateLimitedLog(log, LOG_WINDOW_NANOS, System::nanoTime);
        this.pipeline = new SamplePipeline(log, limited, clock, () -> this.settings);
        this.lister = new DriverLister(limited);
        this.assignment = new PrinterAssignment(log);
    }

    // --- lifecycle ---

    public void start() {
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            running = true;
            scheduler = new ScheduledThreadPoolExecutor(1, task -> {
                Thread t = new Thread(task, "carbine-poller");
                t.setDaemon(true);
                return t;
            });
            scheduler.setRemoveOnCancelPolicy(true);
            scheduleTicks(0);
        }
    }

    /** Stops ticking and abandons the polls in flight; the printers are forgotten. */
    public void stop() {
        ScheduledThreadPoolExecutor stopped;
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            running = false;
            stopped = scheduler;
            scheduler = null;
            ticks = null;
        }
        stopped.shutdownNow();
        try {
            // a tick in progress must not add printers after they are cleared below
            if (!stopped.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("the poll tick did not end within 5 s of stopping");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        printers.values().removeIf(printer -> {
            retire(printer);
            return true;
        });
    }

    /** Applies new settings without a restart; a new interval takes effect from the next tick. */
    public void applySettings(PollerSettings newSettings) {
        PollerSettings old = settings;
        settings = newSettings;
        synchronized (lifecycle) {
            if (running && old.intervalMillis() != newSettings.intervalMillis()) {
                ticks.cancel(false);
                scheduleTicks(newSettings.intervalMillis());
            }
        }
    }

    public PollerSettings settings() { return settings; }

    private void scheduleTicks(long initialDelayMillis) {
        ticks = scheduler.scheduleAtFixedRate(this::tick, initialDelayMillis, settings.intervalMillis(),
                TimeUnit.MILLISECONDS);
    }

    // --- what the poller feeds and is fed by ---

    public void setStore(TelemetryStore store) { pipeline.store().set(store); }
    /** Forgets the store only if it is still the given one (a replacement may already be set). */
    public void unsetStore(TelemetryStore store) { unset(pipeline.store(), store); }
    public void setAlerts(AlertService alerts) { pipeline.alerts().set(alerts); }
    public void unsetAlerts(AlertService alerts) { unset(pipeline.alerts(), alerts); }
    public void setEvents(EventSink events) { pipeline.events().set(events); }
    public void unsetEvents(EventSink events) { unset(pipeline.events(), events); }

    private static <T> void unset(AtomicReference<T> current, T leaving) {
        current.getAndUpdate(value -> Objects.equals(value, leaving) ? null : value);
    }

    /** Adds a driver outside OSGi; its printers are polled from the next tick on. */
    public DriverEntry addDriver(String name, PrinterDriver driver) {
        return addDriver(new DriverEntry(-syntheticServiceIds.incrementAndGet(), 0, name, "none", driver));
    }

    public synchronized DriverEntry addDriver(DriverEntry entry) {
        List<DriverEntry> next = new ArrayList<>(drivers);
        next.add(entry);
        next.sort(DriverEntry.PRIORITY);
        drivers = List.copyOf(next);
        return entry;
    }

    /** New service properties of a registered driver (name, ranking). */
    public synchronized void updateDriver(long serviceId, int ranking, String name, String bundle) {
        List<DriverEntry> next = new ArrayList<>(drivers);
        next.stream().filter(d -> d.serviceId() == serviceId).forEach(d -> d.update(ranking, name, bundle));
        next.sort(DriverEntry.PRIORITY);
        drivers = List.copyOf(next);
    }

    /** Removes a driver at once: its printers leave the fleet and their polls in flight are abandoned. */
    public void removeDriver(long serviceId) {
        DriverEntry removed = null;
        synchronized (this) {
            List<DriverEntry> next = new ArrayList<>(drivers);
            for (DriverEntry d : drivers) {
                if (d.serviceId() == serviceId) {
                    removed = d;
                    next.remove(d);
                }
            }
            drivers = List.copyOf(next);
        }
        if (removed == null) {
            return;
        }
        DriverEntry gone = removed;
        gone.markRemoved();
        printers.values().removeIf(printer -> {
            if (printer.driver() != gone) {
                return false;
            }
            retire(printer);
            return true;
        });
        log.info("driver {} removed; its printers are no longer polled", gone);
    }

    public DetectorEntry addDetector(String id, Detector detector) {
        return addDetector(new DetectorEntry(-syntheticServiceIds.incrementAndGet(), 0, id, detector));
    }

    public synchronized DetectorEntry addDetector(DetectorEntry entry) {
        List<DetectorEntry> next = new ArrayList<>(detectorRegistrations);
        next.add(entry);
        setDetectors(next);
        return entry;
    }

    public synchronized void removeDetector(long serviceId) {
        List<DetectorEntry> next = new ArrayList<>(detectorRegistrations);
        next.removeIf(d -> d.serviceId() == serviceId);
        setDetectors(next);
    }

    /** Two detectors with one id would clear each other's alerts: only the first by priority runs. */
    private void setDetectors(List<DetectorEntry> registrations) {
        registrations.sort(DetectorEntry.PRIORITY);
        detectorRegistrations = List.copyOf(registrations);
        Set<String> ids = new HashSet<>();
        List<DetectorEntry> active = new ArrayList<>();
        for (DetectorEntry d : registrations) {
            if (ids.add(d.id())) {
                active.add(d);
            } else {
                log.error("two detectors have the id {} (services {} and {}); only the first one runs", d.id(),
                        active.stream().filter(a -> a.id().equals(d.id())).findFirst().map(DetectorEntry::serviceId)
                                .orElse(null),
                        d.serviceId());
            }
        }
        pipeline.detectors(List.copyOf(active));
    }

    // --- Fleet and figures ---

    @Override
    public List<PrinterStatus> printers() {
        List<PrinterStatus> list = new ArrayList<>(printers.size());
        for (PolledPrinter printer : printers.values()) {
            if (!printer.isRetired() && !printer.driver().isRemoved()) {
                list.add(printer.status());
            }
        }
        list.sort(Comparator.comparing(PrinterStatus::printerId));
        return list;
    }

    @Override
    public Optional<PrinterStatus> printer(String printerId) {
        PolledPrinter printer = printers.get(printerId);
        return printer == null || printer.isRetired() || printer.driver().isRemoved() ? Optional.empty()
                : Optional.of(printer.status());
    }

    @Override
    public long cycles() { return completedCycles.get(); }

    /** Ticks that came while the previous tick's polls had not all ended. */
    public long overruns() { return overruns.get(); }

    /** Duration of the latest completed cycle, from its tick to its last poll; -1 before the first. */
    public long lastCycleMillis() {
        long nanos = lastCycleNanos;
        return nanos < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    public List<DriverEntry> drivers() { return drivers; }

    public List<DetectorEntry> detectors() { return pipeline.detectors(); }

    /**
     * One poll cycle, for a caller that ticks the poller itself instead of {@link #start()}ing it: the evaluation of
     * a replay (carbine.driver.replay embeds this package), with the replay's event clock given to the constructor,
     * ticks once per row so that every row goes through exactly the code of a live tick (listing, validation,
     * store, detectors, alerts, history). Returns when every poll of the cycle has ended; no timeout is watched,
     * so a driver that hangs blocks the caller (interrupt it).
     *
     * @throws IllegalStateException if the poller was started: it ticks by itself then
     */
    public void pollNow() throws InterruptedException {
        PollCycle cycle;
        synchronized (lifecycle) {
            if (running) {
                throw new IllegalStateException("the poller ticks by itself; pollNow() is for a poller not started");
            }
            pollAll(settings);
            cycle = currentCycle;
        }
        cycle.awaitComplete();
    }

    // --- the tick ---

    private void tick() {
        try {
            if (running) {
                noteOverrun();
                pollAll(settings);
            }
        } catch (Throwable t) {
            // an exception escaping a scheduled task would silently end all future ticks
            log.error("poll tick failed, the poller carries on: {}", t.toString(), t);
        }
    }

    private void noteOverrun() {
        PollCycle previous = currentCycle;
        if (previous != null && !previous.isComplete()) {
            overruns.incrementAndGet();
            limited.warn("overrun", "poll cycle {} had not ended when the next tick came ({} polls still running); "
                    + "the interval of {} ms is too short for this fleet", previous.number(), previous.outstanding(),
                    settings.intervalMillis());
        }
    }

    private void pollAll(PollerSettings s) {
        long startNanos = System.nanoTime();
        Instant now = clock.instant();
        List<DriverLister.Listing> listings = lister.list(drivers, Math.min(s.timeoutMillis(), s.intervalMillis() / 2));
        Map<String, PrinterAssignment.Assigned> assigned = assignment.assign(listings);
        retireUnassigned(assigned);

        PollCycle cycle = new PollCycle(++cycleNumbers, startNanos, assigned.size(), this::cycleCompleted);
        currentCycle = cycle;
        List<Poll> polls = new ArrayList<>(assigned.size());
        for (Map.Entry<String, PrinterAssignment.Assigned> e : assigned.entrySet()) {
            DriverEntry driver = e.getValue().driver();
            if (driver.isRemoved()) {
                continue;
            }
            PolledPrinter printer = printers.computeIfAbsent(e.getKey(),
                    id -> new PolledPrinter(id, driver, s.historySize()));
            String listingError = e.getValue().listingError();
            Poll previous = printer.running();
            if (listingError != null) {
                failWithoutPoll(cycle, printer, now, listingError);
            } else if (previous != null && previous.timedOut()) {
                failWithoutPoll(cycle, printer, now, "still busy: the poll abandoned after " + s.timeoutMillis()
                        + " ms has not returned (the driver ignores interrupts)");
            } else if (previous != null || printer.isRecordingFailure()) {
                limited.info("lagging:" + printer.id(), "printer {}: previous poll still running, not polled this tick",
                        printer.id());
            } else {
                polls.add(new Poll(printer, cycle, now));
            }
        }
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(s.timeoutMillis());
        for (Poll poll : polls) {
            start(poll, cycle, timeoutNanos);
        }
        cycle.allStarted();
        if (!polls.isEmpty()) {
            watchLater(polls, timeoutNanos);
        }
    }

    /** Printers whose driver went away or no longer lists them leave the fleet. */
    private void retireUnassigned(Map<String, PrinterAssignment.Assigned> assigned) {
        printers.values().removeIf(printer -> {
            PrinterAssignment.Assigned a = assigned.get(printer.id());
            if (a != null && a.driver() == printer.driver() && !printer.driver().isRemoved()) {
                return false;
            }
            retire(printer);
            return true;
        });
    }

    private static void retire(PolledPrinter printer) {
        printer.retire();
        Poll poll = printer.running();
        if (poll != null) {
            poll.cancel();
        }
    }

    private void start(Poll poll, PollCycle cycle, long timeoutNanos) {
        PolledPrinter printer = poll.printer();
        printer.started(poll);
        cycle.pollStarting();
        try {
            Thread thread = Thread.ofVirtual().name("carbine-poll " + printer.id())
                    .unstarted(() -> runPoll(poll, timeoutNanos));
            poll.runOn(thread);
            thread.start();
        } catch (Throwable t) {
            printer.ended(poll);
            poll.cancel();
            throw t;
        }
    }

    private void runPoll(Poll poll, long timeoutNanos) {
        PolledPrinter printer = poll.printer();
        try {
            if (!poll.beginSampling(System.nanoTime() + timeoutNanos)) {
                return;
            }
            TelemetrySample sample = null;
            Throwable failure = null;
            try {
                sample = printer.driver().driver().sample(printer.id());
            } catch (Throwable t) {
                failure = t;
            }
            if (!poll.beginProcessing()) {
                return; // abandoned while sampling: the watchdog or a removal has accounted for it
            }
            SamplePipeline.Outcome outcome = failure == null
                    ? pipeline.onSample(printer, poll.startedAt(), sample)
                    : pipeline.onFailure(printer, poll.startedAt(), failure.toString());
            printer.ended(poll); // before the cycle may complete: the next cycle finds the printer free
            poll.finish(outcome == SamplePipeline.Outcome.FAILED);
        } catch (Throwable t) {
            limited.error("poll:" + printer.id(), "polling printer {} failed unexpectedly: {}", printer.id(),
                    t.toString(), t);
            printer.ended(poll);
            poll.finish(true);
        } finally {
            printer.ended(poll);
        }
    }

    private void failWithoutPoll(PollCycle cycle, PolledPrinter printer, Instant now, String reason) {
        cycle.failedWithoutPoll();
        recordFailureLater(printer, now, reason);
    }

    /** Failures found outside the printer's poll thread are recorded on a thread of their own: the pipeline may block. */
    private void recordFailureLater(PolledPrinter printer, Instant polledAt, String reason) {
        printer.failureRecordingStarted();
        try {
            Thread.ofVirtual().name("carbine-fail " + printer.id()).start(() -> {
                try {
                    pipeline.onFailure(printer, polledAt, reason);
                } catch (Throwable t) {
                    limited.error("poll:" + printer.id(), "recording a failure of printer {} failed: {}",
                            printer.id(), t.toString(), t);
                } finally {
                    printer.failureRecordingEnded();
                }
            });
        } catch (Throwable t) {
            printer.failureRecordingEnded();
            throw t;
        }
    }

    // --- the watchdog ---

    private void watchLater(List<Poll> polls, long delayNanos) {
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            try {
                scheduler.schedule(() -> watch(polls), delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // stopping
            }
        }
    }

    /** Runs on the tick thread: abandons overdue polls, then looks again at the next deadline. */
    private void watch(List<Poll> polls) {
        try {
            PollerSettings s = settings;
            long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(s.timeoutMillis());
            long now = System.nanoTime();
            long nextCheck = Long.MAX_VALUE;
            for (Poll poll : polls) {
                long wait = check(poll, now, s, timeoutNanos);
                if (wait >= 0) {
                    nextCheck = Math.min(nextCheck, wait);
                }
            }
            if (nextCheck != Long.MAX_VALUE) {
                watchLater(polls, Math.max(nextCheck, TimeUnit.MILLISECONDS.toNanos(1)));
            }
        } catch (Throwable t) {
            log.error("poll watchdog failed, the poller carries on: {}", t.toString(), t);
        }
    }

    /** Returns how long to wait before this poll needs another look, or -1 if it has ended. */
    private long check(Poll poll, long now, PollerSettings s, long timeoutNanos) {
        switch (poll.state()) {
            case WAITING:
                return timeoutNanos; // its thread has not started yet: the CPUs are busy
            case SAMPLING: {
                long overdue = now - poll.sampleDeadline();
                if (overdue < 0) {
                    return -overdue;
                }
                if (!poll.timeOut()) {
                    return 0; // it just moved on; look again
                }
                recordFailureLater(poll.printer(), poll.startedAt(), "timed out after " + s.timeoutMillis() + " ms");
                return -1;
            }
            case PROCESSING: {
                // the pipeline gets a timeout of its own after the sample's
                long overdue = now - (poll.sampleDeadline() + timeoutNanos);
                if (overdue < 0) {
                    return -overdue;
                }
                if (poll.giveUp()) {
                    limited.warn("stuck:" + poll.printer().id(), "printer {}: handing a sample on takes longer than {} ms "
                            + "(now in {}); the cycle does not wait for it", poll.printer().id(), s.timeoutMillis(),
                            poll.printer().phase);
                }
                return -1;
            }
            default:
                return -1;
        }
    }

    private void cycleCompleted(PollCycle cycle) {
        try {
            lastCycleNanos = cycle.durationNanos();
            completedCycles.incrementAndGet();
            pipeline.post(CarbineTopics.POLL_CYCLE, Map.of(CYCLE, cycle.number(), PRINTERS, cycle.printers(),
                    FAILURES, cycle.failures(), DURATION_MS, TimeUnit.NANOSECONDS.toMillis(cycle.durationNanos())));
        } catch (Throwable t) {
            log.error("ending poll cycle {} failed: {}", cycle.number(), t.toString(), t);
        }
    }
}
