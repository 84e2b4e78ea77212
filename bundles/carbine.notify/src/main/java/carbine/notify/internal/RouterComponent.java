package carbine.notify.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import carbine.api.Carbine;
import carbine.api.alert.Alert;
import carbine.api.alert.AlertService;
import carbine.api.alert.AlertState;
import carbine.api.event.CarbineTopics;
import carbine.api.notify.Notifications;
import carbine.api.notify.Notifier;
import carbine.api.alert.Severity;
import carbine.api.detector.Detector;
import carbine.api.detector.Finding;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;
import carbine.config.Configs;
import carbine.config.Problem;
import carbine.config.Range;

/**
 * The notification router in OSGi: listens to {@code carbine/alert/*} (one-way: it never calls the alert service per
 * event), collects every {@link Notifier} service as a channel, keeps its outbox in
 * {@code <data>/notify-outbox.db} and runs {@link Router#tick()} every second.
 */
@Component(configurationPid = RouterComponent.PID, immediate = true, // pending messages go out after a restart, before any new alert
        service = {EventHandler.class, Notifications.class},
        // names this component as the source of the NOTIFY_CHANNEL_FAILING alerts (the alert service then knows it
        // is installed)
        property = Detector.ID_PROPERTY + "=" + Notifications.DETECTOR)
@Designate(ocd = RouterComponent.Config.class)
@EventTopics(CarbineTopics.ALERT_ALL)
public class RouterComponent implements EventHandler, Notifications {
    /** How often the alerts of failing channels are checked (raised if missing, resolved once the channel delivers). */
    static final long CHANNEL_ALERT_CHECK_MILLIS = 5000;
    static final String PID = "carbine.notify";

    @ObjectClassDefinition(name = "Carbine notification router",
            description = "Retries of notification channels. The channels themselves are the factory configurations "
                    + "carbine.notify.webhook, .ntfy, .discord, .slack and .telegram (and any Notifier service).")
    @interface Config {
        @AttributeDefinition(name = "First retry after (s)",
                description = "The wait after a failed delivery; doubled after each further failure.")
        @Range(min = 1)
        long retryInitialSeconds() default 10;

        @AttributeDefinition(name = "Longest retry wait (s)")
        @Range(min = 1)
        long retryMaxSeconds() default 600;

        @AttributeDefinition(name = "Failing after attempts",
                description = "A channel is reported failing (one ERROR line, event carbine/notify/FAILING) after this "
                        + "many failed attempts in a row ...")
        @Range(min = 1)
        int failingAttempts() default 5;

        @AttributeDefinition(name = "... over at least (s)")
        @Range(min = 1)
        long failingSeconds() default 300;
    }

    private final Map<Notifier, Router.Channel> channels = new HashMap<>();

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AlertService alertService;

