package carbine.dashboard.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.OptionalParameter;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.VaadinRequest;

import carbine.api.maintenance.LogEntry;
import carbine.api.maintenance.Maintenance;
import carbine.api.maintenance.TaskStatus;
import carbine.api.maintenance.UsageCounters;

/**
 * Maintenance (bundle carbine.maintenance): what is due across the farm, overdue first, each with Mark done; and
 * at {@code maintenance/<printer>} one printer's counters, tasks and log.
 */
@Route(value = "maintenance", layout = MainLayout.class)
public class MaintenanceView extends RefreshingView implements HasUrlParameter<String>, HasDynamicTitle {
    private static final long serialVersionUID = 1L;

    private final H1 title = new H1("Maintenance");
    private final Span status = new Span();
    private final TextField note = new TextField("Note for Mark done (optional)");
    private final Div dueList = new Div();
    private final Keyed<TaskStatus, TaskRow> dueRows = new Keyed<>(dueList, t -> new TaskRow(t, true, this::markDone),
            TaskRow::update);
    private final Div printerSection = new Div();
    private final Div counters = new Div();
    private final Div taskList = new Div();
    private final Keyed<TaskStatus, TaskRow> taskRows = new Keyed<>(taskList, t -> new TaskRow(t, false, this::markDone),
            TaskRow::update);
    private final Div log = new Div();
    private final Div printers = new Div();
    private String printerId;
    private List<String> printerIds;
    private static final int MAX_PRINTER_LINKS = 500;
    private static final int MAX_DUE_ROWS = 200;

    public MaintenanceView() {
        addClassName("maintenance-view");
        status.addClassName("maintenance-status");
        dueList.addClassName("due-list");
        counters.addClassName("counters");
        taskList.addClassName("task-list");
        log.addClassName("maintenance-log");
        printers.addClassName("maintenance-printers");
        note.addClassName("done-note");
        note.setMaxLength(500);
        printerSection.add(new H2("Counters"), counters, new H2("Tasks"), taskList, new H2("Log"), log);
        add(title, status, note, new H2("Due across the farm"), dueList, printerSection, new H2("Printers"), printers);
    }

    @Override
    public void setParameter(BeforeEvent event, @OptionalParameter String parameter) {
        printerId = parameter == null || parameter.isBlank() ? null : parameter;
        title.setText(printerId == null ? "Maintenance" : "Maintenance — " + printerId);
    }

    @Override
    public String getPageTitle() {
        return "Carbine — maintenance" + (printerId == null ? "" : " — " + printerId);
    }

    @Override
    protected void refresh(Platform platform, Instant now) {
        Optional<Maintenance> service = platform.maintenance();
        if (service.isEmpty()) {
            status.setText("The maintenance bundle (carbine.maintenance) is not running: no counters or tasks.");
            status.setClassName("maintenance-status problem");
            dueRows.sync(List.of(), TaskRow::key);
            printerSection.setVisible(false);
            return;
        }
        Maintenance m = service.get();
        List<TaskStatus> due = m.due();
        // the most urgent first; a whole farm due at once is counted in the status, not drawn row by row
        dueRows.sync(due.subList(0, Math.min(due.size(), MAX_DUE_ROWS)), TaskRow::key);
        long overdue = due.stream().filter(t -> t.due() == TaskStatus.Due.OVERDUE).count();
        status.setText(due.isEmpty() ? "Nothing is due." : overdue + " overdue, " + (due.size() - overdue) + " due soon"
                + (due.size() > MAX_DUE_ROWS ? " (the " + MAX_DUE_ROWS + " most urgent listed)" : ""));
        status.setClassName("maintenance-status " + (overdue > 0 ? "warning" : due.isEmpty() ? "ok" : "info"));

        List<String> ids = m.counters().stream().map(UsageCounters::printerId).toList();
        if (!ids.equals(printerIds)) {
            printerIds = ids;
            printers.removeAll();
            // a farm of thousands: the first ones as links, the others by URL (maintenance/<id>)
            for (String id : ids.subList(0, Math.min(ids.size(), MAX_PRINTER_LINKS))) {
                RouterLink link = new RouterLink(id, MaintenanceView.class, id);
                link.addClassName("maintenance-printer");
                printers.add(link);
            }
            if (ids.size() > MAX_PRINTER_LINKS) {
                printers.add(new Span("… and " + (ids.size() - MAX_PRINTER_LINKS) + " more: open maintenance/<printer id>"));
            }
            if (ids.isEmpty()) printers.add(new Span("No printer has been counted yet."));
        }

        printerSection.setVisible(printerId != null);
        if (printerId == null) return;
        Optional<UsageCounters> c = m.counters(printerId);
        counters.removeAll();
        counters.add(new Span(c.map(MaintenanceView::counterText)
                .orElse("No sample of '" + printerId + "' has been counted.")));
        taskRows.sync(m.tasks(printerId), TaskRow::key);
        if (taskRows.isEmpty()) taskList.getElement().setAttribute("data-empty", "true");
        log.removeAll();
        List<LogEntry> entries = m.log(printerId, 50);
        if (entries.isEmpty()) log.add(new Span("Nothing done yet."));
        for (LogEntry e : entries) {
            Div line = new Div(new Span(Format.dayTime(e.at()) + " " + e.task() + " by " + e.actor() + " after "
                    + amount(e.used()) + " " + e.unit().replace('_', ' ') + (e.note().isEmpty() ? "" : ": " + e.note())));
            line.addClassName("log-line");
            log.add(line);
        }
    }

