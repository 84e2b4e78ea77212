package carbine.health.internal;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import carbine.api.health.HealthReport;

/**
 * {@code GET /api/v1/health}: the printers with health data; {@code GET /api/v1/health/{printerId}}: one printer's
 * indicators, trends, forecasts and daily values as JSON. (Not under {@code /api/v1/printers/{id}/}: that path
 * belongs to the simulator's prototype API.) Read from the kept aggregates, never from the raw history.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("carbine.health")
@HttpWhiteboardServletPattern({HealthServlet.PATH, HealthServlet.PATH + "/*"})
public class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/api/v1/health";

    @Reference
    private transient HealthDetector health;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null || path.equals("/")) {
            List<String> ids = health.printers();
            StringBuilder j = new StringBuilder("{\"printers\":[");
            for (int i = 0; i < ids.size(); i++) {
                j.append(i == 0 ? "" : ",").append(HealthJson.string(ids.get(i)));
            }
            answer(response, 200, j.append("]}").toString());
            return;
        }
        String id = URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8);
        if (id.isEmpty() || id.contains("/")) {
            answer(response, 404, "{\"status\":404,\"message\":\"ask GET /api/v1/health/{printerId}\"}");
            return;
        }
        Optional<HealthReport> report = health.report(id);
        if (report.isEmpty()) {
            answer(response, 404, "{\"status\":404,\"message\":" + HealthJson.string("no health data for printer " + id)
                    + "}");
            return;
        }
        answer(response, 200, HealthJson.of(report.get()));
    }

    private static void answer(HttpServletResponse response, int status, String json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(json);
    }
}
