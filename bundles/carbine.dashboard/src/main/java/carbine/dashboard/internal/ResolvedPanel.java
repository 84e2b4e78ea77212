package carbine.dashboard.internal;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertState;
import carbine.api.store.AlertStore;

/** Alerts resolved in the last 24 hours, from the alert store. */
final class ResolvedPanel extends Div {
    private static final long serialVersionUID = 1L;
    private static final int SHOWN = 20;

    private final Span status = new Span();
    private final Div list = new Div();
    private final Predicate<Alert> filter;
    private String shownSignature = "";
    private Instant lastRead = Instant.EPOCH;

    ResolvedPanel(Predicate<Alert> filter) {
        this.filter = filter;
        addClassName("resolved");
        list.addClassName("resolved-list");
        add(new H2("Resolved alerts (24 h)"), status, list);
    }

    void update(Optional<AlertStore> store, Instant now) {
        if (store.isEmpty()) {
            status.setText("The alert store is not running: no alert history.");
            list.removeAll();
            shownSignature = "";
            return;
        }
        if (now.isBefore(lastRead.plusSeconds(10))) return; // history changes slowly; spare the database
        lastRead = now;
        List<Alert> resolved = store.get().alerts(now.minusSeconds(24 * 3600), now, 500).stream()
                .filter(a -> a.state() == AlertState.RESOLVED).filter(filter)
                .sorted(Comparator.comparing((Alert a) -> a.resolvedAt() == null ? a.lastSeen() : a.resolvedAt()).reversed())
                .limit(SHOWN).toList();
        String signature = resolved.stream().map(a -> a.id() + a.resolvedAt()).reduce("", String::concat);
        status.setText(resolved.isEmpty() ? "None." : "");
        if (signature.equals(shownSignature)) return;
        shownSignature = signature;
        list.removeAll();
        for (Alert a : resolved) {
            Span sev = new Span(a.severity().name());
            sev.addClassName("badge");
            String by = AlertsPanel.acknowledgedByText(AlertsPanel.acknowledgedBy(store, a.id()));
            Div row = new Div(sev, new Span(" " + a.printerId() + " · " + a.detector() + " · " + a.kind() + " — "
                    + a.message() + " (" + Format.dayTime(a.firstSeen()) + " → "
                    + Format.dayTime(a.resolvedAt()) + ", " + a.count() + "×" + (by.isEmpty() ? "" : "; " + by) + ")"));
            row.addClassNames("resolved-alert", Health.cssClass(a.severity()));
            list.add(row);
        }
    }
}
