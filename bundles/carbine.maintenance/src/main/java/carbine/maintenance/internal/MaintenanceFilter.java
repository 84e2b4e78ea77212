package carbine.maintenance.internal;

import java.io.IOException;
import java.io.BufferedReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import carbine.api.Carbine;
import carbine.api.fleet.Fleet;
import carbine.api.maintenance.Maintenance;
import carbine.api.maintenance.UsageCounters;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/v1/printers/{id}/counters}, {@code GET /api/v1/printers/{id}/maintenance} and
 * {@code POST /api/v1/printers/{id}/maintenance/{task}/done}. A Servlet Whiteboard <em>filter</em>, because
 * {@code /api/v1/printers/*} is the simulator's status servlet (or carbine.console's {@code /api/*} 404): servlet
 * patterns cannot name a segment in the middle, so these paths are taken here and everything else passes on.
 * Requests have passed carbine.console's guard (host, cross-site, login) like those of every whiteboard servlet.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterName("carbine.maintenance.api")
@HttpWhiteboardFilterPattern(MaintenanceFilter.PREFIX + "*")
public class MaintenanceFilter implements Filter {
    static final String PREFIX = "/api/v1/printers/";
    private static final int LOG_LINES = 100;

    @Reference
    private Maintenance maintenance;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Fleet fleet;

    /** A request for us: printer, what ("counters", "maintenance", "done"), task. */
    record Route(String printer, String what, String task) {}

    /** The path below the context ({@code /api/v1/printers/p1/counters}) → route; null when not ours. */
    static Route route(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = path.substring(PREFIX.length()).split("/", -1);
        String printer = decode(parts[0]);
        if (printer == null || printer.isEmpty()) {
            return null;
        }
        if (parts.length == 2 && parts[1].equals("counters")) {
            return new Route(printer, "counters", null);
        }
        if (parts.length == 2 && parts[1].equals("maintenance")) {
            return new Route(printer, "maintenance", null);
        }
        if (parts.length == 4 && parts[1].equals("maintenance") && parts[3].equals("done")) {
            String task = decode(parts[2]);
            return task == null || task.isEmpty() ? null : new Route(printer, "done", task);
        }
        return null;
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Route route = route(path);
        if (route == null) {
            chain.doFilter(req, res);
            return;
        }
        boolean post = request.getMethod().equals("POST");
        boolean get = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
        if (route.what().equals("done") ? !post : !get) {
            response.setHeader("Allow", route.what().equals("done") ? "POST" : "GET");
            json(response, 405, MaintenanceJson.error(405, request.getMethod() + " is not allowed here"));
            return;
        }
        Optional<UsageCounters> counters = maintenance.counters(route.printer());
        Fleet f = fleet;
        boolean polled = f != null && f.printer(route.printer()).isPresent();
        if (counters.isEmpty() && !polled) {
            json(response, 404, MaintenanceJson.error(404, "no printer " + route.printer()));
            return;
        }
        switch (route.what()) {
            case "counters" -> json(response, 200, MaintenanceJson.counters(counters.orElse(
                    new UsageCounters(route.printer(), null, null, 0, 0, 0, 0, 0, 0, 0, null))));
            case "maintenance" -> json(response, 200, MaintenanceJson.maintenance(route.printer(),
                    maintenance.tasks(route.printer()), maintenance.log(route.printer(), LOG_LINES)));
            default -> done(request, response, route);
        }
    }

    private void done(HttpServletRequest request, HttpServletResponse response, Route route) throws IOException {
        if (!request.isUserInRole(Carbine.ROLE_OPERATOR)) {
            json(response, 403, MaintenanceJson.error(403, "marking maintenance done needs an operator's or admin's "
                    + "login; " + (request.getRemoteUser() == null ? "this request has none"
                            : "'" + request.getRemoteUser() + "' may only view")));
            return;
        }
        String note = request.getParameter("note");
        if (note == null && request.getContentType() != null && request.getContentType().startsWith("application/json")) {
            try (BufferedReader body = request.getReader()) {
                JsonObject o = JsonParser.parseReader(body).getAsJsonObject();
                note = o.has("note") && !o.get("note").isJsonNull() ? o.get("note").getAsString() : null;
            } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
                json(response, 400, MaintenanceJson.error(400, "the body is no JSON object with a string 'note'"));
                return;
            }
        }
        String user = request.getRemoteUser();
        String actor = (user == null ? "anonymous" : user) + " from " + request.getRemoteAddr() + " (api)";
        try {
            json(response, 200, MaintenanceJson.log(maintenance.markDone(route.printer(), route.task(), actor, note)));
        } catch (IllegalArgumentException e) {
            json(response, 404, MaintenanceJson.error(404, e.getMessage()));
        } catch (IllegalStateException e) {
            json(response, 503, MaintenanceJson.error(503, e.getMessage()));
        }
    }

    private static void json(HttpServletResponse response, int status, JsonObject body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(MaintenanceJson.text(body));
    }
}
