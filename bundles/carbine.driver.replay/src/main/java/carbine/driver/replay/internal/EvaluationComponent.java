package carbine.driver.replay.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import carbine.api.Carbine;
import carbine.api.alert.AlertService;
import carbine.api.detector.Detector;
import carbine.api.driver.PrinterDriver;
import carbine.api.store.AlertStore;
import carbine.api.store.TelemetryStore;
import carbine.driver.replay.ReplayDriver;
import carbine.poller.internal.PollerLog;

/**
 * Records the alerts raised on one replayed printer: configuration {@value ReplayDriver#EVALUATION_PID}. It runs
 * an {@link Evaluation} on a thread of its own and, when that has written its file, stops the framework if asked.
 */
@Component(configurationPid = ReplayDriver.EVALUATION_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = EvaluationConfig.class)
public class EvaluationComponent {
    private final Logger logger;
    private final Evaluation.Log log = new Evaluation.Log() {
        @Override public void info(String format, Object... arguments) { logger.info(format, arguments); }
        @Override public void error(String format, Object... arguments) { logger.error(format, arguments); }
    };
    private final TelemetryStore telemetry;
    private final AlertStore alerts;
    private final Map<ReplayProgress, String> replays = new ConcurrentHashMap<>();
    /** Detectors by id, for the direct drive; sorted so that every run judges in the same order. */
    private final Map<String, Detector> detectors = new ConcurrentSkipListMap<>();
    @Reference(name = "alertService", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AlertService alertService;
    private Thread thread;

    @Activate
    public EvaluationComponent(@Reference(name = "logger", service = LoggerFactory.class) Logger logger,
            @Reference(name = "telemetry") TelemetryStore telemetry, @Reference(name = "alerts") AlertStore alerts) {
        this.logger = logger;
        this.telemetry = telemetry;
        this.alerts = alerts;
    }

    @Reference(name = "replay", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addReplay(ReplayProgress replay, Map<String, Object> properties) {
        replays.put(replay, String.valueOf(properties.get(ReplayDriver.PRINTER_PROPERTY)));
    }

    void removeReplay(ReplayProgress replay) {
        replays.remove(replay);
    }

    @Reference(name = "detector", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDetector(Detector detector, Map<String, Object> properties) {
        detectors.put(String.valueOf(properties.get(Detector.ID_PROPERTY)), detector);
    }

    void removeDetector(Detector detector, Map<String, Object> properties) {
        detectors.remove(String.valueOf(properties.get(Detector.ID_PROPERTY)), detector);
    }

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        String printerId = Objects.toString(properties.get("printerId"), "").trim();
        String outputText = Objects.toString(properties.get("output"), "").trim();
        boolean stopFramework = !"false".equalsIgnoreCase(Objects.toString(properties.get("stopFramework"), "true")
                .trim());
        if (printerId.isEmpty() || outputText.isEmpty()) {
            logger.error("evaluation configuration {}: properties printerId and output are required (printerId = "
                    + "'{}', output = '{}'); nothing is recorded", ReplayDriver.EVALUATION_PID, printerId, outputText);
            return;
        }
        Path output;
        try {
            Path home = Carbine.confDirectory(context).getParent();
            output = (home == null ? Path.of(outputText) : home.resolve(outputText)).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            logger.error("evaluation configuration {}: output = '{}' is not a path: {}; nothing is recorded",
                    ReplayDriver.EVALUATION_PID, outputText, e.getMessage());
            return;
        }
        Evaluation evaluation = new Evaluation(printerId, output, () -> replayOf(printerId), telemetry, alerts,
                log, Evaluation.Timing.DEFAULT, System::nanoTime);
        boolean direct = !"poller".equalsIgnoreCase(Objects.toString(properties.get("drive"), "direct").trim());
        Set<String> expected = new TreeSet<>();
        for (String id : Objects.toString(properties.get("detectors"), "").split(",")) {
            if (!id.isBlank()) {
                expected.add(id.trim());
            }
        }
        thread = Thread.ofPlatform().name("carbine-evaluation").daemon().start(() -> {
            try {
                if (direct) {
                    feed(context, printerId, expected);
                }
                evaluation.run();
            } catch (InterruptedException e) {
                return; // deactivated before the end
            } catch (RuntimeException e) {
                logger.error("evaluation of printer {} failed: {}", printerId, e.toString(), e);
            }
            if (stopFramework) {
                stopFramework(context);
            }
        });
    }

    /**
     * The direct drive: waits (up to a minute) for the replay, the alert service, the expected detectors (at
     * least one when none are named) and every configuration file of the run to be in force, then feeds every row
     * through them.
     */
    private void feed(BundleContext context, String printerId, Set<String> expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        Set<String> notInForce = notInForce(context);
        while (replayOf(printerId).isEmpty() || alertService == null
                || (expected.isEmpty() ? detectors.isEmpty() : !detectors.keySet().containsAll(expected))
                || !(notInForce = notInForce(context)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                logger.error("evaluation: after a minute still missing: {}{}{}{}; feeding what there is",
                        replayOf(printerId).isEmpty() ? "the replay of " + printerId + " " : "",
                        alertService == null ? "the alert service " : "",
                        "detectors " + expected + " (present: " + detectors.keySet() + ")",
                        notInForce.isEmpty() ? "" : " configurations not in force: " + notInForce);
                break;
            }
            Thread.sleep(50); // waiting for services to come up, not synchronising data
        }
        Optional<ReplayProgress> replay = replayOf(printerId);
        AlertService service = alertService;
        if (replay.isEmpty() || service == null || !(replay.get() instanceof PrinterDriver driver)) {
            return;
        }
        long start = System.nanoTime();
        logger.info("evaluation: feeding {} rows of {} through the poller's pipeline and detectors {}",
                replay.get().rows(), printerId, detectors.keySet());
        String bundle = context.getBundle().getSymbolicName() + " " + context.getBundle().getVersion();
        long ticks = new PolledFeed(driver, bundle, replay.get(), new TreeMap<>(detectors), telemetry, service,
                this::pollerLog, log).run();
        logger.info("evaluation: fed {} rows in {} ticks of the poller in {} ms", replay.get().replayed(), ticks,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** The embedded poller's log: to the OSGi log, as the poller component forwards it. */
    private void pollerLog(PollerLog.Level level, String format, Object... arguments) {
        switch (level) {
            case DEBUG -> logger.debug(format, arguments);
            case INFO -> logger.info(format, arguments);
            case WARN -> logger.warn(format, arguments);
            case ERROR -> logger.error(format, arguments);
        }
    }

    /**
     * The configuration files of the run ({@code conf/<pid>.cfg}, factory ones and the evaluation's own aside) that
     * no service carries yet as its {@code service.pid}: a detector or the store still running with its defaults.
     * Feeding before they are all in force made the same input give 9 alerts in one run and 5 in the next.
     */
    private static Set<String> notInForce(BundleContext context) {
        Set<String> missing = new TreeSet<>();
        Path conf = Carbine.confDirectory(context);
        try (var files = java.nio.file.Files.newDirectoryStream(conf, "*.cfg")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String pid = name.substring(0, name.length() - ".cfg".length());
                if (pid.contains("-") || pid.equals(ReplayDriver.EVALUATION_PID)) {
                    continue;
                }
                var refs = context.getServiceReferences((String) null, "(service.pid=" + pid + ")");
                if (refs == null || refs.length == 0) {
                    missing.add(pid);
                }
            }
        } catch (java.io.IOException | org.osgi.framework.InvalidSyntaxException e) {
            missing.add("(cannot read " + conf + ": " + e + ")");
        }
        return missing;
    }

    private Optional<ReplayProgress> replayOf(String printerId) {
        return replays.entrySet().stream().filter(e -> e.getValue().equals(printerId)).map(Map.Entry::getKey)
                .findFirst();
    }

    private void stopFramework(BundleContext context) {
        logger.info("evaluation: stopping the framework");
        // a bundle stopping the framework from a thread the framework may wait for would deadlock: use a new one
        Thread.ofPlatform().name("carbine-evaluation-stop").start(() -> {
            try {
                context.getBundle(0).stop();
            } catch (BundleException | IllegalStateException e) {
                logger.error("evaluation: cannot stop the framework: {}", e.toString());
            }
        });
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }
}
