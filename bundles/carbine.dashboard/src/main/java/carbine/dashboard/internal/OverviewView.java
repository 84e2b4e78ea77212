package carbine.dashboard.internal;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import carbine.api.alert.Alert;
import carbine.api.fleet.Fleet;
import carbine.api.fleet.PrinterStatus;

/** The start page: active alerts, the fleet, one printer's temperature history, resolved alerts. */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Carbine — fleet")
public class OverviewView extends RefreshingView {
    private static final long serialVersionUID = 1L;

    private final AlertsPanel alerts = new AlertsPanel("Active alerts", a -> true);
    private final Span fleetStatus = new Span();
    private final Div cards = new Div();
    private final Keyed<PrinterStatus, PrinterCard> cardList = new Keyed<>(cards, p -> new PrinterCard(p.printerId()), (c, p) -> {});
    private final Select<String> printer = new Select<>();
    private final HistoryChart chart = new HistoryChart();
    private final ResolvedPanel resolved = new ResolvedPanel(a -> true);
    private List<String> printerIds = List.of();

    public OverviewView() {
        addClassName("overview");
        fleetStatus.addClassName("fleet-status");
        cards.addClassName("cards");
        Div fleet = new Div(new H2("Fleet"), fleetStatus, cards);
        fleet.addClassName("fleet");
        printer.setLabel("Printer");
        printer.addClassName("history-printer");
        printer.addValueChangeListener(e -> {
            if (e.getValue() != null) {
                chart.show(e.getValue());
                chart.update(Platform.current(), Instant.now());
            }
        });
        Div history = new Div(new H2("Temperature history"), printer, chart);
        history.addClassName("history-section");
        add(alerts, fleet, history, resolved);
    }

    @Override
    protected void refresh(Platform platform, Instant now) {
        List<Alert> open = alerts.update(platform.alerts());
        Optional<Fleet> fleet = platform.fleet();
        List<PrinterStatus> printers = fleet.map(Fleet::printers).orElse(List.of()).stream()
                .sorted(Comparator.comparing(PrinterStatus::printerId)).toList();
        cardList.sync(printers, PrinterStatus::printerId);
        List<carbine.api.notify.Notifications.Snooze> snoozes = SnoozeControl.current(platform);
        cards.getChildren().forEach(c -> {
            PrinterCard card = (PrinterCard) c;
            String id = card.getElement().getAttribute("data-printer");
            printers.stream().filter(p -> p.printerId().equals(id)).findFirst().ifPresent(p -> card.update(p, open, now));
            card.snoozed(SnoozeControl.find(snoozes, carbine.api.notify.Notifications.Target.PRINTER, id, now));
        });
        fleetStatus.setText(fleet.isEmpty() ? "The poller is not running: no printer status is available."
                : printers.isEmpty() ? "No printers are configured." : printers.size() + " printer(s)");
        List<String> ids = printers.stream().map(PrinterStatus::printerId).toList();
        if (!ids.equals(printerIds)) {
            printerIds = ids;
            String selected = printer.getValue();
            printer.setItems(ids);
            if (!ids.isEmpty()) printer.setValue(selected != null && ids.contains(selected) ? selected : ids.get(0));
        }
        if (printer.getValue() != null) chart.show(printer.getValue());
        chart.update(platform, now);
        resolved.update(platform.alertStore(), now);
    }
}
