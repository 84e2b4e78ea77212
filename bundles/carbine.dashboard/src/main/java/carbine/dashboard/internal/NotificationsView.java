package carbine.dashboard.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;

import carbine.api.notify.Notifications;

/**
 * Notifications (bundle carbine.notify): every channel with its state (ok, retrying or failing with the reason,
 * snoozed), Send test with the channel's answer, the snoozes in force, and the latest deliveries.
 */
@Route(value = "notifications", layout = MainLayout.class)
@PageTitle("Carbine — notifications")
public class NotificationsView extends RefreshingView {
    private static final long serialVersionUID = 1L;
    static final int DELIVERIES_SHOWN = 50;

    private final Span status = new Span();
    private final Div channelList = new Div();
    private List<Notifications.Snooze> currentSnoozes = List.of();
    private final Keyed<Notifications.Channel, ChannelRow> channelRows = new Keyed<>(channelList,
            c -> new ChannelRow(c.id(), this::safeRefresh), (row, c) -> row.update(c, currentSnoozes));
    private final Div snoozeList = new Div();
    private final Div deliveries = new Div();
    private String deliverySignature = "";
    private String snoozeSignature = "";

    public NotificationsView() {
        addClassName("notifications-view");
        status.addClassName("notify-status");
        channelList.addClassName("channel-list");
        snoozeList.addClassName("snooze-list");
        deliveries.addClassName("deliveries");
        add(new H1("Notifications"), status, new H2("Channels"), channelList, new H2("Snoozed"), snoozeList,
                new H2("Latest deliveries"), deliveries);
    }

    @Override
    protected void refresh(Platform platform, Instant now) {
        Optional<Notifications> service = platform.notifications();
        if (service.isEmpty()) {
            status.setText("Notifications (bundle carbine.notify) are not running: no channels, nothing is sent.");
            status.setClassName("notify-status problem");
            channelRows.sync(List.of(), Notifications.Channel::id);
            return;
        }
        Notifications n = service.get();
        List<Notifications.Channel> channels = n.channels();
        List<Notifications.Snooze> snoozes = n.snoozes();
        currentSnoozes = snoozes;
        channelRows.sync(channels, Notifications.Channel::id);
        long failing = channels.stream().filter(Notifications.Channel::failing).count();
        status.setText(channels.isEmpty() ? "No notification channel is configured (see carbine.notify's README: "
                + "conf/carbine.notify.webhook-<name>.cfg and the others)."
                : channels.size() + " channel(s)" + (failing > 0 ? ", " + failing + " failing" : ", all delivering"));
        status.setClassName("notify-status " + (failing > 0 ? "warning" : "ok"));

        String sig = snoozes.toString();
        if (!sig.equals(snoozeSignature)) {
            snoozeSignature = sig;
            snoozeList.removeAll();
            if (snoozes.isEmpty()) snoozeList.add(new Span("Nothing is snoozed."));
            for (Notifications.Snooze z : snoozes) {
                Div row = new Div(new Span(z.target().name().toLowerCase(Locale.ROOT) + " " + label(z, channels)
                        + ": snoozed until " + Format.shortTime(z.until()) + " by " + z.actor()));
                row.addClassName("snooze-row");
                row.getElement().setAttribute("data-target", z.target().name());
                row.getElement().setAttribute("data-id", z.id());
                if (Access.mayOperate()) {
                    Button lift = new Button("Unsnooze", e -> {
                        if (!Access.checkOperate("Unsnoozing")) return;
                        n.unsnooze(z.target(), z.id(), AlertsPanel.actor(VaadinRequest.getCurrent()));
                        safeRefresh();
                    });
                    lift.addClassName("unsnooze-button");
                    row.add(lift);
                }
                snoozeList.add(row);
            }
        }

        List<Notifications.Delivery> latest = n.deliveries(DELIVERIES_SHOWN);
        String dsig = latest.toString();
        if (!dsig.equals(deliverySignature)) {
            deliverySignature = dsig;
            deliveries.removeAll();
            if (latest.isEmpty()) deliveries.add(new Span("Nothing has been sent yet."));
            for (Notifications.Delivery d : latest) {
                Span badge = new Span(d.status().name() + (d.test() ? " (test)" : ""));
                badge.addClassNames("badge", switch (d.status()) {
                    case DELIVERED -> "ok";
                    case FAILED -> "critical";
                    case WAITING -> "warning";
                });
                Div row = new Div(new Span(Format.dayTime(d.time())), badge, new Span(channelName(d.channel(), channels)),
                        new Span(d.title()), new Span(d.attempts() + " attempt(s)"));
                if (d.error() != null) {
                    Span error = new Span(d.error());
                    error.addClassName("delivery-error");
                    row.add(error);
                }
                row.addClassName("delivery");
                row.getElement().setAttribute("data-status", d.status().name());
                row.getElement().setAttribute("data-channel", d.channel());
                deliveries.add(row);
            }
        }
    }

