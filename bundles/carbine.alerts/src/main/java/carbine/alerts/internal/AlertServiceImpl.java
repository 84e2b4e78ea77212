package carbine.alerts.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertService;
import carbine.api.detector.Detector;
import carbine.api.detector.Finding;
import carbine.api.store.AlertStore;
import carbine.api.telemetry.TelemetrySample;

/**
 * The alert service: an {@link AlertBook} whose changes an {@link AlertRecorder} saves, posts and logs.
 * Works without a store and without Event Admin.
 */
@Component(name = AlertServiceImpl.PID, configurationPid = AlertServiceImpl.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = AlertService.class)
@Designate(ocd = Config.class)
public class AlertServiceImpl implements AlertService {
    static final String PID = "carbine.alerts";
    static final String LOG_FILE = "alerts.log";
    private static final Duration SAVE_ON_DEACTIVATE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration GONE_CHECK_INTERVAL = Duration.ofSeconds(1);

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference(name = "eventAdmin", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    private volatile AlertStore store;
    private volatile AlertBook book;
    private volatile AlertRecorder recorder;
    private final GoneDetectors detectors = new GoneDetectors(Settings.DEFAULTS.detectorGone());
    /** The id of each registered detector; {@link #UNKNOWN_YET} until a detector without id properties is asked. */
    private final Map<ServiceReference<Detector>, String> detectorIds = new ConcurrentHashMap<>();
    private static final String UNKNOWN_YET = "";
    private volatile BundleContext context;
    private ScheduledExecutorService goneCheck;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        Settings settings = settings(properties);
        AlertLog log = new AlertLog(DataDirectory.of(context, problem -> logger.error("{}", problem)).resolve(LOG_FILE));
        recorder = new AlertRecorder(() -> store, () -> eventAdmin, log, settings.persistInterval(),
                problem -> logger.warn("{}", problem));
        book = new AlertBook(settings.resolveAfter(), Clock.systemUTC());
        detectors.setGrace(settings.detectorGone());
        AlertStore s = store;
        if (s != null) {
            restoreFrom(s);
        }
        goneCheck = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "carbine-alerts-gone-detectors");
            t.setDaemon(true);
            return t;
        });
        goneCheck.scheduleWithFixedDelay(this::retireGoneDetectors, GONE_CHECK_INTERVAL.toMillis(),
                GONE_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        logger.info("alert service active: resolve after {}, save repeats every {}, log {}", settings.resolveAfter(),
                settings.persistInterval(), log.file());
    }

    @Modified
    void modified(Map<String, Object> properties) {
        Settings settings = settings(properties);
        book.setResolveAfter(settings.resolveAfter());
        detectors.setGrace(settings.detectorGone());
        recorder.setPersistInterval(settings.persistInterval());
        logger.info("alert service reconfigured: resolve after {}, save repeats every {}", settings.resolveAfter(),
                settings.persistInterval());
    }

    @Deactivate
    void deactivate() {
        goneCheck.shutdownNow();
        recorder.saveAll(book.open(), SAVE_ON_DEACTIVATE_TIMEOUT);
    }

    // a store that arrives after activation still brings back the alerts open before a restart
    @Reference(name = "store", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStore(AlertStore newStore) {
        store = newStore;
        if (book != null) {
            restoreFrom(newStore);
        }
    }

    void unbindStore(AlertStore oldStore) {
        if (store == oldStore) {
            store = null;
        }
    }

    // only the presence of detectors matters here: the references are taken without the services, so that
    // activating this component never activates a detector (the ML detector uses this service: a cycle)
    @Reference(name = "detector", service = Detector.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindDetector(ServiceReference<Detector> reference) {
        String id = detectorId(reference, null);
        detectorIds.put(reference, id == null ? UNKNOWN_YET : id);
    }

    void unbindDetector(ServiceReference<Detector> reference) {
        detectorIds.remove(reference);
    }

    /**
     * The poller's naming rule: {@link Detector#ID_PROPERTY}, else {@code component.name}, else the class name,
     * which only the service object tells ({@code null} here until {@link #installedDetectors} looks it up).
     */
    static String detectorId(ServiceReference<?> reference, Object service) {
        for (String key : new String[] {Detector.ID_PROPERTY, "component.name"}) {
            if (reference.getProperty(key) instanceof String s && !s.isBlank()) {
                return s.trim();
            }
        }
        return service == null ? null : service.getClass().getName();
    }

    private Set<String> installedDetectors() {
        Set<String> ids = new HashSet<>();
        detectorIds.replaceAll((reference, id) -> !id.equals(UNKNOWN_YET) ? id : classNameOf(reference));
        detectorIds.values().forEach(id -> {
            if (!id.equals(UNKNOWN_YET)) {
                ids.add(id);
            }
        });
        return ids;
    }

    /**
     * Services of other types that report alerts under their own id and say so with {@link Detector#ID_PROPERTY}
     * (carbine.maintenance's {@code maintenance}): installed as long as such a service is registered.
     */
    private Set<String> otherAlertSources() {
        BundleContext c = context;
        Set<String> ids = new HashSet<>();
        try {
            ServiceReference<?>[] references = c == null ? null
                    : c.getAllServiceReferences(null, "(" + Detector.ID_PROPERTY + "=*)");
            if (references != null) {
                for (ServiceReference<?> r : references) {
                    if (r.getProperty(Detector.ID_PROPERTY) instanceof String id && !id.isBlank()) {
                        ids.add(id.trim());
                    }
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException | IllegalStateException e) {
            // a constant filter; IllegalStateException: this bundle is stopping
        }
        return ids;
    }

    /** Outside any activation (on the check's thread), the service object can be asked for its class. */
    private String classNameOf(ServiceReference<Detector> reference) {
        BundleContext c = context;
        Detector service = c == null ? null : c.getService(reference);
        if (service == null) {
            return UNKNOWN_YET;
        }
        try {
            return detectorId(reference, service);
        } finally {
            c.ungetService(reference);
        }
    }

    void retireGoneDetectors() {
        try {
            AlertBook b = book;
            Instant now = Instant.now();
            Set<String> installed = installedDetectors();
            installed.addAll(otherAlertSources());
            for (String gone : detectors.goneFor(b.detectorsWithOpenAlerts(), installed, now)) {
                List<AlertChange> changes = b.retire(gone, "resolved: the detector '" + gone + "' is no longer "
                        + "installed (gone for " + detectors.grace().toSeconds() + " s)", now);
                changes.forEach(recorder::record);
                logger.info("resolved {} open alert(s) of detector {}: it is no longer installed", changes.size(), gone);
            }
        } catch (RuntimeException e) {
            logger.error("checking for alerts of removed detectors failed: {}", e.toString());
        }
    }

    @Override
    public void report(String detector, TelemetrySample sample, List<Finding> findings) {
        AlertRecorder r = recorder;
        for (var change : book.report(detector, sample, findings)) {
            r.record(change);
        }
    }

    @Override
    public List<Alert> open() {
        return book.open();
    }

    @Override
    public Optional<Alert> acknowledge(String alertId, String actor) {
        Optional<AlertChange> change = book.acknowledge(alertId, actor);
        change.ifPresent(recorder::record);
        return change.map(AlertChange::alert).or(() -> book.find(alertId));
    }

    private void restoreFrom(AlertStore s) {
        try {
            int taken = book.restore(s.openAlerts());
            logger.info("restored {} open alerts from the alert store", taken);
        } catch (RuntimeException e) {
            logger.error("could not read open alerts from the alert store: {}", e.toString());
        }
    }

    private Settings settings(Map<String, Object> properties) {
        return Settings.from(properties, problem -> logger.warn("{}", problem));
    }
}
