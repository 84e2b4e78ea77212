package carbine.dashboard.internal;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertService;
import carbine.api.fleet.Fleet;
import carbine.api.fleet.PrinterStatus;

/**
 * The start page, readable from one printer to a farm: counts by printer state and alert severity (each a filter,
 * with a printer id and an alert kind filter), the open alerts grouped by (detector, kind), the fleet as cards or,
 * beyond {@link #CARDS_UP_TO} printers, as a sortable table, one printer's temperature history, resolved alerts.
 */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Carbine — fleet")
public class OverviewView extends RefreshingView {
    private static final long serialVersionUID = 1L;
    /** Up to this many printers the fleet shows as cards by default, beyond as a table. */
    static final int CARDS_UP_TO = 48;
    private static final String CARDS = "Cards", TABLE = "Table";

    private final FleetCounts counts = new FleetCounts(f -> safeRefresh());
    private final AlertGroupsPanel alerts = new AlertGroupsPanel(this::safeRefresh);
    private final Span fleetStatus = new Span();
    private final Select<String> layout = new Select<>();
    private final Div cards = new Div();
    private final Keyed<PrinterStatus, PrinterCard> cardList = new Keyed<>(cards, p -> new PrinterCard(p.printerId()), (c, p) -> {});
    private final FleetTable table = new FleetTable();
    private final Select<String> printer = new Select<>();
    private final HistoryChart chart = new HistoryChart();
    private final ResolvedPanel resolved = new ResolvedPanel(a -> true);
    private List<String> printerIds = List.of();
    /** Cards or Table as the user chose, or null: by the fleet's size. */
    private String chosenLayout;

    public OverviewView() {
        addClassName("overview");
        fleetStatus.addClassName("fleet-status");
        cards.addClassName("cards");
        layout.setItems(CARDS, TABLE);
        layout.setAriaLabel("Show the fleet as");
        layout.addClassName("fleet-layout");
        layout.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                chosenLayout = e.getValue();
                safeRefresh();
            }
        });
        Div fleetHead = new Div(new H2("Fleet"), fleetStatus, layout);
        fleetHead.addClassName("fleet-head");
        Div fleet = new Div(fleetHead, cards, table);
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
        add(counts, alerts, fleet, history, resolved);
    }

    @Override
    protected void refresh(Platform platform, Instant now) {
        Optional<AlertService> service = platform.alerts();
        List<Alert> open = service.map(s -> s.open().stream().filter(Alert::isOpen).toList()).orElse(List.of());
        Optional<Fleet> fleet = platform.fleet();
        List<PrinterStatus> printers = fleet.map(Fleet::printers).orElse(List.of()).stream()
                .sorted(Comparator.comparing(PrinterStatus::printerId)).toList();
        Map<String, List<Alert>> openByPrinter = open.stream().collect(Collectors.groupingBy(Alert::printerId));
        Map<String, PrinterStatus> byId = printers.stream()
                .collect(Collectors.toMap(PrinterStatus::printerId, p -> p, (a, b) -> a));
        counts.update(printers, open);
        FleetFilter filter = counts.filter();
        alerts.update(service, open, open.stream().filter(a -> filter.shows(a, byId)).toList(), !filter.isEmpty());
        List<PrinterStatus> shown = printers.stream().filter(p -> filter.shows(p, openByPrinter)).toList();

        String current = chosenLayout != null ? chosenLayout : printers.size() > CARDS_UP_TO ? TABLE : CARDS;
        if (!current.equals(layout.getValue())) layout.setValue(current);
        boolean asTable = current.equals(TABLE);
        cards.setVisible(!asTable);
        table.setVisible(asTable);
        List<carbine.api.notify.Notifications.Snooze> snoozes = SnoozeControl.current(platform);
        if (asTable) {
            cardList.sync(List.of(), PrinterStatus::printerId); // no cards kept in the page behind the table
            table.update(shown, openByPrinter, now);
        } else {
            cardList.sync(shown, PrinterStatus::printerId);
            table.update(List.of(), openByPrinter, now);
            cards.getChildren().forEach(c -> {
                PrinterCard card = (PrinterCard) c;
                String id = card.getElement().getAttribute("data-printer");
                PrinterStatus p = byId.get(id);
                if (p != null) card.update(p, openByPrinter.getOrDefault(id, List.of()), now);
                card.snoozed(SnoozeControl.find(snoozes, carbine.api.notify.Notifications.Target.PRINTER, id, now));
            });
        }
        fleetStatus.setText(fleet.isEmpty() ? "The poller is not running: no printer status is available."
                : printers.isEmpty() ? "No printers are configured."
                : filter.isEmpty() ? printers.size() + " printer(s)"
                : "showing " + shown.size() + " of " + printers.size() + " printer(s)");
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