    private Outbox outbox;
    private Router router;
    private ScheduledExecutorService timer;
    private ExecutorService delivery;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        Path file = Carbine.dataDirectory(context).resolve(Outbox.FILE_NAME);
        try {
            outbox = Outbox.open(file);
        } catch (Exception e) {
            logger.error("notifications: cannot open the outbox {} ({}); no notification is sent. Set the framework "
                    + "property {} to a writable directory", file, e.toString(), Carbine.DATA_DIR_PROPERTY);
            return;
        }
        delivery = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("carbine-notify-", 0).factory());
        router = new Router(Clock.systemDefaultZone(), outbox, delivery, policy(properties), new LogReports(),
                this::activeAlertIds);
        synchronized (channels) {
            channels.values().forEach(router::add);
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "carbine-notify-router");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        try {
            int waiting = outbox.waiting(null);
            logger.info("notifications: outbox {}{}", file, waiting == 0 ? "" : ", " + waiting + " message(s) waiting");
        } catch (Exception e) {
            logger.warn("notifications: outbox {}: {}", file, e.toString());
        }
    }

    @Modified
    void modified(Map<String, Object> properties) {
        if (router != null) {
            router.setPolicy(policy(properties));
        }
    }

    @Deactivate
    void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
            awaitQuietly(timer);
        }
        if (delivery != null) {
            delivery.shutdownNow(); // a delivery cut short stays in the outbox and goes out after the restart
            awaitQuietly(delivery);
        }
        if (outbox != null) {
            outbox.close();
        }
    }

    private static void awaitQuietly(ExecutorService executor) {
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tick() {
        try {
            router.tick();
            long now = System.currentTimeMillis();
            if (now - lastAlertCheck >= CHANNEL_ALERT_CHECK_MILLIS) {
                lastAlertCheck = now;
                checkChannelAlerts();
            }
        } catch (Throwable t) { // a scheduled task dies silently otherwise
            logger.error("notifications: router round failed: {}", t.toString());
        }
    }

    private volatile long lastAlertCheck;
    /** Channels with an open failing alert that are not bound, since when (an update takes a moment; a removal lasts). */
    private final Map<String, Long> missingSince = new java.util.concurrent.ConcurrentHashMap<>();
    static final long CHANNEL_GONE_MILLIS = 60_000;

    /**
     * Every few seconds: a failing channel without its open alert gets it (the alert service may have come later),
     * and an open one of a channel that delivers (or has nothing waiting) is reported clear until it resolves. The
     * alert service's own resolution rule applies: clear for its {@code resolveAfterSeconds}.
     */
    private void checkChannelAlerts() {
        AlertService s = alertService;
        if (s == null) {
            return;
        }
        Set<String> open = s.open().stream().filter(a -> Notifications.DETECTOR.equals(a.detector())
                && Notifications.CHANNEL_FAILING.equals(a.kind())).map(Alert::printerId).collect(Collectors.toSet());
        List<Notifications.Channel> states = router.channelStates();
        long now = System.currentTimeMillis();
        Set<String> bound = states.stream().map(Notifications.Channel::id).collect(Collectors.toSet());
        missingSince.keySet().retainAll(open);
        for (String id : open) {
            if (bound.contains(id)) {
                missingSince.remove(id);
            } else if (now - missingSince.computeIfAbsent(id, k -> now) >= CHANNEL_GONE_MILLIS) {
                reportChannel(s, id, null); // the channel was removed (or is away for long): its alert clears
            }
        }
        for (Notifications.Channel c : states) {
            if (c.failing() && !open.contains(c.id())) {
                reportChannel(s, c.id(), "notification channel " + c.name() + " keeps failing: " + c.failures()
                        + " attempts, the latest: " + c.lastError());
            } else if (open.contains(c.id()) && c.failures() == 0 && (c.delivered() > 0 || c.waiting() == 0)) {
                reportChannel(s, c.id(), null);
            }
        }
    }

    /** Raises (message) or clears (null) the channel's alert through the normal alert path. */
    private void reportChannel(AlertService s, String channelId, String message) {
        TelemetrySample sample = TelemetrySample.builder(channelId, java.time.Instant.now(), PrinterState.IDLE).build();
        List<Finding> findings = message == null ? List.of()
                : List.of(Finding.of(Notifications.CHANNEL_FAILING, Severity.WARNING, message + " (messages wait in "
                        + "the outbox; see the Notifications page)"));
        try {
            s.report(Notifications.DETECTOR, sample, findings);
        } catch (RuntimeException e) {
            logger.warn("notifications: could not report the state of channel {} to the alert service: {}", channelId,
                    e.toString());
        }
    }

    // --- Notifications ---

    private Router running() {
        Router r = router;
        if (r == null) {
            throw new IllegalStateException("notifications are not running (the outbox could not be opened; see the log)");
        }
        return r;
    }

    @Override
    public List<Notifications.Channel> channels() {
        return running().channelStates();
    }

    @Override
    public List<Delivery> deliveries(int limit) {
        try {
            return running().deliveries(Math.max(1, Math.min(limit, Outbox.DELIVERIES_KEPT)));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("the notification outbox cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Snooze> snoozes() {
        return running().snoozes();
    }

    @Override
    public Snooze snooze(Target target, String id, Duration duration, String actor) {
        Router r = running();
        if (target == Target.ALERT) {
            AlertService s = alertService;
            if (s != null && s.open().stream().noneMatch(a -> a.id().equals(id))) {
                throw new java.util.NoSuchElementException("no open alert with id " + id);
            }
        }
        try {
            return r.snooze(target, id, duration, actor);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("the snooze could not be stored: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean unsnooze(Target target, String id, String actor) {
        try {
            return running().unsnooze(target, id, actor);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("the snooze could not be removed: " + e.getMessage(), e);
        }
    }

    @Override
    public TestResult test(String channel, String actor) {
        return running().test(channel, actor);
    }

    @Override
    public void handleEvent(Event event) {
        Router r = router;
        if (r != null) {
            AlertEvents.read(event, java.time.Instant.now()).ifPresent(r::onAlertEvent);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindNotifier(Notifier notifier, Map<String, Object> properties) {
        String id = id(properties);
        Object name = properties.get(ChannelRegistration.NAME_PROPERTY);
        String label = name == null ? id : name.toString();
        List<String> problems = new ArrayList<>();
        Routing routing = Routing.from(properties, problems::add);
        problems.forEach(p -> logger.warn("notification channel {}: {}", label, p));
        Object type = properties.get(ChannelRegistration.TYPE_PROPERTY);
        Router.Channel channel = new Router.Channel(id, label, notifier, routing,
                type == null ? "other" : type.toString());
        synchronized (channels) {
            channels.put(notifier, channel);
            if (router != null) {
                router.add(channel);
            }
        }
    }

    void unbindNotifier(Notifier notifier) {
        synchronized (channels) {
            Router.Channel channel = channels.remove(notifier);
            if (channel != null && router != null
                    && channels.values().stream().noneMatch(c -> c.id().equals(channel.id()))) {
                router.remove(channel.id());
            }
        }
    }

    static String id(Map<String, Object> properties) {
        for (String key : List.of(Notifier.ID_PROPERTY, Constants.SERVICE_PID, "component.name")) {
            Object v = properties.get(key);
            if (v != null && !v.toString().isBlank()) {
                return v.toString();
            }
        }
        return "service " + properties.get(Constants.SERVICE_ID);
    }

    /** Ids of the ACTIVE alerts, asked only when reminders are due (never per event). */
    private Optional<Set<String>> activeAlertIds() {
        AlertService s = alertService;
        if (s == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(s.open().stream().filter(a -> a.state() == AlertState.ACTIVE).map(Alert::id)
                    .collect(Collectors.toSet()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private Router.RetryPolicy policy(Map<String, Object> properties) {
        return policy(properties, problem -> logger.warn("{}", problem));
    }

    static Router.RetryPolicy policy(Map<String, ?> properties, Consumer<? super Problem> problems) {
        Config c = Configs.read(Config.class, properties, problems);
        return new Router.RetryPolicy(Duration.ofSeconds(c.retryInitialSeconds()),
                Duration.ofSeconds(c.retryMaxSeconds()), c.failingAttempts(), Duration.ofSeconds(c.failingSeconds()));
    }

    private final class LogReports implements Router.Reports {
        @Override
        public void info(String message) {
            logger.info("{}", message);
        }

        @Override
        public void warn(String message) {
            logger.warn("{}", message);
        }

        @Override
        public void error(String message) {
            logger.error("{}", message);
        }

        @Override
        public void channelFailing(String channelId, String message) {
            AlertService s = alertService;
            if (s != null) {
                reportChannel(s, channelId, message);
            }
        }

        @Override
        public void event(String topic, Map<String, Object> properties) {
            EventAdmin admin = eventAdmin;
            if (admin != null) {
                admin.postEvent(new Event(topic, properties));
            }
        }
    }
}
