package carbine.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import carbine.api.fleet.Fleet;
import carbine.api.store.History;
import carbine.api.store.TelemetryStore;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /api/v1/history/{printerId}?from=&to=&points=&format=}: a printer's history, JSON or CSV. */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("carbine.rest.history")
@HttpWhiteboardServletPattern(HistoryServlet.PATH + "/*")
public class HistoryServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/api/v1/history";

    @Reference
    private transient TelemetryStore store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient Fleet fleet;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String printerId = Params.segment(request.getPathInfo());
        if (printerId == null) {
            Answers.error(response, HttpServletResponse.SC_NOT_FOUND,
                    "no Carbine API at this path; ask GET /api/v1/history/{printerId}");
            return;
        }
        serve(store, fleet, printerId, request, response);
    }

    /**
     * One printer's history as JSON or CSV, for this path and {@code /api/v1/printers/{id}/history}
     * ({@link PrinterHistoryFilter}).
     */
    static void serve(TelemetryStore store, Fleet fleet, String printerId, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        History history;
        boolean csv;
        try {
            Params.Window window = Params.window(request.getParameter("from"), request.getParameter("to"), Instant.now());
            int points = Params.points(request.getParameter("points"));
            csv = Params.csv(request.getParameter("format"), request.getHeader("Accept"));
            if (!known(store, fleet, printerId)) {
                Answers.error(response, HttpServletResponse.SC_NOT_FOUND, "no printer " + printerId);
                return;
            }
            history = store.history(printerId, window.from(), window.to(), points);
        } catch (BadParameter e) {
            Answers.bad(response, e);
            return;
        } catch (RuntimeException e) {
            Answers.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the store could not answer: " + e.getMessage());
            return;
        }
        response.setStatus(200);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        if (csv) {
            response.setContentType("text/csv");
            response.setHeader("Content-Disposition", "inline; filename=\"" + fileName(printerId) + "-history.csv\"");
            HistoryCsv.write(history, response.getWriter());
        } else {
            response.setContentType("application/json");
            response.getWriter().write(RestJson.text(RestJson.history(history)));
        }
    }

    /** A printer that is polled now, or that has stored samples. */
    private static boolean known(TelemetryStore store, Fleet f, String printerId) {
        return (f != null && f.printer(printerId).isPresent()) || store.latest(printerId).isPresent();
    }

    static String fileName(String printerId) {
        return printerId.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
