package carbine.simulator.internal;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import carbine.api.driver.PrinterDriver;

/**
 * The prototype's read-only HTTP API over the simulated printers, independent of the servlet container:
 * <ul>
 * <li>{@code /api/v1/printer/status} — the first printer by id</li>
 * <li>{@code /api/v1/printers} — the ids</li>
 * <li>{@code /api/v1/printers/{id}/status} — one printer</li>
 * </ul>
 */
final class StatusApi {
    static final String PREFIX = "/api/v1";
    static final String FIRST_PRINTER_PATH = PREFIX + "/printer/status";
    static final String PRINTERS_PATH = PREFIX + "/printers";

    /** What to answer: an HTTP status and a JSON body. */
    record Response(int status, String body) {}

    private final Supplier<? extends Collection<PrinterDriver>> drivers;

    StatusApi(Supplier<? extends Collection<PrinterDriver>> drivers) {
        this.drivers = drivers;
    }

    /** @param path the request path below the servlet context, e.g. {@code /api/v1/printers} */
    Response get(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        Map<String, PrinterDriver> printers = printersById();
        if (p.equals(FIRST_PRINTER_PATH)) {
            if (printers.isEmpty()) {
                return error(404, "no simulated printer is configured");
            }
            Map.Entry<String, PrinterDriver> first = printers.entrySet().iterator().next();
            return status(first.getKey(), first.getValue());
        }
        if (p.equals(PRINTERS_PATH)) {
            return new Response(200, SampleJson.renderPrinterIds(printers.keySet()));
        }
        String prefix = PRINTERS_PATH + "/";
        String suffix = "/status";
        if (p.startsWith(prefix) && p.endsWith(suffix) && p.length() > prefix.length() + suffix.length()) {
            String id = p.substring(prefix.length(), p.length() - suffix.length());
            PrinterDriver driver = printers.get(id);
            return driver == null ? error(404, "unknown printer: " + id) : status(id, driver);
        }
        return error(404, "no such resource: " + path);
    }

    private Response status(String printerId, PrinterDriver driver) {
        try {
            return new Response(200, SampleJson.render(driver.sample(printerId)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, "interrupted while reading printer " + printerId);
        } catch (Exception e) {
            return error(503, "printer " + printerId + " could not be read: " + e);
        }
    }

    private Map<String, PrinterDriver> printersById() {
        Map<String, PrinterDriver> byId = new TreeMap<>();
        for (PrinterDriver driver : drivers.get()) {
            for (String id : driver.printerIds()) {
                byId.putIfAbsent(id, driver);
            }
        }
        return byId;
    }

    private static Response error(int status, String message) {
        return new Response(status, SampleJson.renderError(status, message));
    }
}
