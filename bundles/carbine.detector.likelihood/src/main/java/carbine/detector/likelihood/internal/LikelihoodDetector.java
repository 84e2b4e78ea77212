package carbine.detector.likelihood.internal;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import carbine.api.detector.Detector;
import carbine.api.detector.Finding;
import carbine.api.detector.SampleHistory;
import carbine.api.telemetry.TelemetrySample;

/**
 * The likelihood detector as a service, {@code carbine.detector.id=likelihood}; active only with a configuration
 * (PID {@value #PID}), so printers are not judged by it unless someone asks. Thin glue: the logic is in
 * {@link LikelihoodEngine}, which the tests drive without OSGi.
 */
@Component(name = LikelihoodDetector.PID, configurationPid = LikelihoodDetector.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = Detector.class,
        property = Detector.ID_PROPERTY + "=" + LikelihoodDetector.ID)
@Designate(ocd = Config.class)
public class LikelihoodDetector implements Detector {
    static final String PID = "carbine.detector.likelihood";
    static final String ID = "likelihood";

    private final Logger logger;
    private volatile LikelihoodEngine engine;

    // the raw map rather than the typed Config: a malformed value becomes a warning and its default
    @Activate
    public LikelihoodDetector(@Reference(service = LoggerFactory.class) Logger logger,
            Map<String, Object> properties) {
        this.logger = logger;
        engine = new LikelihoodEngine(read(properties));
        logger.info("likelihood detector active with {}", engine.settings());
    }

    /** New settings start every printer's model afresh (its windows' sizes may have changed). */
    @Modified
    void modified(Map<String, Object> properties) {
        engine = new LikelihoodEngine(read(properties));
        logger.info("likelihood detector reconfigured: {}", engine.settings());
    }

    @Override
    public List<Finding> judge(TelemetrySample sample, SampleHistory history) {
        return engine.judge(sample);
    }

    private Settings read(Map<String, Object> properties) {
        return Settings.from(properties, problem -> logger.warn("{}", problem));
    }
}
