package carbine.console.internal;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/...} paths that no API serves answer 404 with JSON, not the dashboard's page (whose catch-all
 * {@code /*} would otherwise take them). Any servlet with a longer pattern, like the simulator's
 * {@code /api/v1/printers/*}, wins over this one.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/api/*",
        "osgi.http.whiteboard.servlet.name=carbine.api.not-found" })
public class ApiNotFound extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write("{\"status\":404,\"error\":\"no Carbine API at this path\"}");
    }
}
