package carbine.simulator.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import carbine.api.driver.PrinterDriver;
import carbine.simulator.Simulator;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Serves {@link StatusApi} over HTTP through the Servlet Whiteboard. */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("carbine.simulator.status")
@HttpWhiteboardServletPattern({StatusApi.FIRST_PRINTER_PATH, StatusApi.PRINTERS_PATH, StatusApi.PRINTERS_PATH + "/*"})
public class StatusServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient List<PrinterDriver> drivers = new CopyOnWriteArrayList<>();
    private final transient StatusApi api = new StatusApi(() -> drivers);

    @Reference(name = "drivers", service = PrinterDriver.class, target = "(" + Simulator.MARKER_PROPERTY + "=true)",
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeDriver")
    void addDriver(PrinterDriver driver) {
        drivers.add(driver);
    }

    void removeDriver(PrinterDriver driver) {
        drivers.remove(driver);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        StatusApi.Response answer = api.get(path);
        response.setStatus(answer.status());
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(answer.body());
    }
}
