package carbine.detector.rules.internal;

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

/** The rule detector as a service: {@code carbine.detector.id=rules}. All logic is in {@link RuleEngine}. */
@Component(name = RulesDetector.PID, configurationPid = RulesDetector.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = Detector.class,
        property = Detector.ID_PROPERTY + "=" + RulesDetector.ID)
@Designate(ocd = Config.class)
public class RulesDetector implements Detector {
    static final String PID = "carbine.detector.rules";
    static final String ID = "rules";

    private final Logger logger;
    private final RuleEngine engine = new RuleEngine(Thresholds.DEFAULTS);

    // the raw map, read against Config by carbine.config's Configs: a malformed value is a log line, not a failure
    @Activate
    public RulesDetector(@Reference(service = LoggerFactory.class) Logger logger, Map<String, Object> properties) {
        this.logger = logger;
        configure(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        configure(properties);
    }

    private void configure(Map<String, Object> properties) {
        Thresholds thresholds = Thresholds.from(properties, problem -> logger.warn("{}", problem));
        engine.setThresholds(thresholds);
        logger.info("rule detector active with {}", thresholds);
    }

    @Override
    public List<Finding> judge(TelemetrySample sample, SampleHistory history) {
        return engine.judge(sample, history == null ? List::of : history);
    }
}
