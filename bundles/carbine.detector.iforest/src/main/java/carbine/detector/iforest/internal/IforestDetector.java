package carbine.detector.iforest.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import carbine.api.Carbine;
import carbine.api.alert.Alert;
import carbine.api.alert.AlertService;
import carbine.api.alert.Severity;
import carbine.api.detector.Detector;
import carbine.api.detector.Finding;
import carbine.api.detector.SampleHistory;
import carbine.api.telemetry.TelemetrySample;

/**
 * The Isolation Forest detector as a service: {@code carbine.detector.id=iforest}. All logic is in
 * {@link IforestEngine}; this owns the training thread and the model directory {@code <data>/iforest}.
 */
@Component(name = IforestDetector.PID, configurationPid = IforestDetector.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = Detector.class,
        property = Detector.ID_PROPERTY + "=" + IforestDetector.ID)
@Designate(ocd = Config.class)
public class IforestDetector implements Detector {
    static final String PID = "carbine.detector.iforest";
    static final String ID = "iforest";

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    /** Optional: open CRITICAL alerts keep a printer's samples out of the training window. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AlertService alerts;

    private ExecutorService trainer;
    private IforestEngine engine;

    // properties are read from the raw map, not the typed Config, so that a malformed value falls back to its
    // default with a log line instead of failing activation
    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        Settings settings = read(properties);
        Path directory = Carbine.dataDirectory(context).resolve("iforest");
        try {
            Files.createDirectories(directory);
            if (!Files.isWritable(directory)) {
                logger.error("model directory {} is not writable: models will not survive a restart", directory);
            }
        } catch (Exception e) {
            logger.error("cannot create the model directory {} ({}): models will not survive a restart",
                    directory, e.toString());
        }
        // one low-priority daemon thread: training never runs inside judge() and never holds up shutdown
        trainer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "carbine-iforest-training");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        Log log = new OsgiLog(logger);
        engine = new IforestEngine(settings, new ModelStore(directory, log), trainer, this::criticalOpen, log);
        logger.info("isolation forest detector active with {}, models in {}", settings, directory);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        Settings settings = read(properties);
        engine.setSettings(settings);
        logger.info("isolation forest detector reconfigured: {}", settings);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        trainer.shutdownNow();
        // a training takes a fraction of a second; let it finish rather than outlive the bundle
        if (!trainer.awaitTermination(5, TimeUnit.SECONDS)) {
            logger.warn("a model training is still running after deactivation");
        }
    }

    @Override
    public List<Finding> judge(TelemetrySample sample, SampleHistory history) {
        return engine.judge(sample, history == null ? List.of() : history.samples());
    }

    private Settings read(Map<String, Object> properties) {
        return Settings.from(properties, problem -> logger.warn("{}", problem));
    }

    private boolean criticalOpen(String printerId) {
        AlertService service = alerts;
        if (service == null) {
            return false;
        }
        for (Alert a : service.open()) {
            if (a.severity() == Severity.CRITICAL && printerId.equals(a.printerId())) {
                return true;
            }
        }
        return false;
    }

    private record OsgiLog(Logger logger) implements Log {
        @Override
        public void info(String format, Object... arguments) {
            logger.info(format, arguments);
        }

        @Override
        public void warn(String format, Object... arguments) {
            logger.warn(format, arguments);
        }

        @Override
        public void error(String format, Object... arguments) {
            logger.error(format, arguments);
        }
    }
}
