package carbine.rest.internal;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import carbine.api.fleet.Fleet;
import carbine.api.store.TelemetryStore;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/v1/printers/{id}/history?from=&to=&points=&format=}, the path issue 11 names, answered exactly as
 * {@code /api/v1/history/{id}}. A Servlet Whiteboard <em>filter</em> (like carbine.maintenance's counters) because
 * {@code /api/v1/printers/*} is the simulator's status servlet and servlet patterns cannot name a segment in the
 * middle: this path is taken here, everything else passes on. The guard of carbine.console has run before.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterName("carbine.rest.printer-history")
@HttpWhiteboardFilterPattern(PrinterHistoryFilter.PREFIX + "*")
public class PrinterHistoryFilter implements Filter {
    static final String PREFIX = "/api/v1/printers/";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TelemetryStore store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Fleet fleet;

    /** The printer of {@code /api/v1/printers/{id}/history} (below the context, still encoded), else null. */
    static String printer(String path) {
        if (path == null || !path.startsWith(PREFIX)) return null;
        String[] parts = path.substring(PREFIX.length()).split("/", -1);
        if (parts.length != 2 || !parts[1].equals("history") || parts[0].isEmpty()) return null;
        try {
            String id = URLDecoder.decode(parts[0].replace("+", "%2B"), StandardCharsets.UTF_8);
            return id.isEmpty() || id.contains("/") ? null : id;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String printer = printer(request.getRequestURI().substring(request.getContextPath().length()));
        if (printer == null) {
            chain.doFilter(req, res);
            return;
        }
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.setHeader("Allow", "GET, HEAD");
            Answers.error(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "ask GET " + PREFIX + "{id}/history");
            return;
        }
        TelemetryStore s = store;
        if (s == null) {
            Answers.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the telemetry store is not running");
            return;
        }
        HistoryServlet.serve(s, fleet, printer, request, response);
    }
}
