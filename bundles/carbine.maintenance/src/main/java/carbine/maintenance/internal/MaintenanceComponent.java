package carbine.maintenance.internal;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import carbine.api.Carbine;
import carbine.api.alert.AlertService;
import carbine.api.detector.Detector;
import carbine.api.event.CarbineTopics;
import carbine.api.fleet.Fleet;
import carbine.api.fleet.PrinterStatus;
import carbine.api.maintenance.LogEntry;
import carbine.api.maintenance.Maintenance;
import carbine.api.maintenance.TaskStatus;
import carbine.api.maintenance.UsageCounters;

/**
 * Counts each printer's samples and judges the maintenance plan. Samples are taken from the {@link Fleet} after
 * each poll cycle ({@code carbine/poll/CYCLE}): every printer's latest sample, counted if newer than the one
 * counted before. The work runs on a thread of its own, never on Event Admin's. The service property
 * {@code carbine.detector.id=maintenance} names this component as the source of its alerts (the alert service
 * then knows it is installed).
 */
@Component(name = Settings.PID, configurationPid = Settings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {Maintenance.class, EventHandler.class},
        property = {"event.topics=" + CarbineTopics.POLL_CYCLE, Detector.ID_PROPERTY + "=" + MaintenanceBook.DETECTOR})
@Designate(ocd = Config.class)
public class MaintenanceComponent implements Maintenance, EventHandler {
    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Fleet fleet;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AlertService alerts;

    private final List<TaskComponent> tasks = new CopyOnWriteArrayList<>();
    private volatile Settings settings = Settings.DEFAULTS;
    private volatile MaintenanceBook book;
    private MaintenanceDb db;
    private ExecutorService counting;
    private ScheduledExecutorService saving;
    private final AtomicBoolean countPending = new AtomicBoolean();
    private volatile long lastFlushNanos = System.nanoTime();

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        settings = Settings.from(properties, problem -> logger.warn("{}", problem));
        Path file = Carbine.dataDirectory(context).resolve(MaintenanceDb.FILE_NAME);
        try {
            db = MaintenanceDb.open(file);
        } catch (Exception e) {
            logger.error("maintenance: cannot use {} ({}); counting in memory only: counters, tasks marked done and "
                    + "the maintenance log will not survive a restart, and the log cannot be read back", file, e.toString());
            db = null;
        }
        try {
            book = new MaintenanceBook(db, () -> settings, this::reporter, Clock.systemUTC(),
                    problem -> logger.warn("{}", problem));
        } catch (SQLException e) {
            logger.error("maintenance: cannot read {} ({}); counting in memory only", file, e.toString());
            closeDb();
            try {
                book = new MaintenanceBook(null, () -> settings, () -> null, Clock.systemUTC(), p -> logger.warn("{}", p));
            } catch (SQLException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        updatePlan();
        counting = Executors.newSingleThreadExecutor(r -> daemon(r, "carbine-maintenance-count"));
        saving = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "carbine-maintenance-save"));
        saving.scheduleWithFixedDelay(this::flushIfDue, 1, 1, TimeUnit.SECONDS);
        requestCount();
        logger.info("maintenance active: {} printer(s) counted so far, {} task(s) planned, gap {} s, file {}",
                book.counters().size(), book.plan().size(), settings.rules().gap().toSeconds(),
                db == null ? "none" : db.file());
    }

    private MaintenanceBook.Reporter reporter() {
        AlertService a = alerts;
        return a == null ? null : new MaintenanceBook.Reporter() {
            @Override
            public void report(carbine.api.telemetry.TelemetrySample sample, List<carbine.api.detector.Finding> findings) {
                a.report(MaintenanceBook.DETECTOR, sample, findings);
            }

            @Override
            public java.util.Set<String> printersWithOpenAlerts() {
                return a.open().stream().filter(x -> x.detector().equals(MaintenanceBook.DETECTOR))
                        .map(carbine.api.alert.Alert::printerId).collect(java.util.stream.Collectors.toSet());
            }
        };
    }

    @Modified
    void modified(Map<String, Object> properties) {
        settings = Settings.from(properties, problem -> logger.warn("{}", problem));
        book.plan(book.plan());
        logger.info("maintenance reconfigured: gap {} s, due soon within {} %", settings.rules().gap().toSeconds(),
                settings.dueSoonFraction() * 100);
    }

    @Deactivate
    void deactivate() {
        counting.shutdown();
        saving.shutdown();
        try {
            counting.awaitTermination(5, TimeUnit.SECONDS);
            saving.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
        closeDb();
    }

    @Reference(name = "task", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTask(TaskComponent task) {
        tasks.add(task);
        updatePlan();
    }

    void unbindTask(TaskComponent task) {
        tasks.remove(task);
        updatePlan();
    }

    private void updatePlan() {
        MaintenanceBook b = book;
        if (b != null) {
            b.plan(tasks.stream().map(TaskComponent::plan).filter(Objects::nonNull).toList());
        }
    }

    @Override
    public void handleEvent(Event event) {
        requestCount();
    }

    /** At most one pass waits: cycles that end while one runs are covered by it. */
    private void requestCount() {
        ExecutorService c = counting;
        if (c != null && countPending.compareAndSet(false, true)) {
            try {
                c.execute(this::countLatest);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                countPending.set(false);
            }
        }
    }

    void countLatest() {
        countPending.set(false);
        try {
            Fleet f = fleet;
            MaintenanceBook b = book;
            if (f == null || b == null) {
                return;
            }
            for (PrinterStatus p : f.printers()) {
                if (p.latest() != null) {
                    b.offer(p.latest());
                }
            }
        } catch (Throwable t) {
            logger.error("maintenance: counting failed: {}", t.toString(), t);
        }
    }

    private void flushIfDue() {
        if (System.nanoTime() - lastFlushNanos >= settings.persistEvery().toNanos()) {
            flush();
        }
    }

    private synchronized void flush() {
        lastFlushNanos = System.nanoTime();
        try {
            MaintenanceBook b = book;
            if (b != null) {
                b.flush();
            }
        } catch (Throwable t) {
            logger.error("maintenance: saving the counters failed (kept, retried): {}", t.toString());
        }
    }

    private void closeDb() {
        if (db != null) {
            try {
                db.close();
            } catch (SQLException e) {
                logger.warn("maintenance: closing {} failed: {}", db.file(), e.toString());
            }
            db = null;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public Optional<UsageCounters> counters(String printerId) {
        return book.counters(printerId);
    }

    @Override
    public List<UsageCounters> counters() {
        return book.counters();
    }

    @Override
    public List<TaskStatus> tasks(String printerId) {
        return book.tasks(printerId);
    }

    @Override
    public List<TaskStatus> due() {
        return book.due();
    }

    @Override
    public LogEntry markDone(String printerId, String task, String actor, String note) {
        LogEntry entry = book.markDone(printerId, task, actor, note);
        logger.info("maintenance: {} done on printer {} by {} after {} {}{}", task, printerId, actor,
                MaintenanceBook.amount(entry.used()), entry.unit(), entry.note().isEmpty() ? "" : ": " + entry.note());
        return entry;
    }

    @Override
    public List<LogEntry> log(String printerId, int limit) {
        return book.log(printerId, limit);
    }
}
