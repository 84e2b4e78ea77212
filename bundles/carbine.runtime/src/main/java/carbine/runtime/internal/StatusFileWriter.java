package carbine.runtime.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import carbine.api.Carbine;
import carbine.api.alert.AlertService;
import carbine.api.event.CarbineTopics;
import carbine.api.fleet.Fleet;

/**
 * Rewrites {@code status.json} in the data directory after every poll cycle: the fleet and the open alerts. A
 * report of the runtime, read from the fleet and the alert service (which no longer writes it: issue 13); its
 * component name and configuration PID stay {@code carbine.alerts.status}, so existing configurations still apply.
 * Without a {@link Fleet} this component is not active and writes nothing. A failed write is logged; the
 * next cycle simply tries again.
 *
 * <p>The writing happens on a thread of its own, never on Event Admin's: for a large fleet one write can take
 * longer than Event Admin's handler timeout, and Felix then blacklists the handler for good. Cycles that end
 * while a write is running are coalesced into one more write, of the newest state.
 */
@Component(name = "carbine.alerts.status", service = EventHandler.class)
@Designate(ocd = StatusConfig.class)
@EventTopics(CarbineTopics.POLL_CYCLE)
public class StatusFileWriter implements EventHandler {
    static final String FILE_NAME = "status.json";

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference(name = "fleet", policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Fleet fleet;

    @Reference(name = "alerts", policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AlertService alerts;

    private final Clock clock = Clock.systemUTC();
    private final AtomicLong latestCycle = new AtomicLong(-1);
    private final AtomicBoolean writePending = new AtomicBoolean();
    private ExecutorService writer;
    private StatusFile statusFile;
    private volatile boolean failing;
    private StatusJson json;
    private boolean truncating;

    @Activate
    void activate(BundleContext context, StatusConfig config) {
        int maxPrinters = Math.max(1, config.maxPrinters());
        int maxAlerts = Math.max(1, config.maxAlerts());
        if (maxPrinters != config.maxPrinters() || maxAlerts != config.maxAlerts()) {
            logger.warn("carbine.alerts.status: maxPrinters and maxAlerts must be at least 1; using {} and {}",
                    maxPrinters, maxAlerts);
        }
        json = new StatusJson(maxPrinters, maxAlerts);
        Path data = Carbine.dataDirectory(context);
        try {
            Files.createDirectories(data);
        } catch (IOException | RuntimeException e) {
            logger.error("cannot create the data directory {} ({}); set the framework property {} to a writable "
                    + "directory", data, e.toString(), Carbine.DATA_DIR_PROPERTY);
        }
        statusFile = new StatusFile(data.resolve(FILE_NAME), json);
        writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "carbine-status-writer"));
    }

    @Deactivate
    void deactivate() {
        writer.shutdownNow();
    }

    @Override
    public void handleEvent(Event event) {
        Fleet f = fleet;
        if (f == null) {
            return;
        }
        latestCycle.set(cycle(event, f));
        if (writePending.compareAndSet(false, true)) {
            try {
                writer.execute(this::write);
            } catch (RejectedExecutionException deactivated) {
                writePending.set(false);
            }
        }
    }

    private void write() {
        writePending.set(false); // a cycle ending from now on schedules one more write
        Fleet f = fleet;
        AlertService a = alerts;
        if (f == null || a == null) {
            return;
        }
        try {
            Status status = new Status(clock.instant(), latestCycle.get(), f.printers(), a.open());
            boolean truncates = json.truncates(status);
            if (truncates != truncating) {
                truncating = truncates;
                if (truncates) {
                    logger.warn("{} lists part of {} printers and {} open alerts (those needing attention first; the "
                            + "summary counts all): see the dashboard for the rest, or raise maxPrinters/maxAlerts "
                            + "of carbine.alerts.status", statusFile.file(), status.printers().size(), status.alerts().size());
                } else {
                    logger.info("{} lists every printer and open alert again", statusFile.file());
                }
            }
            statusFile.write(status);
            if (failing) {
                failing = false;
                logger.info("{} written again", statusFile.file());
            }
        } catch (IOException | RuntimeException e) {
            failing = true;
            logger.error("could not write {}, will retry after the next poll cycle: {}", statusFile.file(),
                    e.toString());
        }
    }

    private static long cycle(Event event, Fleet fleet) {
        return event.getProperty(CarbineTopics.CYCLE) instanceof Number n ? n.longValue() : fleet.cycles();
    }
}