    private static String label(Notifications.Snooze z, List<Notifications.Channel> channels) {
        return z.target() == Notifications.Target.CHANNEL ? channelName(z.id(), channels) : z.id();
    }

    private static String channelName(String id, List<Notifications.Channel> channels) {
        return channels.stream().filter(c -> c.id().equals(id)).map(Notifications.Channel::name).findFirst().orElse(id);
    }

    /** The words of a channel's state. */
    static String state(Notifications.Channel c) {
        if (c.failing()) return "failing: " + c.lastError();
        if (c.failures() > 0) return "retrying after " + c.failures() + " failed attempt(s): " + c.lastError();
        return "ok";
    }

    /** One channel: name, type, state, counts, snooze, Send test and its answer. */
    static final class ChannelRow extends Div {
        private static final long serialVersionUID = 1L;
        private final String id;
        private final Span name = new Span();
        private final Span type = new Span();
        private final Span state = new Span();
        private final Span counts = new Span();
        private final SnoozeControl snooze;
        private final Button test = new Button("Send test");
        private final Span answer = new Span();

        ChannelRow(String id, Runnable afterChange) {
            this.id = id;
            addClassName("channel");
            getElement().setAttribute("data-channel", id);
            name.addClassName("channel-name");
            type.addClassName("channel-type");
            state.addClassName("channel-state");
            counts.addClassName("channel-counts");
            test.addClassName("send-test");
            answer.addClassName("test-answer");
            answer.setVisible(false);
            snooze = new SnoozeControl(Notifications.Target.CHANNEL, id, afterChange);
            test.addClickListener(e -> sendTest());
            Div head = new Div(name, type, state);
            head.addClassName("channel-head");
            add(head, counts, snooze, test, answer);
        }

        void update(Notifications.Channel c, List<Notifications.Snooze> snoozes) {
            name.setText(c.name());
            type.setText(c.type());
            state.setText(state(c));
            state.setClassName("channel-state badge " + (c.failing() ? "critical" : c.failures() > 0 ? "warning" : "ok"));
            getElement().setAttribute("data-state", c.failing() ? "failing" : c.failures() > 0 ? "retrying" : "ok");
            counts.setText(c.waiting() + " waiting · " + c.delivered() + " delivered · " + c.failed()
                    + " failed attempts since start");
            snooze.update(SnoozeControl.find(snoozes, Notifications.Target.CHANNEL, c.id(), Instant.now()),
                    Optional.empty(), true);
            test.setVisible(Access.mayOperate());
        }

        private void sendTest() {
            if (!Access.checkOperate("Sending a test message")) return;
            Optional<Notifications> n = Platform.current().notifications();
            if (n.isEmpty()) {
                Notification.show("Notifications (carbine.notify) are not running.");
                return;
            }
            try {
                Notifications.TestResult r = n.get().test(id, AlertsPanel.actor(VaadinRequest.getCurrent()));
                answer.setText((r.delivered() ? "Delivered: " : "Not delivered: ") + r.answer());
                answer.setClassName("test-answer " + (r.delivered() ? "ok" : "critical"));
                answer.getElement().setAttribute("data-delivered", Boolean.toString(r.delivered()));
            } catch (NoSuchElementException | IllegalStateException e) {
                answer.setText("Not sent: " + e.getMessage());
                answer.setClassName("test-answer critical");
                answer.getElement().setAttribute("data-delivered", "false");
            }
            answer.setVisible(true);
        }
    }
}
