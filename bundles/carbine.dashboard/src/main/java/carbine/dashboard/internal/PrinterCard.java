package carbine.dashboard.internal;

import java.time.Instant;
import java.util.List;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.RouterLink;

import carbine.api.alert.Alert;
import carbine.api.fleet.PrinterStatus;
import carbine.api.telemetry.TelemetrySample;

/** One printer in the fleet overview. Offline printers show that, and no readings (they would be stale). */
final class PrinterCard extends Div {
    private static final long serialVersionUID = 1L;

    private final Span badge = new Span();
    private final Span state = new Span();
    private final Div readings = new Div();
    private final Span offlineNote = new Span();
    private final Span nozzle = value("nozzle");
    private final Span bed = value("bed");
    private final Span heater = value("heater");
    private final Span fan = value("fan");
    private final Span filament = value("filament");
    private final Span progress = value("progress");
    private final Span sampleTime = value("sample-time");
    private final Span driver = value("driver");
    private final Span lastError = new Span();
    private final Span snoozed = new Span();
    /** Only on the printer's own page: the overview's cards stay small. */
    private final SampleDetails details;

    /** A card of the fleet overview. */
    PrinterCard(String printerId) {
        this(printerId, false);
    }

    /** @param details with what the printer reports beyond the overview's readings (its own page) */
    PrinterCard(String printerId, boolean details) {
        addClassName("printer-card");
        getElement().setAttribute("data-printer", printerId);
        RouterLink name = new RouterLink(printerId, PrinterView.class, printerId);
        name.addClassName("printer-name");
        badge.addClassName("badge");
        state.addClassName("state");
        Div head = new Div(name, badge, state);
        head.addClassName("card-head");
        readings.addClassName("readings");
        readings.add(row("Nozzle", nozzle), row("Bed", bed), row("Heater", heater), row("Fan", fan),
                row("Filament", filament), row("Job", progress));
        offlineNote.addClassName("offline-note");
        lastError.addClassName("last-error");
        snoozed.addClassName("snoozed-until");
        snoozed.setVisible(false);
        add(head, snoozed, readings, offlineNote, lastError, row("Last sample", sampleTime), row("Driver", driver));
        this.details = details ? new SampleDetails() : null;
        if (this.details != null) {
            addComponentAtIndex(3, this.details);
        }
    }

    private static Span value(String cls) {
        Span s = new Span();
        s.addClassNames("value", cls);
        return s;
    }

    private static Div row(String label, Span value) {
        Span l = new Span(label);
        l.addClassName("label");
        Div row = new Div(l, value);
        row.addClassName("row");
        return row;
    }

    /** "notifications snoozed until HH:mm", or nothing. */
    void snoozed(java.util.Optional<carbine.api.notify.Notifications.Snooze> snooze) {
        snoozed.setVisible(snooze.isPresent());
        snooze.ifPresent(z -> snoozed.setText("notifications snoozed until " + Format.shortTime(z.until())));
    }

    void update(PrinterStatus p, List<Alert> openAlerts, Instant now) {
        Health health = Health.of(p, openAlerts);
        for (Health h : Health.values()) removeClassName(h.cssClass);
        addClassName(health.cssClass);
        badge.setText(health.word);
        TelemetrySample s = p.latest();
        boolean offline = health == Health.OFFLINE;
        state.setText(offline ? "offline" : s.state().name().toLowerCase());
        readings.setVisible(!offline);
        offlineNote.setVisible(offline);
        if (offline) {
            offlineNote.setText("No current readings" + (p.consecutiveFailures() > 0
                    ? " (" + p.consecutiveFailures() + " failed polls)" : "") + ".");
        } else {
            nozzle.setText(Format.temp(s.nozzleActual(), s.nozzleTarget()));
            bed.setText(Format.temp(s.bedActual(), s.bedTarget()));
            heater.setText(Format.percent(s.heaterPower()));
            fan.setText(Format.fan(s.fanSpeed(), s.fanRpm()));
            filament.setText(Format.filament(s.filamentDetected(), s.filamentMoving()));
            progress.setText(Format.progress(s.progress()));
        }
        if (details != null) {
            details.update(offline ? null : s);
        }
        String error = s != null && s.error() != null ? s.error() : offline ? p.lastError() : null;
        lastError.setText(error == null ? "" : error);
        lastError.setVisible(error != null);
        Instant t = s == null ? null : s.time();
        sampleTime.setText(Format.time(t) + " (" + Format.age(t, now) + ")");
        driver.setText(p.driver() == null ? Format.NONE : p.driver());
    }
}
