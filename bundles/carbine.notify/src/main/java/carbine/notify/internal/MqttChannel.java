package carbine.notify.internal;

import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;


/**
 * One MQTT channel per factory configuration of {@value #PID}; see {@link ChannelRegistration}. The raw
 * properties are read (not the typed {@link Config}) so that a malformed value is a log line, not a failed activation.
 */
@Component(configurationPid = MqttChannel.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MqttChannel.Config.class, factory = true)
public class MqttChannel {
    static final String PID = "carbine.notify.mqtt";

    @ObjectClassDefinition(name = "Carbine notifications: MQTT", description = "Publishes each notification as JSON (the webhook's body) to a topic of an MQTT broker.")
    @interface Config {
    @AttributeDefinition(name = "Broker URL", description = "tcp://host:1883, or ssl://host:8883 for TLS (the "
            + "broker's certificate and name are checked). Required.")
    String url();

    @AttributeDefinition(name = "User name", required = false, description = "Login at the broker. Empty: none.")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "Password of the login. Never logged.")
    String password() default "";

    @AttributeDefinition(name = "Topic", description = "Where each notification is published (no wildcards).")
    String topic() default MqttNotifier.DEFAULT_TOPIC;

    @AttributeDefinition(name = "QoS", options = {@Option(label = "0 (at most once)", value = "0"),
            @Option(label = "1 (at least once)", value = "1"), @Option(label = "2 (exactly once)", value = "2")},
            description = "MQTT quality of service; with 1 or 2 a message counts as delivered when the broker "
                    + "acknowledged it.")
    int qos() default MqttNotifier.DEFAULT_QOS;

    @AttributeDefinition(name = "Retain", description = "Let the broker keep the latest notification for new "
            + "subscribers.")
    boolean retain() default MqttNotifier.DEFAULT_RETAIN;

    @AttributeDefinition(name = "Lowest severity", options = {@Option(label = "INFO", value = "INFO"),
            @Option(label = "WARNING", value = "WARNING"), @Option(label = "CRITICAL", value = "CRITICAL")},
            description = "Alerts below this severity are not sent.")
    String minSeverity() default Routing.DEFAULT_MIN_SEVERITY;

    @AttributeDefinition(name = "Printers", required = false,
            description = "Only these printers' alerts: globs such as farm-* (comma-separated), or a regular "
                    + "expression written /.../. Empty: all printers.")
    String printers() default "";

    @AttributeDefinition(name = "Kinds", required = false,
            description = "Only these kinds of alert, e.g. HARD_FAILURE,THERMAL_*; or /regex/. Empty: all kinds.")
    String kinds() default "";

    @AttributeDefinition(name = "Send resolutions", description = "Also send a message when alerts resolve.")
    boolean sendResolved() default Routing.DEFAULT_SEND_RESOLVED;

    @AttributeDefinition(name = "Quiet hours", required = false,
            description = "e.g. 22:00-07:00, in the server's time zone: messages wait until the end, reminders are "
                    + "skipped. Empty: none.")
    String quietHours() default "";

    @AttributeDefinition(name = "Critical alerts bypass quiet hours")
    boolean criticalBypassesQuietHours() default Routing.DEFAULT_CRITICAL_BYPASSES;

    @AttributeDefinition(name = "Group wait (s)",
            description = "A new alert waits this long for others of the same detector and kind; together they "
                    + "become one message listing the printers.")
    long groupWaitSeconds() default Routing.DEFAULT_GROUP_WAIT_SECONDS;

    @AttributeDefinition(name = "Repeat every (s)",
            description = "Reminder period for alerts that stay active and unacknowledged; 0: no reminders.")
    long repeatSeconds() default Routing.DEFAULT_REPEAT_SECONDS;

    @AttributeDefinition(name = "Name", required = false, description = "A name for people, used in log lines.")
    String name() default "";
}

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    private ChannelRegistration registration;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        registration = ChannelRegistration.register(context, logger, "mqtt", properties, MqttNotifier::create);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.close();
        }
    }
}
