package carbine.maintenance.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

import carbine.api.alert.Severity;
import carbine.api.detector.Finding;
import carbine.api.maintenance.LogEntry;
import carbine.api.maintenance.TaskStatus;
import carbine.api.maintenance.UsageCounters;
import carbine.api.telemetry.TelemetrySample;

/**
 * The counters of every printer, the plan, and what has been done: counts samples, judges the plan and reports
 * each printer's {@value #KIND} finding. A plain object (the component wires it); safe for concurrent use, one
 * lock per printer.
 */
final class MaintenanceBook {
    static final String DETECTOR = "maintenance";
    static final String KIND = "MAINTENANCE_DUE";
    /** After its last due task is done, a printer's alert is reported clear for this long (event time), so that
     * the alert service's resolve delay passes on reports of ours. */
    static final long CLEARING_MILLIS = 3_600_000;

    /** Where findings go: the alert service. */
    interface Reporter {
        void report(TelemetrySample sample, List<Finding> findings);

        /** The printers with an open alert of ours (restored after a restart): asked once. */
        Set<String> printersWithOpenAlerts();
    }

    private final MaintenanceDb db;
    private final Supplier<Settings> settings;
    private final Supplier<Reporter> reporter;
    private final Clock clock;
    private final Consumer<String> errors;
    private final ConcurrentHashMap<String, Entry> printers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<MaintenanceDb.Key, Done> done = new ConcurrentHashMap<>();
    private volatile Map<String, TaskPlan> plan = Map.of();
    private volatile List<TaskPlan> sortedPlan = List.of();
    /** Printers whose alert of ours was open when the alert service was first asked; null until then. */
    private volatile Set<String> openAtStart;

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        final PrinterCounter counter;
        TelemetrySample latest;
        /** What was last reported (severity and due tasks), null before the first report. */
        String reportedKey;
        long reportedAt = Long.MIN_VALUE;
        long clearingUntil = Long.MIN_VALUE;

