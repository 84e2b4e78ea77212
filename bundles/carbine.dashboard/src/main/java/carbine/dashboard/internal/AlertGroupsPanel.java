package carbine.dashboard.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.server.VaadinRequest;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertService;
import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;
import carbine.api.notify.Notifications;

/**
 * The overview's open alerts, grouped by (detector, kind): a farm-wide failure is one line, "THERMAL_RUNAWAY on 48
 * printers", newest group first, with <b>Acknowledge all</b> and <b>Snooze all</b> for the group and the printers
 * inside (each alert with its own Acknowledge and Snooze, as on a printer's page). Small groups are open, big ones
 * closed until asked; an open group lists at most {@link #MAX_ROWS} alerts (the filter narrows it).
 */
final class AlertGroupsPanel extends Div {
    private static final long serialVersionUID = 1L;
    /** Groups of up to this many alerts are open by default. */
    static final int OPEN_UP_TO = 3;
    static final int MAX_ROWS = 100;

    private final Span status = new Span();
    private final Div groups = new Div();
    private final Keyed<Group, GroupBox> boxes = new Keyed<>(groups, g -> new GroupBox(g.key()), (box, g) -> box.update(g));
    /** Groups the user opened or closed, against their default. */
    private final Set<String> toggled = new HashSet<>();
    private List<Notifications.Snooze> snoozes = List.of();
    private boolean notifyRuns;
    private final Runnable afterAction;

    /** @param afterAction redraws the page after an acknowledgement or a snooze */
    AlertGroupsPanel(Runnable afterAction) {
        this.afterAction = afterAction;
        addClassName("alerts");
        addClassName("alert-groups-panel");
        status.addClassName("alerts-status");
        groups.addClassName("alert-groups");
        add(new H2("Active alerts"), status, groups);
    }

    /** The alerts of one (detector, kind), newest first. */
    record Group(String key, String detector, String kind, List<Alert> alerts) {
        Severity worst() {
            return alerts.stream().map(Alert::severity).max(Comparator.naturalOrder()).orElse(Severity.INFO);
        }

        Instant newest() {
            return alerts.get(0).lastSeen();
        }

        long printers() {
            return alerts.stream().map(Alert::printerId).distinct().count();
        }
    }

    /** Groups by (detector, kind), each newest alert first; the group with the newest alert first. */
    static List<Group> group(List<Alert> alerts) {
        Map<String, List<Alert>> byKey = new LinkedHashMap<>();
        alerts.stream().sorted(Comparator.comparing(Alert::lastSeen).reversed())
                .forEach(a -> byKey.computeIfAbsent(a.detector() + "/" + a.kind(), k -> new ArrayList<>()).add(a));
        return byKey.entrySet().stream()
                .map(e -> new Group(e.getKey(), e.getValue().get(0).detector(), e.getValue().get(0).kind(),
                        List.copyOf(e.getValue())))
                .toList();
    }

    /**
     * @param open  every open alert (for the counts)
     * @param shown those the filter lets through
     */
    void update(Optional<AlertService> service, List<Alert> open, List<Alert> shown, boolean filtered) {
        Platform platform = Platform.current();
        notifyRuns = platform.notifications().isPresent();
        snoozes = SnoozeControl.current(platform);
        if (service.isEmpty()) {
            setStatus("unavailable", "The alert service is not running: no alerts can be shown.");
            boxes.sync(List.of(), Group::key);
            return;
        }
        List<Group> g = group(shown);
        boxes.sync(g, Group::key);
        if (open.isEmpty()) {
            setStatus("ok", "OK — all normal: no open alerts.");
        } else {
            long critical = shown.stream().filter(a -> a.severity() == Severity.CRITICAL).count();
            setStatus(critical > 0 ? "critical" : shown.isEmpty() ? "ok" : "warning", shown.size()
                    + " open alert(s)" + (critical > 0 ? ", " + critical + " CRITICAL" : "") + " in " + g.size()
                    + " group(s)" + (filtered ? " (filtered: " + open.size() + " open in all)" : ""));
        }
    }

    private void setStatus(String cls, String text) {
        status.setClassName("alerts-status " + cls);
        status.setText(text);
    }

    /** One group: its head (what, how many, actions) and, when open, its alerts. */
    final class GroupBox extends Div {
        private static final long serialVersionUID = 1L;
        private final String key;
        private final Span badge = new Span();
        private final Span what = new Span();
        private final Span when = new Span();
        private final Button toggle = new Button();
        private final Button ackAll = new Button();
        private final Select<String> length = new Select<>();
        private final Button snoozeAll = new Button("Snooze all");
        private final Span more = new Span();
        private final Div list = new Div();
        private final Keyed<Alert, AlertsPanel.AlertRow> rows;
        private Group group;

