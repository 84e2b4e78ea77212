package carbine.rest.internal;

import java.io.IOException;
import java.util.Locale;
import java.util.NoSuchElementException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import carbine.api.Carbine;
import carbine.api.notify.Notifications;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Notifications (issue 11): {@code GET /api/v1/notify/channels}, {@code GET /api/v1/notify/deliveries},
 * {@code GET /api/v1/notify/snoozes}; for operators {@code POST /api/v1/notify/snoozes?target=&id=&for=},
 * {@code DELETE /api/v1/notify/snoozes/{target}/{id}} and {@code POST /api/v1/notify/channels/{id}/test}.
 * Registered only while carbine.notify runs (otherwise carbine.console's {@code /api/*} answers 404).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("carbine.rest.notify")
@HttpWhiteboardServletPattern({NotifyServlet.PATH, NotifyServlet.PATH + "/*"})
public class NotifyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/api/v1/notify";

    @Reference
    private transient Notifications notifications;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            switch (path) {
                case "/channels" -> Answers.json(response, 200, NotifyJson.channels(notifications.channels()));
                case "/snoozes" -> Answers.json(response, 200, NotifyJson.snoozes(notifications.snoozes()));
                case "/deliveries" -> Answers.json(response, 200, NotifyJson.deliveries(
                        notifications.deliveries(Params.limit(request.getParameter("limit")))));
                default -> Answers.error(response, HttpServletResponse.SC_NOT_FOUND, "no Carbine API at this path; "
                        + "GET /api/v1/notify/channels, /api/v1/notify/deliveries or /api/v1/notify/snoozes");
            }
        } catch (BadParameter e) {
            Answers.bad(response, e);
        } catch (IllegalStateException e) {
            Answers.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.getMessage());
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (path.equals("/snoozes")) {
            if (mayOperate(request, response, "snoozing")) {
                try {
                    Notifications.Target target = target(request.getParameter("target"));
                    String id = request.getParameter("id");
                    if (id == null || id.isBlank()) {
                        throw new BadParameter("id", "id is missing: the alert's, printer's or channel's id");
                    }
                    snooze(notifications, response, target, id.trim(), request.getParameter("for"), actor(request));
                } catch (BadParameter e) {
                    Answers.bad(response, e);
                }
            }
            return;
        }
        if (path.startsWith("/channels/") && path.endsWith("/test")) {
            String id = Params.segment(path.substring("/channels".length(), path.length() - "/test".length()));
            if (id != null && mayOperate(request, response, "sending a test message")) {
                try {
                    Answers.json(response, 200, NotifyJson.test(id, notifications.test(id, actor(request))));
                } catch (NoSuchElementException e) {
                    Answers.error(response, HttpServletResponse.SC_NOT_FOUND, e.getMessage());
                } catch (IllegalStateException e) {
                    Answers.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.getMessage());
                }
                return;
            }
            if (id != null) {
                return;
            }
        }
        Answers.error(response, HttpServletResponse.SC_NOT_FOUND, "no Carbine API at this path; POST "
                + "/api/v1/notify/snoozes?target=alert|printer|channel&id=...&for=2h or /api/v1/notify/channels/{id}/test");
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String[] parts = path.split("/");
        if (parts.length != 4 || !parts[1].equals("snoozes")) {
            Answers.error(response, HttpServletResponse.SC_NOT_FOUND,
                    "no Carbine API at this path; DELETE /api/v1/notify/snoozes/{target}/{id}");
            return;
        }
        if (!mayOperate(request, response, "lifting a snooze")) {
            return;
        }
        try {
            Notifications.Target target = target(parts[2]);
            if (!notifications.unsnooze(target, parts[3], actor(request))) {
                Answers.error(response, HttpServletResponse.SC_NOT_FOUND,
                        "no snooze of " + parts[2] + " " + parts[3]);
                return;
            }
            Answers.json(response, 200, NotifyJson.snoozes(notifications.snoozes()));
        } catch (BadParameter e) {
            Answers.bad(response, e);
        } catch (IllegalStateException e) {
            Answers.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.getMessage());
        }
    }

    /** Snoozes and answers the snooze (200), or 400 / 404 / 503 with the reason. */
    static void snooze(Notifications notifications, HttpServletResponse response, Notifications.Target target,
            String id, String length, String actor) throws IOException {
        try {
            Answers.json(response, 200,
                    NotifyJson.snooze(notifications.snooze(target, id, Params.duration("for", length), actor)));
        } catch (BadParameter e) {
            Answers.bad(response, e);
        } catch (IllegalArgumentException e) {
            Answers.bad(response, new BadParameter("for", e.getMessage()));
        } catch (NoSuchElementException e) {
            Answers.error(response, HttpServletResponse.SC_NOT_FOUND, e.getMessage());
        } catch (IllegalStateException e) {
            Answers.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.getMessage());
        }
    }

    static Notifications.Target target(String text) throws BadParameter {
        try {
            return Notifications.Target.valueOf(String.valueOf(text).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadParameter("target", "target is '" + text + "': alert, printer or channel");
        }
    }

    /** 403 with the reason unless the request may act (an operator or admin). */
    static boolean mayOperate(HttpServletRequest request, HttpServletResponse response, String action)
            throws IOException {
        if (request.isUserInRole(Carbine.ROLE_OPERATOR)) {
            return true;
        }
        Answers.error(response, HttpServletResponse.SC_FORBIDDEN, action + " needs an operator's or admin's login; "
                + (request.getRemoteUser() == null ? "this request has none"
                        : "'" + request.getRemoteUser() + "' may only view"));
        return false;
    }

    static String actor(HttpServletRequest request) {
        return AlertsServlet.actor(request.getRemoteUser(), request.getRemoteAddr());
    }
}