        Entry(PrinterCounter counter) {
            this.counter = counter;
        }
    }

    /**
     * @param db       null to keep nothing (tests, or a data directory that cannot be written)
     * @param reporter gives the alert service, or null when there is none
     */
    MaintenanceBook(MaintenanceDb db, Supplier<Settings> settings, Supplier<Reporter> reporter, Clock clock,
            Consumer<String> errors) throws SQLException {
        this.db = db;
        this.settings = settings;
        this.reporter = reporter;
        this.clock = clock;
        this.errors = errors;
        if (db != null) {
            db.counters().forEach((id, state) -> printers.put(id, new Entry(new PrinterCounter(id, state))));
            done.putAll(db.done());
        }
    }

    /** Replaces the plan; every printer's alert is judged again at its next sample. */
    void plan(List<TaskPlan> tasks) {
        Map<String, TaskPlan> byName = new HashMap<>();
        for (TaskPlan t : tasks) {
            TaskPlan before = byName.putIfAbsent(t.name(), t);
            if (before != null) {
                errors.accept("maintenance task '" + t.name() + "' is configured twice (" + before.pid() + ", "
                        + t.pid() + "): the second is ignored");
            }
        }
        plan = Map.copyOf(byName);
        sortedPlan = byName.values().stream().sorted(Comparator.comparing(TaskPlan::name)).toList();
        printers.values().forEach(e -> {
            e.lock.lock();
            try {
                e.reportedAt = Long.MIN_VALUE;
            } finally {
                e.lock.unlock();
            }
        });
    }

    List<TaskPlan> plan() {
        return sortedPlan;
    }

    /**
     * Counts a sample of a printer and reports the printer's maintenance finding when it changed or is due for
     * a refresh. A sample not newer than the printer's latest counted one is ignored.
     *
     * @return whether it was counted
     */
    boolean offer(TelemetrySample sample) {
        Entry e = printers.computeIfAbsent(sample.printerId(), id -> new Entry(new PrinterCounter(id, null)));
        Settings s = settings.get();
        e.lock.lock();
        try {
            if (!e.counter.offer(sample, s.rules())) {
                return false;
            }
            e.latest = sample;
            judge(e, s, false);
            return true;
        } finally {
            e.lock.unlock();
        }
    }

    Optional<UsageCounters> counters(String printerId) {
        Entry e = printers.get(printerId);
        if (e == null) {
            return Optional.empty();
        }
        e.lock.lock();
        try {
            return Optional.of(e.counter.counters());
        } finally {
            e.lock.unlock();
        }
    }

    List<UsageCounters> counters() {
        return printers.keySet().stream().sorted().map(this::counters).flatMap(Optional::stream).toList();
    }

    List<TaskStatus> tasks(String printerId) {
        Entry e = printers.get(printerId);
        if (e == null) {
            return List.of();
        }
        Settings s = settings.get();
        e.lock.lock();
        try {
            return statuses(e, s);
        } finally {
            e.lock.unlock();
        }
    }

    List<TaskStatus> due() {
        List<TaskStatus> result = new ArrayList<>();
        for (String id : printers.keySet()) {
            tasks(id).stream().filter(t -> t.due() != TaskStatus.Due.OK).forEach(result::add);
        }
        result.sort(URGENCY);
        return result;
    }

    /** Overdue first, then the most used share of the interval, then printer and task. */
    static final Comparator<TaskStatus> URGENCY = Comparator.comparing(TaskStatus::due).reversed()
            .thenComparing(Comparator.comparingDouble((TaskStatus t) -> t.used() / t.every()).reversed())
            .thenComparing(TaskStatus::printerId).thenComparing(TaskStatus::task);

    LogEntry markDone(String printerId, String task, String actor, String note) {
        Entry e = printers.get(printerId);
        if (e == null) {
            throw new IllegalArgumentException("no printer '" + printerId + "' has been counted");
        }
        TaskPlan t = plan.get(task);
        if (t == null || !t.appliesTo(printerId)) {
            throw new IllegalArgumentException("no maintenance task '" + task + "' is planned on printer '"
                    + printerId + "'" + (plan.isEmpty() ? " (no tasks are configured)" : ""));
        }
        Settings s = settings.get();
        e.lock.lock();
        try {
            CounterState now = e.counter.state();
            MaintenanceDb.Key key = new MaintenanceDb.Key(printerId, task);
            double used = status(printerId, t, now, done.get(key), s).used();
            Instant at = clock.instant();
            Done d = new Done(at.toEpochMilli(), Unit.Snapshot.of(now));
            LogEntry entry = new LogEntry(printerId, task, at, oneLine(actor), note == null ? "" : oneLine(note), used,
                    t.unit().id());
            if (db != null) {
                try {
                    db.markDone(printerId, now, task, d, entry);
                } catch (SQLException x) {
                    throw new IllegalStateException("could not record it in " + db.file() + ": " + x.getMessage(), x);
                }
            }
            done.put(key, d);
            judge(e, s, true);
            return entry;
        } finally {
            e.lock.unlock();
        }
    }

    List<LogEntry> log(String printerId, int limit) {
        if (db == null) {
            return List.of();
        }
        try {
            return db.log(printerId, limit);
        } catch (SQLException x) {
            throw new IllegalStateException("could not read the maintenance log in " + db.file() + ": "
                    + x.getMessage(), x);
        }
    }

    /** Writes the counters changed since the last flush. */
    void flush() throws SQLException {
        if (db == null) {
            return;
        }
        Map<String, CounterState> changed = new HashMap<>();
        List<Entry> cleaned = new ArrayList<>();
        for (Entry e : printers.values()) {
            e.lock.lock();
            try {
                if (e.counter.dirty()) {
                    changed.put(e.counter.printerId(), e.counter.state());
                    e.counter.clean();
                    cleaned.add(e);
                }
            } finally {
                e.lock.unlock();
            }
        }
        try {
            db.saveCounters(changed);
        } catch (SQLException x) {
            // written next time: a later state of the same printer supersedes these anyway
            cleaned.forEach(e -> e.counter.markDirty());
            throw x;
        }
    }

    private List<TaskStatus> statuses(Entry e, Settings s) {
        List<TaskStatus> result = new ArrayList<>();
        for (TaskPlan t : plan()) {
            if (t.appliesTo(e.counter.printerId())) {
                result.add(status(e.counter.printerId(), t, e.counter.state(),
                        done.get(new MaintenanceDb.Key(e.counter.printerId(), t.name())), s));
            }
        }
        return result;
    }

    private static TaskStatus status(String printerId, TaskPlan t, CounterState now, Done d, Settings s) {
        Unit.Snapshot then = d == null ? Unit.Snapshot.ZERO : d.snapshot();
        long thenMillis = d == null ? now.sinceMillis() : d.atMillis();
        double used = t.unit().between(now, then, now.lastMillis(), thenMillis);
        TaskStatus.Due due = used >= t.every() ? TaskStatus.Due.OVERDUE
                : used >= t.every() * (1 - s.dueSoonFraction()) ? TaskStatus.Due.DUE_SOON : TaskStatus.Due.OK;
        return new TaskStatus(printerId, t.name(), t.unit().id(), t.every(), used,
                d == null ? null : Instant.ofEpochMilli(d.atMillis()), due);
    }

    /** Reports the printer's finding if it changed, if a refresh is due, or when {@code force}d. */
    private void judge(Entry e, Settings s, boolean force) {
        Reporter r = reporter.get();
        TelemetrySample sample = e.latest;
        if (r == null || sample == null) {
            return;
        }
        List<TaskStatus> due = statuses(e, s).stream().filter(t -> t.due() != TaskStatus.Due.OK).sorted(URGENCY)
                .toList();
        Severity severity = due.stream().anyMatch(t -> t.due() == TaskStatus.Due.OVERDUE) ? Severity.WARNING
                : Severity.INFO;
        StringBuilder key = new StringBuilder(severity.name());
        due.forEach(t -> key.append(' ').append(t.task()).append('=').append(t.due()));
        long now = sample.time().toEpochMilli();
        if (e.reportedKey == null && due.isEmpty() && !openAtStart(r).contains(sample.printerId())) {
            e.reportedKey = key.toString(); // nothing due and nothing open: nothing to say
            return;
        }
        boolean changed = !key.toString().equals(e.reportedKey);
        boolean refresh = now - e.reportedAt >= s.reportEvery().toMillis()
                && (!due.isEmpty() || now <= e.clearingUntil);
        if (!force && !changed && !refresh) {
            return;
        }
        List<Finding> findings = due.isEmpty() ? List.of()
                : List.of(new Finding(KIND, severity, message(due), due.stream()
                        .mapToDouble(t -> t.used() / t.every()).max().orElse(0)));
        if (due.isEmpty() && (changed || force)) {
            e.clearingUntil = now + CLEARING_MILLIS;
        }
        try {
            r.report(sample, findings);
        } catch (RuntimeException x) {
            errors.accept("reporting the maintenance alert of printer " + sample.printerId() + " failed: " + x);
            return;
        }
        e.reportedKey = key.toString();
        e.reportedAt = now;
    }

    private Set<String> openAtStart(Reporter r) {
        Set<String> open = openAtStart;
        if (open == null) {
            try {
                open = Set.copyOf(r.printersWithOpenAlerts());
            } catch (RuntimeException x) {
                errors.accept("reading the open maintenance alerts failed: " + x);
                return Set.of();
            }
            openAtStart = open;
        }
        return open;
    }

    /** "nozzle overdue: 312.4 of 300 printing hours since 2026-11-02; belts due soon: ..." */
    static String message(List<TaskStatus> due) {
        StringBuilder m = new StringBuilder();
        for (TaskStatus t : due) {
            if (!m.isEmpty()) {
                m.append("; ");
            }
            m.append(t.task()).append(t.due() == TaskStatus.Due.OVERDUE ? " overdue: " : " due soon: ")
                    .append(amount(t.used())).append(" of ").append(amount(t.every())).append(' ')
                    .append(Unit.parse(t.unit()).map(Unit::label).orElse(t.unit()))
                    .append(t.lastDone() == null ? " since counting began"
                            : " since last done " + t.lastDone().truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
        }
        return m.toString();
    }

    /** Log lines and messages stay one line each, whatever a person typed. */
    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    }

    /** 312.4, 3, 0.025: one decimal from 10 up, three below (tiny intervals are for tests and trials). */
    static String amount(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.3f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
