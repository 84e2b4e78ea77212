package org.example.carbine.cusum;

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
 * The detector as an OSGi service, {@code carbine.detector.id=cusum}. Thin glue: the logic is in
 * {@link CusumEngine}, which the tests drive without OSGi.
 */
@Component(name = CusumDetector.PID, configurationPid = CusumDetector.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = Detector.class,
        property = Detector.ID_PROPERTY + "=" + CusumDetector.ID)
@Designate(ocd = Config.class)
public class CusumDetector implements Detector {
    static final String PID = "org.example.carbine.cusum";
    static final String ID = "cusum";

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    private final CusumEngine engine = new CusumEngine(CusumParameters.DEFAULTS);

    // the raw map rather than the typed Config: a malformed value becomes a warning and its default
    @Activate
    void activate(Map<String, Object> properties) {
        configure(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        configure(properties);
    }

    private void configure(Map<String, Object> properties) {
        CusumParameters parameters = CusumParameters.from(properties, problem -> logger.warn("{}", problem));
        engine.setParameters(parameters);
        logger.info("CUSUM detector active with {}", parameters);
    }

    @Override
    public List<Finding> judge(TelemetrySample sample, SampleHistory history) {
        return engine.judge(sample);
    }
}