    /** One line of counters, as on the printer page. */
    static String counterText(UsageCounters c) {
        return String.format(Locale.ROOT, "printing %.1f h · hotend %.1f h · bed %.1f h · fan %.1f h · %d heat cycles · "
                + "%d jobs finished, %d failed · filament %s · counted since %s", c.printingHours(), c.hotendHours(),
                c.bedHours(), c.fanHours(), c.heatCycles(), c.jobsFinished(), c.jobsFailed(),
                c.filamentMeters() == null ? "not reported" : amount(c.filamentMeters()) + " m", Format.dayTime(c.since()));
    }

    /** 312.4, 3, 0.025: one decimal from 10 up, three below, no trailing zeros. */
    static String amount(double v) {
        String s = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.3f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    private void markDone(TaskStatus t) {
        if (!Access.checkOperate("Marking maintenance done")) {
            return;
        }
        Optional<Maintenance> service = Platform.current().maintenance();
        if (service.isEmpty()) {
            Notification.show("The maintenance bundle is not running: nothing was marked done.");
            return;
        }
        try {
            service.get().markDone(t.printerId(), t.task(), actor(VaadinRequest.getCurrent()), note.getValue());
            note.clear();
            Notification.show(t.task() + " on " + t.printerId() + " marked done.");
        } catch (RuntimeException | LinkageError e) {
            Notification.show("Not marked done: " + e.getMessage());
        }
        safeRefresh();
    }

    /** Who clicked: as for acknowledging an alert. */
    static String actor(VaadinRequest request) {
        return AlertsPanel.actor(request);
    }

    /** One task of one printer, with its Mark done button. */
    static final class TaskRow extends Div {
        private static final long serialVersionUID = 1L;
        private final Span due = new Span();
        private final Span what = new Span();
        private final Span used = new Span();
        private final Span last = new Span();
        private final Button done = new Button("Mark done");
        private TaskStatus task;

        TaskRow(TaskStatus initial, boolean withPrinter, java.util.function.Consumer<TaskStatus> onDone) {
            addClassName("task");
            getElement().setAttribute("data-printer", initial.printerId());
            getElement().setAttribute("data-task", initial.task());
            due.addClassName("badge");
            what.addClassName("what");
            used.addClassName("used");
            last.addClassName("last-done");
            done.addClassName("mark-done");
            done.addClickListener(e -> onDone.accept(task));
            if (withPrinter) {
                RouterLink printer = new RouterLink(initial.printerId(), MaintenanceView.class, initial.printerId());
                printer.addClassName("task-printer");
                add(printer);
            }
            add(due, what, used, last, done);
        }

        static String key(TaskStatus t) {
            return t.printerId() + "\u0000" + t.task();
        }

        void update(TaskStatus t) {
            task = t;
            String cls = switch (t.due()) {
                case OVERDUE -> "warning";
                case DUE_SOON -> "info";
                case OK -> "ok";
            };
            setClassName("task " + cls);
            getElement().setAttribute("data-due", t.due().name());
            due.setText(switch (t.due()) {
                case OVERDUE -> "OVERDUE";
                case DUE_SOON -> "DUE SOON";
                case OK -> "OK";
            });
            what.setText(t.task());
            used.setText(amount(t.used()) + " of " + amount(t.every()) + " " + t.unit().replace('_', ' '));
            last.setText(t.lastDone() == null ? "never done" : "last done " + Format.dayTime(t.lastDone()));
        }
    }
}
