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
 * One e-mail channel per factory configuration of {@value #PID}; see {@link ChannelRegistration}. The raw
 * properties are read (not the typed {@link Config}) so that a malformed value is a log line, not a failed activation.
 */
@Component(configurationPid = EmailChannel.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = EmailChannel.Config.class, factory = true)
public class EmailChannel {
    static final String PID = "carbine.notify.email";

    @ObjectClassDefinition(name = "Carbine notifications: e-mail", description = "Sends each notification as a plain-text e-mail through an SMTP server (STARTTLS or TLS, with a login).")
    @interface Config {
    @AttributeDefinition(name = "SMTP server", description = "Host name of the mail server (your provider's "
            + "submission server, or a relay). Required.")
    String host();

    @AttributeDefinition(name = "Port", required = false, description = "587 for STARTTLS; set 465 for security tls "
            + "(a configuration file without a port gets 465 with tls, 587 otherwise).")
    int port() default EmailNotifier.SUBMISSION_PORT;

    @AttributeDefinition(name = "Security", options = {@Option(label = "STARTTLS (required)", value = "starttls"),
            @Option(label = "TLS from the start (port 465)", value = "tls"),
            @Option(label = "none (only to localhost)", value = "none")},
            description = "starttls: the server must offer STARTTLS, or nothing is sent; tls: implicit TLS; none: "
                    + "plain SMTP, only to a server on this machine. The server's certificate and name are checked.")
    String security() default EmailNotifier.DEFAULT_SECURITY;

    @AttributeDefinition(name = "User name", required = false, description = "Login at the server. Empty: no login.")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "Password of the login (or an app password). Never logged.")
    String password() default "";

    @AttributeDefinition(name = "From", description = "The sender's address, e.g. Carbine <carbine@example.org>. "
            + "Required.")
    String from();

    @AttributeDefinition(name = "To", description = "One or more addresses, comma-separated. Required.")
    String to();

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
        registration = ChannelRegistration.register(context, logger, "email", properties, EmailNotifier::create);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.close();
        }
    }
}
