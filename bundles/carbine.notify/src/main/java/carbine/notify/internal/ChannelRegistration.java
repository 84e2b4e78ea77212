package carbine.notify.internal;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.log.Logger;

import carbine.api.notify.Notifier;

/**
 * What the built-in channel components share: validate a factory configuration (routing and the channel's own
 * properties), log what is wrong by property name (never a secret's value), and register the channel as a
 * {@link Notifier} service by hand, with its routing as service properties and no secret among them (DS would
 * publish every configuration property, tokens included).
 */
final class ChannelRegistration implements AutoCloseable {
    /** Service property: the channel's type, e.g. {@code webhook}. */
    static final String TYPE_PROPERTY = "carbine.notifier.type";
    /** Service property: the channel's name for people. */
    static final String NAME_PROPERTY = "carbine.notifier.name";

    interface Factory {
        /** The notifier, or null after adding to {@code errors}. */
        Notifier create(Map<String, ?> properties, List<String> errors);
    }

    private final ServiceRegistration<Notifier> registration;
    private final Notifier notifier;

    private ChannelRegistration(ServiceRegistration<Notifier> registration, Notifier notifier) {
        this.registration = registration;
        this.notifier = notifier;
    }

    static ChannelRegistration register(BundleContext context, Logger logger, String type,
            Map<String, Object> properties, Factory factory) {
        String pid = String.valueOf(properties.get(Constants.SERVICE_PID));
        String name = Props.text(properties, "name");
        String label = type + " '" + (name.isEmpty() ? pid : name) + "'";
        List<String> warnings = new ArrayList<>();
        Routing routing = Routing.from(properties, warnings::add);
        warnings.forEach(w -> logger.warn("notification channel {}: {}", label, w));
        List<String> errors = new ArrayList<>();
        Notifier notifier = factory.create(properties, errors);
        if (notifier == null || !errors.isEmpty()) {
            errors.forEach(e -> logger.error("notification channel {}: {}; the channel is not started", label, e));
            return new ChannelRegistration(null, null);
        }
        Hashtable<String, Object> service = new Hashtable<>(routing.serviceProperties());
        service.put(Notifier.ID_PROPERTY, pid);
        service.put(TYPE_PROPERTY, type);
        service.put(NAME_PROPERTY, label);
        ServiceRegistration<Notifier> registration = context.registerService(Notifier.class, notifier, service);
        logger.info("notification channel {}: {}; {}", label, notifier, describe(routing));
        return new ChannelRegistration(registration, notifier);
    }

    static String describe(Routing r) {
        return "from " + r.minSeverity() + (r.printers().isEmpty() ? "" : ", printers " + r.printers())
                + (r.kinds().isEmpty() ? "" : ", kinds " + r.kinds()) + (r.sendResolved() ? ", resolutions too" : "")
                + (r.quietHours().toString().isEmpty() ? "" : ", quiet " + r.quietHours()
                        + (r.criticalBypassesQuietHours() ? " except CRITICAL" : ""))
                + ", group wait " + r.groupWait().toSeconds() + " s"
                + (r.repeat().isZero() ? ", no reminders" : ", reminders every " + r.repeat().toSeconds() + " s");
    }

    @Override
    public void close() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters a stopping bundle's services itself
            }
        }
        if (notifier instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // closing an HTTP client: nothing to report
            }
        }
    }
}
