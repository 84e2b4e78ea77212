package carbine.driver.replay.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
import carbine.api.store.AlertStore;
import carbine.api.store.TelemetryStore;
import carbine.driver.replay.ReplayDriver;

/**
 * Records the alerts raised on one replayed printer: configuration {@value ReplayDriver#EVALUATION_PID}. It runs
 * an {@link Evaluation} on a thread of its own and, when that has written its file, stops the framework if asked.
 */
@Component(configurationPid = ReplayDriver.EVALUATION_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = EvaluationConfig.class)
public class EvaluationComponent {
    private final Logger logger;
    private final TelemetryStore telemetry;
    private final AlertStore alerts;
    private final Map<ReplayProgress, String> replays = new ConcurrentHashMap<>();
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
                new Evaluation.Log() {
                    @Override public void info(String format, Object... arguments) { logger.info(format, arguments); }
                    @Override public void error(String format, Object... arguments) { logger.error(format, arguments); }
                }, Evaluation.Timing.DEFAULT, System::nanoTime);
        thread = Thread.ofPlatform().name("carbine-evaluation").daemon().start(() -> {
            try {
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
