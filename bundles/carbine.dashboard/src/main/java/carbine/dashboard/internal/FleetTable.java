package carbine.dashboard.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.data.renderer.LitRenderer;

import carbine.api.alert.Alert;
import carbine.api.fleet.PrinterStatus;
import carbine.api.telemetry.TelemetrySample;

/**
 * The fleet as a compact table for farms: one row per printer, every column sortable, drawn lazily by Vaadin's grid
 * (only the rows in view reach the browser), so a refresh of 1,000 printers sends a few dozen rows. The rows are
 * replaced in place at each refresh: the sort order and the scroll position stay.
 */
final class FleetTable extends Grid<FleetTable.Row> {
    private static final long serialVersionUID = 1L;

    private final List<Row> rows = new ArrayList<>();
    private final ListDataProvider<Row> data = new ListDataProvider<>(rows);

    /** What a row shows; numbers kept for sorting. */
    record Row(String printerId, Health health, String state, String nozzle, Double nozzleActual, String bed,
            String heater, Double progress, String job, Instant lastSample, String lastSampleText, String driver,
            int openAlerts) {}

    FleetTable() {
        addClassName("fleet-table");
        addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        setItems(data);
        setHeight("32rem");
        // the id is text in a template binding (Lit escapes it): an id with markup stays text
        addColumn(LitRenderer.<Row>of("<a href=\"printer/${item.href}\" class=\"table-printer\">${item.id}</a>")
                .withProperty("id", Row::printerId)
                .withProperty("href", r -> java.net.URLEncoder.encode(r.printerId(), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20")))
                .setHeader("Printer").setKey("printer").setComparator(Row::printerId).setSortable(true)
                .setAutoWidth(true).setFlexGrow(1);
        addColumn(LitRenderer.<Row>of("<span class=\"badge ${item.cls}\">${item.word}</span>")
                .withProperty("cls", r -> r.health().cssClass).withProperty("word", r -> r.health().word))
                .setHeader("Status").setKey("status").setComparator(Comparator.comparing(Row::health))
                .setSortable(true).setWidth("8rem").setFlexGrow(0);
        addColumn(Row::state).setHeader("State").setKey("state").setSortable(true).setWidth("7rem").setFlexGrow(0);
        addColumn(Row::nozzle).setHeader("Nozzle").setKey("nozzle")
                .setComparator(Comparator.comparing(Row::nozzleActual, Comparator.nullsFirst(Comparator.naturalOrder())))
                .setSortable(true).setAutoWidth(true).setTextAlign(ColumnTextAlign.END);
        addColumn(Row::bed).setHeader("Bed").setKey("bed").setAutoWidth(true).setTextAlign(ColumnTextAlign.END);
        addColumn(Row::heater).setHeader("Heater").setKey("heater").setAutoWidth(true)
                .setTextAlign(ColumnTextAlign.END);
        addColumn(Row::job).setHeader("Job").setKey("job")
                .setComparator(Comparator.comparing(Row::progress, Comparator.nullsFirst(Comparator.naturalOrder())))
                .setSortable(true).setAutoWidth(true).setTextAlign(ColumnTextAlign.END);
        addColumn(Row::openAlerts).setHeader("Open alerts").setKey("alerts").setSortable(true).setAutoWidth(true)
                .setTextAlign(ColumnTextAlign.END);
        addColumn(Row::lastSampleText).setHeader("Last sample").setKey("sample")
                .setComparator(Comparator.comparing(Row::lastSample, Comparator.nullsFirst(Comparator.naturalOrder())))
                .setSortable(true).setAutoWidth(true);
        addColumn(Row::driver).setHeader("Driver").setKey("driver").setSortable(true).setAutoWidth(true);
    }

    /** Replaces the rows with these printers (already filtered), keeping the user's sort and scroll position. */
    void update(List<PrinterStatus> printers, Map<String, List<Alert>> openByPrinter, Instant now) {
        rows.clear();
        for (PrinterStatus p : printers) {
            rows.add(row(p, openByPrinter.getOrDefault(p.printerId(), List.of()), now));
        }
        data.refreshAll();
        getElement().setAttribute("data-rows", Integer.toString(rows.size()));
    }

    static Row row(PrinterStatus p, List<Alert> open, Instant now) {
        Health health = Health.of(p, open);
        TelemetrySample s = p.latest();
        boolean offline = health == Health.OFFLINE;
        Instant t = s == null ? null : s.time();
        return new Row(p.printerId(), health, offline ? "offline" : s.state().name().toLowerCase(java.util.Locale.ROOT),
                offline ? Format.NONE : Format.temp(s.nozzleActual(), s.nozzleTarget()),
                offline ? null : s.nozzleActual(),
                offline ? Format.NONE : Format.temp(s.bedActual(), s.bedTarget()),
                offline ? Format.NONE : Format.percent(s.heaterPower()),
                offline ? null : s.progress(), offline ? Format.NONE : Format.progress(s.progress()),
                t, Format.time(t) + " (" + Format.age(t, now) + ")",
                p.driver() == null ? Format.NONE : p.driver(), open.size());
    }
}
