package carbine.dashboard.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.server.VaadinRequest;

import carbine.api.notify.Notifications;

/**
 * "Snoozed until HH:mm" for everyone, and for operators a length and Snooze / Unsnooze: holds the notifications of
 * an alert, a printer or a channel (bundle carbine.notify) for that long.
 */
final class SnoozeControl extends Div {
    private static final long serialVersionUID = 1L;
    static final Map<String, Duration> LENGTHS = new LinkedHashMap<>();
    static {
        LENGTHS.put("15 min", Duration.ofMinutes(15));
        LENGTHS.put("1 h", Duration.ofHours(1));
        LENGTHS.put("4 h", Duration.ofHours(4));
        LENGTHS.put("8 h", Duration.ofHours(8));
        LENGTHS.put("24 h", Duration.ofHours(24));
        LENGTHS.put("7 days", Duration.ofDays(7));
    }

    private final Notifications.Target target;
    private final String id;
    private final Span until = new Span();
    private final Select<String> length = new Select<>();
    private final Button snooze = new Button("Snooze");
    private final Button wake = new Button("Unsnooze");
    private final Runnable afterChange;

    SnoozeControl(Notifications.Target target, String id, Runnable afterChange) {
        this.target = target;
        this.id = id;
        this.afterChange = afterChange;
        addClassName("snooze");
        until.addClassName("snoozed-until");
        length.setItems(List.copyOf(LENGTHS.keySet()));
        length.setValue("1 h");
        length.addClassName("snooze-length");
        length.setAriaLabel("Snooze for");
        snooze.addClassName("snooze-button");
        wake.addClassName("unsnooze-button");
        snooze.addClickListener(e -> snooze());
        wake.addClickListener(e -> wake());
        add(until, length, snooze, wake);
    }

    /**
     * @param own     this target's snooze, if any
     * @param implied a snooze that holds it too (an alert's printer), if any
     */
    void update(Optional<Notifications.Snooze> own, Optional<Notifications.Snooze> implied, boolean available) {
        Optional<Notifications.Snooze> shown = own.isPresent() ? own : implied;
        until.setVisible(shown.isPresent());
        shown.ifPresent(z -> until.setText("snoozed until " + Format.shortTime(z.until())
                + (own.isEmpty() ? " (its printer)" : "") + " by " + z.actor()));
        getElement().setAttribute("data-snoozed", own.isPresent() ? own.get().until().toString() : "");
        boolean act = available && Access.mayOperate();
        length.setVisible(act && own.isEmpty());
        snooze.setVisible(act && own.isEmpty());
        wake.setVisible(act && own.isPresent());
        setVisible(shown.isPresent() || act);
    }

    private void snooze() {
        if (!Access.checkOperate("Snoozing")) {
            return;
        }
        Optional<Notifications> n = Platform.current().notifications();
        if (n.isEmpty()) {
            Notification.show("Notifications (carbine.notify) are not running: nothing was snoozed.");
            return;
        }
        try {
            Notifications.Snooze z = n.get().snooze(target, id,
                    LENGTHS.getOrDefault(length.getValue(), Duration.ofHours(1)), AlertsPanel.actor(VaadinRequest.getCurrent()));
            Notification.show("Notifications of " + what() + " snoozed until " + Format.shortTime(z.until()) + ".");
        } catch (NoSuchElementException | IllegalArgumentException | IllegalStateException e) {
            Notification.show("Not snoozed: " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            Notification.show("Could not snooze: " + e);
        }
        afterChange.run();
    }

    private void wake() {
        if (!Access.checkOperate("Unsnoozing")) {
            return;
        }
        try {
            Platform.current().notifications().ifPresent(
                    n -> n.unsnooze(target, id, AlertsPanel.actor(VaadinRequest.getCurrent())));
        } catch (RuntimeException | LinkageError e) {
            Notification.show("Could not unsnooze: " + e.getMessage());
        }
        afterChange.run();
    }

    private String what() {
        return switch (target) {
            case ALERT -> "the alert";
            case PRINTER -> "printer " + id;
            case CHANNEL -> "the channel";
        };
    }

    /** The snoozes in force, empty when notifications are not running or cannot say. */
    static List<Notifications.Snooze> current(Platform platform) {
        try {
            return platform.notifications().map(Notifications::snoozes).orElse(List.of());
        } catch (IllegalStateException e) {
            return List.of();
        }
    }

    static Optional<Notifications.Snooze> find(List<Notifications.Snooze> snoozes, Notifications.Target target,
            String id, Instant now) {
        return snoozes.stream().filter(z -> z.target() == target && z.id().equals(id) && z.until().isAfter(now))
                .findFirst();
    }
}