        GroupBox(String key) {
            this.key = key;
            addClassName("alert-group");
            getElement().setAttribute("data-group", key);
            badge.addClassName("badge");
            what.addClassName("group-what");
            when.addClassName("when");
            toggle.addClassName("group-toggle");
            toggle.addClickListener(e -> {
                if (!toggled.remove(key)) toggled.add(key);
                update(group);
            });
            ackAll.addClassName("ack-all");
            ackAll.addClickListener(e -> acknowledgeAll());
            length.setItems(List.copyOf(SnoozeControl.LENGTHS.keySet()));
            length.setValue("1 h");
            length.setAriaLabel("Snooze the group for");
            length.addClassName("snooze-length");
            snoozeAll.addClassName("snooze-all");
            snoozeAll.addClickListener(e -> snoozeAll());
            more.addClassName("more");
            list.addClassName("alert-list");
            rows = new Keyed<>(list, a -> new AlertsPanel.AlertRow(a.id(), id -> {
                AlertsPanel.acknowledgeOne(id);
                afterAction.run();
            }, afterAction), (row, a) -> row.update(a, snoozes, notifyRuns));
            Div head = new Div(badge, what, when, toggle, ackAll, length, snoozeAll);
            head.addClassName("group-head");
            add(head, list, more);
        }

        boolean open() {
            boolean byDefault = group.alerts().size() <= OPEN_UP_TO;
            return byDefault != toggled.contains(key);
        }

        void update(Group g) {
            group = g;
            Severity worst = g.worst();
            setClassName("alert-group " + Health.cssClass(worst));
            getElement().setAttribute("data-size", Integer.toString(g.alerts().size()));
            getElement().setAttribute("data-severity", worst.name());
            badge.setText(worst.name());
            long printers = g.printers();
            what.setText(g.kind() + " on " + printers + " printer" + (printers == 1 ? "" : "s") + " · " + g.detector());
            when.setText("newest " + Format.dayTime(g.newest()));
            boolean open = open();
            getElement().setAttribute("data-open", Boolean.toString(open));
            toggle.setText(open ? "Hide printers" : "Show " + g.alerts().size() + " alert(s)");
            long active = g.alerts().stream().filter(a -> a.state() == AlertState.ACTIVE).count();
            boolean operate = Access.mayOperate();
            ackAll.setText("Acknowledge all (" + active + ")");
            ackAll.setVisible(operate && active > 0 && g.alerts().size() > 1);
            length.setVisible(operate && notifyRuns && g.alerts().size() > 1);
            snoozeAll.setVisible(operate && notifyRuns && g.alerts().size() > 1);
            toggle.setVisible(g.alerts().size() > OPEN_UP_TO || toggled.contains(key));
            List<Alert> listed = open ? g.alerts().subList(0, Math.min(MAX_ROWS, g.alerts().size())) : List.of();
            rows.sync(listed, Alert::id);
            list.setVisible(open);
            int hidden = open ? g.alerts().size() - listed.size() : 0;
            more.setVisible(hidden > 0);
            more.setText("… and " + hidden + " more: filter by printer to see them.");
        }

        private void acknowledgeAll() {
            if (!Access.checkOperate("Acknowledging")) return;
            Optional<AlertService> service = Platform.current().alerts();
            if (service.isEmpty()) {
                Notification.show("The alert service is not running: nothing was acknowledged.");
                return;
            }
            String actor = AlertsPanel.actor(VaadinRequest.getCurrent());
            int done = 0;
            try {
                for (Alert a : group.alerts()) {
                    if (a.state() == AlertState.ACTIVE && service.get().acknowledge(a.id(), actor).isPresent()) done++;
                }
            } catch (RuntimeException | LinkageError e) {
                Notification.show("Could not acknowledge every alert: " + e.getMessage());
            }
            Notification.show("Acknowledged " + done + " " + group.kind() + " alert(s).");
            afterAction.run();
        }

        private void snoozeAll() {
            if (!Access.checkOperate("Snoozing")) return;
            Optional<Notifications> n = Platform.current().notifications();
            if (n.isEmpty()) {
                Notification.show("Notifications (carbine.notify) are not running: nothing was snoozed.");
                return;
            }
            Duration d = SnoozeControl.LENGTHS.getOrDefault(length.getValue(), Duration.ofHours(1));
            String actor = AlertsPanel.actor(VaadinRequest.getCurrent());
            int done = 0;
            try {
                for (Alert a : group.alerts()) {
                    n.get().snooze(Notifications.Target.ALERT, a.id(), d, actor);
                    done++;
                }
            } catch (RuntimeException | LinkageError e) {
                Notification.show("Could not snooze every alert: " + e.getMessage());
            }
            Notification.show("Notifications of " + done + " " + group.kind() + " alert(s) snoozed for "
                    + length.getValue() + ".");
            afterAction.run();
        }
    }
}
