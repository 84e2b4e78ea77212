package carbine.health.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import carbine.api.Carbine;
import carbine.api.detector.Detector;
import carbine.api.detector.Finding;
import carbine.api.detector.SampleHistory;
import carbine.api.health.ComponentHealth;
import carbine.api.health.HealthReport;
import carbine.api.telemetry.TelemetrySample;

/**
 * Component health as a detector ({@code carbine.detector.id=health}): it sees every sample, keeps daily indicators
 * in {@code <data>/health/}, and returns COMPONENT_WEAR while a forecast falls within the horizon. Also the Gogo
 * command {@code carbine:health [printer]} and the {@link ComponentHealth} service the dashboard and the HTTP API read. A configuration change restarts the component: the open days are saved
 * and read back, nothing is lost.
 */
@Component(name = Settings.PID, configurationPid = Settings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {Detector.class, HealthDetector.class, ComponentHealth.class}, property = {
            Detector.ID_PROPERTY + "=" + HealthDetector.ID,
            "osgi.command.scope=carbine",
            "osgi.command.function=health"})
@Designate(ocd = Config.class)
public class HealthDetector implements Detector, ComponentHealth {
    static final String ID = "health";

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    private ExecutorService writes;
    private volatile HealthEngine engine;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        Settings settings = Settings.from(properties, problem -> logger.warn("{}", problem));
        Path directory = Carbine.dataDirectory(context).resolve(HealthFiles.DIRECTORY);
        HealthFiles files;
        try {
            files = new HealthFiles(directory, warning -> logger.warn("{}", warning));
        } catch (RuntimeException e) {
            logger.error("component health is off: {}", e.getMessage());
            throw e;
        }
        writes = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "carbine-health-writer");
            t.setDaemon(true);
            return t;
        });
        engine = new HealthEngine(settings, files, writes, warning -> logger.warn("{}", warning));
        logger.info("component health active: daily indicators in {}; {}", directory, settings);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        HealthEngine current = engine;
        writes.shutdown();
        if (!writes.awaitTermination(10, TimeUnit.SECONDS)) {
            logger.warn("health: daily values still being written after 10 s; going on without them");
        }
        current.saveOpenDays();
    }

    HealthEngine engine() {
        return engine;
    }

    @Override
    public List<Finding> judge(TelemetrySample sample, SampleHistory history) {
        return engine.judge(sample);
    }

    @Override
    public List<String> printers() {
        return engine.printerIds();
    }

    @Override
    public Optional<HealthReport> report(String printerId) {
        HealthEngine e = engine;
        return e.report(printerId).map(r -> Reports.of(r, e.settings()));
    }

    /** {@code carbine:health}: every printer's indicators. */
    public String health() {
        HealthEngine e = engine;
        List<String> ids = e.printerIds();
        if (ids.isEmpty()) {
            return "no printer has health data yet";
        }
        StringBuilder out = new StringBuilder();
        for (String id : ids) {
            e.report(id).ifPresent(r -> out.append(HealthText.of(r)));
        }
        return out.toString();
    }

    /** {@code carbine:health <printer>}: one printer's indicators, with its recent daily values. */
    public String health(String printerId) {
        Optional<HealthEngine.Report> report = engine.report(printerId);
        return report.map(r -> HealthText.of(r) + HealthText.days(r))
                .orElse(String.format(Locale.ROOT, "no health data for printer '%s'", printerId));
    }
}
