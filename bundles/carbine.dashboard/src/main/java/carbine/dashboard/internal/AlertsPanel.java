package carbine.dashboard.internal;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.server.VaadinRequest;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertService;
import carbine.api.alert.AlertState;

/** Open alerts, newest first, each with its severity in words and colour; acknowledge from here. */
final class AlertsPanel extends Div {
    private static final long serialVersionUID = 1L;

    private final Span status = new Span();
    private final Div list = new Div();
    /** The snoozes of this refresh, and whether notifications run at all. */
    private List<carbine.api.notify.Notifications.Snooze> snoozes = List.of();
    private boolean notifyRuns;
    private final Keyed<Alert, AlertRow> rows = new Keyed<>(list, a -> new AlertRow(a.id(), this::acknowledge,
            () -> update(Platform.current().alerts())), (row, a) -> row.update(a, snoozes, notifyRuns));
    private final Predicate<Alert> filter;

    AlertsPanel(String title, Predicate<Alert> filter) {
        this.filter = filter;
        addClassName("alerts");
        status.addClassName("alerts-status");
        list.addClassName("alert-list");
        add(new H2(title), status, list);
    }

    /** @return the open alerts shown (for the callers' own use), empty when there is no alert service */
    List<Alert> update(Optional<AlertService> service) {
        if (service.isEmpty()) {
            setStatus("unavailable", "The alert service is not running: no alerts can be shown.");
            rows.sync(List.of(), Alert::id);
            return List.of();
        }
        List<Alert> open = service.get().open().stream().filter(Alert::isOpen).toList();
        Platform platform = Platform.current();
        notifyRuns = platform.notifications().isPresent();
        snoozes = SnoozeControl.current(platform);
        List<Alert> shown = open.stream().filter(filter)
                .sorted(Comparator.comparing(Alert::lastSeen).reversed()).toList();
        rows.sync(shown, Alert::id);
        if (shown.isEmpty()) {
            setStatus("ok", "OK — all normal: no open alerts.");
        } else {
            long critical = shown.stream().filter(a -> a.severity() == carbine.api.alert.Severity.CRITICAL).count();
            setStatus(critical > 0 ? "critical" : "warning", shown.size() + " open alert(s)"
                    + (critical > 0 ? ", " + critical + " CRITICAL" : ""));
        }
        return open;
    }

    private void setStatus(String cls, String text) {
        status.setClassName("alerts-status " + cls);
        status.setText(text);
    }

    private void acknowledge(String alertId) {
        acknowledgeOne(alertId);
        update(Platform.current().alerts());
    }

    /** Acknowledges one alert for the user of this request; what went wrong is shown on the page. */
    static void acknowledgeOne(String alertId) {
        if (!Access.checkOperate("Acknowledging")) {
            return;
        }
        Optional<AlertService> service = Platform.current().alerts();
        if (service.isEmpty()) {
            Notification.show("The alert service is not running: the alert was not acknowledged.");
            return;
        }
        try {
            if (service.get().acknowledge(alertId, actor(VaadinRequest.getCurrent())).isEmpty()) {
                Notification.show("That alert is no longer open.");
            }
        } catch (RuntimeException | LinkageError e) {
            Notification.show("Could not acknowledge: " + e.getMessage());
        }
    }

    /** Who clicked, for alerts.log: the logged-in user (when a login is required) and the client's address. */
    static String actor(VaadinRequest request) {
        if (request == null) {
            return "dashboard";
        }
        String user = request.getRemoteUser();
        return (user == null ? "anonymous" : user) + " from " + request.getRemoteAddr() + " (dashboard)";
    }

    /** One alert. */
    static final class AlertRow extends Div {
        private static final long serialVersionUID = 1L;
        private final Span severity = new Span();
        private final Span what = new Span();
        private final Span message = new Span();
        private final Span when = new Span();
        private final Span state = new Span();
        private final Span acknowledgedBy = new Span();
        /** Who acknowledged, once the alert store has it (it does not change while the alert is open). */
        private Optional<String> actor = Optional.empty();
        private final Button ack = new Button("Acknowledge");
        private final SnoozeControl snooze;

        AlertRow(String id, java.util.function.Consumer<String> onAck, Runnable afterSnooze) {
            snooze = new SnoozeControl(carbine.api.notify.Notifications.Target.ALERT, id, afterSnooze);
            addClassName("alert");
            getElement().setAttribute("data-alert", id);
            severity.addClassName("badge");
            what.addClassName("what");
            message.addClassName("message");
            when.addClassName("when");
            state.addClassName("alert-state");
            acknowledgedBy.addClassName("acknowledged-by");
            acknowledgedBy.setVisible(false);
            ack.addClassName("ack");
            ack.addClickListener(e -> onAck.accept(id));
            Div head = new Div(severity, what, state);
            head.addClassName("alert-head");
            add(head, message, when, acknowledgedBy, ack, snooze);
        }

        void update(Alert a, List<carbine.api.notify.Notifications.Snooze> snoozes, boolean notifyRuns) {
            Instant now = Instant.now();
            snooze.update(SnoozeControl.find(snoozes, carbine.api.notify.Notifications.Target.ALERT, a.id(), now),
                    SnoozeControl.find(snoozes, carbine.api.notify.Notifications.Target.PRINTER, a.printerId(), now),
                    notifyRuns);
            setClassName("alert " + Health.cssClass(a.severity()));
            getElement().setAttribute("data-severity", a.severity().name());
            getElement().setAttribute("data-state", a.state().name());
            severity.setText(a.severity().name());
            what.setText(a.printerId() + " · " + a.detector() + " · " + a.kind());
            message.setText(a.message());
            when.setText("first " + Format.dayTime(a.firstSeen()) + ", last " + Format.dayTime(a.lastSeen())
                    + ", " + a.count() + "×");
            state.setText(a.state() == AlertState.ACKNOWLEDGED ? "acknowledged" : "active");
            if (a.state() == AlertState.ACKNOWLEDGED && actor.isEmpty()) {
                actor = acknowledgedBy(Platform.current().alertStore(), a.id());
            }
            acknowledgedBy.setText(acknowledgedByText(actor));
            acknowledgedBy.setVisible(a.state() == AlertState.ACKNOWLEDGED && actor.isPresent());
            // a viewer sees no button (and the action checks again)
            ack.setVisible(a.state() == AlertState.ACTIVE && Access.mayOperate());
        }
    }

    /** Who acknowledged the alert, as the alert store records it; empty without a store, or when it fails. */
    static Optional<String> acknowledgedBy(Optional<carbine.api.store.AlertStore> store, String alertId) {
        try {
            return store.flatMap(s -> s.acknowledgedBy(alertId));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty(); // a detail: the alert is shown all the same
        }
    }

    /** {@code acknowledged by otto from 192.168.1.20 (dashboard)}; empty when nobody is known. */
    static String acknowledgedByText(Optional<String> actor) {
        return actor.map(who -> "acknowledged by " + who).orElse("");
    }

    static Instant since(Instant now) {
        return now.minusSeconds(24 * 3600);
    }
}
