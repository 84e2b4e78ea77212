package carbine.dashboard.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Route;

import carbine.api.alert.Alert;
import carbine.api.fleet.PrinterStatus;

/**
 * One printer: its status, driver, detectors and their latest findings, alerts, temperature history and component
 * health.
 */
@Route(value = "printer", layout = MainLayout.class)
public class PrinterView extends RefreshingView implements HasUrlParameter<String>, HasDynamicTitle {
    private static final long serialVersionUID = 1L;

    private final H1 title = new H1();
    private final Span unknown = new Span();
    private final Div cardHolder = new Div();
    private final Span driver = new Span();
    /** The counters of carbine.maintenance, when it runs. */
    private final Span usage = new Span();
    private final Div detectors = new Div();
    private AlertsPanel alerts;
    private final HistoryChart chart = new HistoryChart();
    private final HealthPanel health = new HealthPanel();
    private ResolvedPanel resolved;
    private String printerId = "";
    private PrinterCard card;
    private final Div body = new Div();
    private SnoozeControl snooze;

    public PrinterView() {
        addClassName("printer-view");
        add(body);
    }

    @Override
    public void setParameter(BeforeEvent event, String parameter) {
        printerId = parameter == null ? "" : parameter;
        body.removeAll();
        title.setText(printerId);
        unknown.addClassName("problem");
        card = new PrinterCard(printerId, true);
        cardHolder.removeAll();
        cardHolder.add(card);
        cardHolder.addClassName("cards");
        driver.addClassName("driver-info");
        detectors.addClassName("detectors");
        alerts = new AlertsPanel("Active alerts of this printer", a -> a.printerId().equals(printerId));
        resolved = new ResolvedPanel(a -> a.printerId().equals(printerId));
        chart.show(printerId);
        health.show(printerId);
        usage.addClassName("usage");
        snooze = new SnoozeControl(carbine.api.notify.Notifications.Target.PRINTER, printerId, this::safeRefresh);
        snooze.addClassName("printer-snooze");
        body.add(title, unknown, cardHolder, snooze, new H2("Usage"), usage, new H2("Driver"), driver, new H2("Detectors and their latest findings"), detectors,
                alerts, new H2("Temperature history"), chart, new H2("Component health"), health, resolved);
    }

    @Override
    public String getPageTitle() {
        return "Carbine — " + printerId;
    }

    @Override
    protected void refresh(Platform platform, Instant now) {
        if (alerts == null) return;
        List<Alert> open = alerts.update(platform.alerts());
        Optional<PrinterStatus> status = platform.fleet().flatMap(f -> f.printer(printerId));
        unknown.setVisible(status.isEmpty());
        unknown.setText(platform.fleet().isEmpty() ? "The poller is not running: no status for this printer."
                : "No such printer: '" + printerId + "' is not among the printers Carbine polls (now).");
        cardHolder.setVisible(status.isPresent());
        status.ifPresent(p -> card.update(p, open, now));
        List<carbine.api.notify.Notifications.Snooze> snoozes = SnoozeControl.current(platform);
        Optional<carbine.api.notify.Notifications.Snooze> own = SnoozeControl.find(snoozes,
                carbine.api.notify.Notifications.Target.PRINTER, printerId, now);
        card.snoozed(own);
        snooze.update(own, Optional.empty(), platform.notifications().isPresent());
        driver.setText(status.map(p -> (p.driver() == null ? Format.NONE : p.driver())
                + (p.driverBundle() == null ? "" : " — bundle " + p.driverBundle())
                + platform.drivers().stream().filter(d -> d.name().equals(p.driver())).findFirst()
                        .map(d -> " (" + d.state() + ")").orElse("")).orElse(Format.NONE));
        detectors.removeAll();
        List<Platform.Plugin> installed = platform.detectors();
        if (installed.isEmpty()) detectors.add(new Span("No detectors are installed."));
        for (Platform.Plugin d : installed) {
            List<Alert> findings = open.stream().filter(a -> a.printerId().equals(printerId) && a.detector().equals(d.name())).toList();
            Div row = new Div(new Span(d.name() + " (" + d.bundle() + " " + d.version() + ", " + d.state() + "): "));
            row.addClassName("detector");
            // "all clear" only about a printer that is judged: of an unknown one nothing can be said
            if (findings.isEmpty()) row.add(new Span(status.isPresent() ? "no open finding — all clear" : "no such printer"));
            for (Alert a : findings) {
                Span f = new Span(a.severity().name() + " " + a.kind() + ": " + a.message());
                f.addClassNames("finding", Health.cssClass(a.severity()));
                row.add(f);
            }
            detectors.add(row);
        }
        usage.setText(platform.maintenance().flatMap(m -> m.counters(printerId)).map(MaintenanceView::counterText)
                .orElse(platform.maintenance().isEmpty() ? "not counted (the maintenance bundle is not running)"
                        : "not counted yet"));
        chart.update(platform, now);
        health.update(platform.health());
        resolved.update(platform.alertStore(), now);
    }
}
