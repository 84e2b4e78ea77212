package carbine.rest.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import carbine.api.Carbine;
import carbine.api.alert.Alert;
import carbine.api.alert.AlertService;
import carbine.api.alert.AlertState;
import carbine.api.notify.Notifications;
import carbine.api.store.AlertStore;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/v1/alerts} (open, or {@code ?state=resolved&since=}) and
 * {@code POST /api/v1/alerts/{id}/ack}, {@code POST /api/v1/alerts/{id}/snooze?for=2h}. Every request has passed carbine.console's guard (host, cross-site,
 * login) before it gets here.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("carbine.rest.alerts")
@HttpWhiteboardServletPattern({AlertsServlet.PATH, AlertsServlet.PATH + "/*"})
public class AlertsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/api/v1/alerts";
    /** How far before {@code since} resolved alerts are looked for by their last-seen time (see README). */
    static final java.time.Duration RESOLVE_LOOKBACK = java.time.Duration.ofDays(1);

    @Reference
    private transient AlertService alerts;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient AlertStore store;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getPathInfo() != null && !request.getPathInfo().equals("/")) {
            Answers.error(response, HttpServletResponse.SC_NOT_FOUND, "no Carbine API at this path");
            return;
        }
        try {
            Params.AlertFilter filter = Params.state(request.getParameter("state"));
            int limit = Params.limit(request.getParameter("limit"));
            if (filter == Params.AlertFilter.OPEN) {
                List<Alert> open = alerts.open();
                Answers.json(response, 200, RestJson.alerts("open", open.subList(0, Math.min(limit, open.size())),
                        acknowledgedBy(store)));
                return;
            }
            Instant now = Instant.now();
            String sinceText = request.getParameter("since");
            Instant since = sinceText == null ? now.minus(Params.DEFAULT_WINDOW) : Params.instant("since", sinceText);
            AlertStore s = store;
            if (s == null) {
                Answers.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                        "the alert store is not running: resolved alerts cannot be listed");
                return;
            }
            Answers.json(response, 200, RestJson.alerts("resolved", resolved(s, since, now, limit), acknowledgedBy(s)));
        } catch (BadParameter e) {
            Answers.bad(response, e);
        }
    }

    /**
     * Alerts resolved at or after {@code since}, newest first. The store selects by last-seen time, so alerts
     * last seen up to {@link #RESOLVE_LOOKBACK} before {@code since} are looked at too.
     */
    static List<Alert> resolved(AlertStore store, Instant since, Instant now, int limit) {
        return store.alerts(since.minus(RESOLVE_LOOKBACK), now.plus(1, ChronoUnit.MINUTES), Params.MAX_LIMIT * 10)
                .stream()
                .filter(a -> a.state() == AlertState.RESOLVED && a.resolvedAt() != null && !a.resolvedAt().isBefore(since))
                .limit(limit)
                .toList();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient Notifications notifications;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String snoozed = snoozeId(request.getPathInfo());
        if (snoozed != null) {
            if (NotifyServlet.mayOperate(request, response, "snoozing")) {
                Notifications n = notifications;
                if (n == null) {
                    Answers.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                            "notifications (carbine.notify) are not running: nothing to snooze");
                    return;
                }
                NotifyServlet.snooze(n, response, Notifications.Target.ALERT, snoozed, request.getParameter("for"),
                        NotifyServlet.actor(request));
            }
            return;
        }
        String id = ackId(request.getPathInfo());
        if (id == null) {
            Answers.error(response, HttpServletResponse.SC_NOT_FOUND,
                    "no Carbine API at this path; acknowledge with POST /api/v1/alerts/{id}/ack");
            return;
        }
        if (!request.isUserInRole(Carbine.ROLE_OPERATOR)) {
            Answers.error(response, HttpServletResponse.SC_FORBIDDEN, "acknowledging needs an operator's or admin's "
                    + "login; " + (request.getRemoteUser() == null ? "this request has none"
                            : "'" + request.getRemoteUser() + "' may only view"));
            return;
        }
        String actor = actor(request.getRemoteUser(), request.getRemoteAddr());
        Optional<Alert> acked = alerts.acknowledge(id, actor);
        if (acked.isEmpty()) {
            Answers.error(response, HttpServletResponse.SC_NOT_FOUND, "no open alert with id " + id);
            return;
        }
        // the actor just given: the store records it on its own time (an alert acknowledged before is not
        // acknowledged again, so a repeated ack answers who did it first)
        Answers.json(response, 200, RestJson.alert(acked.get(), recorded(store, id).or(() -> Optional.of(actor))));
    }

    /** Who acknowledged an alert, as the alert store records it; nothing without a store or when it fails. */
    static Function<String, Optional<String>> acknowledgedBy(AlertStore store) {
        return id -> recorded(store, id);
    }

    private static Optional<String> recorded(AlertStore store, String id) {
        if (store == null) {
            return Optional.empty();
        }
        try {
            return store.acknowledgedBy(id);
        } catch (RuntimeException e) {
            return Optional.empty(); // the actor is a detail: the alerts are listed all the same
        }
    }

    /** {@code /{id}/snooze} → id; null for anything else. */
    static String snoozeId(String pathInfo) {
        if (pathInfo == null || !pathInfo.endsWith("/snooze")) {
            return null;
        }
        return Params.segment(pathInfo.substring(0, pathInfo.length() - "/snooze".length()));
    }

    /** {@code /{id}/ack} → id; null for anything else. */
    static String ackId(String pathInfo) {
        if (pathInfo == null || !pathInfo.endsWith("/ack")) {
            return null;
        }
        return Params.segment(pathInfo.substring(0, pathInfo.length() - "/ack".length()));
    }

    /** Who acknowledged, for alerts.log: {@code admin from 192.168.1.20 (api)}, as the dashboard writes it. */
    static String actor(String user, String address) {
        return (user == null ? "anonymous" : user) + " from " + address + " (api)";
    }
}
