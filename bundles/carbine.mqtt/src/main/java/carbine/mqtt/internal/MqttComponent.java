package carbine.mqtt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import carbine.api.alert.AlertService;
import carbine.api.event.CarbineTopics;
import carbine.api.fleet.Fleet;

/**
 * The MQTT bridge to Home Assistant while the configuration {@value #PID} exists (none: nothing is published). It
 * reads the {@link Fleet} and listens to the alert events; it never calls into the poller. The alert service, when
 * present, is asked once for the alerts already open when the bridge starts (afterwards the events tell).
 */
@Component(configurationPid = MqttComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = Config.class)
public class MqttComponent {
    static final String PID = "carbine.mqtt";

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference
    private Fleet fleet;

    private final OpenAlerts openAlerts = new OpenAlerts();
    private Bridge bridge;
    private ServiceRegistration<EventHandler> events;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAlertService(AlertService alerts) {
        try {
            openAlerts.seed(alerts.open());
        } catch (RuntimeException e) {
            logger.warn("MQTT: cannot read the open alerts ({}); the alert events will tell", e.toString());
        }
    }

    void unbindAlertService(AlertService alerts) {
        // the events go on telling
    }

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        List<String> errors = new ArrayList<>();
        Settings settings = Settings.read(properties, errors,
                warning -> logger.warn("configuration {}: {}", PID, warning));
        if (settings == null) {
            for (String error : errors) {
                logger.error("configuration {}: {}; nothing is published to MQTT", PID, error);
            }
            return;
        }
        // registered by hand with its topic alone: a DS service would carry every configuration property, the
        // password included, for anyone to read in the service registry (and the Web Console's Services page)
        events = context.registerService(EventHandler.class, openAlerts::apply,
                FrameworkUtil.asDictionary(Map.of(EventConstants.EVENT_TOPIC, CarbineTopics.ALERT_ALL)));
        Discovery discovery = new Discovery(settings.topicPrefix(), settings.discoveryPrefix(),
                context.getBundle().getVersion().toString());
        bridge = new Bridge(settings, discovery, fleet::printers, openAlerts, new Bridge.Log() {
            @Override
            public void info(String line) {
                logger.info(line);
            }

            @Override
            public void warn(String line) {
                logger.warn(line);
            }

            @Override
            public void error(String line) {
                logger.error(line);
            }
        }, null);
        bridge.start();
    }

    @Deactivate
    void deactivate() {
        if (events != null) {
            events.unregister();
            events = null;
        }
        if (bridge != null) {
            bridge.close();
            bridge = null;
        }
    }
}
