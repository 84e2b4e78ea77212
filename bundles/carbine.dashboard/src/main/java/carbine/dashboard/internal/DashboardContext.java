package carbine.dashboard.internal;

import java.net.URL;
import java.util.Locale;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.context.ServletContextHelper;

/**
 * The dashboard's own servlet context at {@code /}. Its ranking is the lowest possible, so that the default
 * context (the simulator's {@code /api/v1/...}) is asked first for the same path and the dashboard's catch-all
 * {@code /*} only gets what nobody else serves; the Web Console's {@code /system/console} wins by its longer path.
 */
@Component(service = ServletContextHelper.class, property = {
        "osgi.http.whiteboard.context.name=" + DashboardContext.NAME,
        "osgi.http.whiteboard.context.path=/",
        "service.ranking:Integer=-2147483648" })
public class DashboardContext extends ServletContextHelper {
    static final String NAME = "carbine.dashboard";

    // Chromium refuses JavaScript modules served without a Content-Type, and Jetty asks the context for it
    private static final Map<String, String> MIME_TYPES = Map.ofEntries(
            Map.entry("js", "text/javascript"), Map.entry("mjs", "text/javascript"), Map.entry("css", "text/css"),
            Map.entry("html", "text/html"), Map.entry("json", "application/json"), Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"), Map.entry("ico", "image/x-icon"), Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"), Map.entry("map", "application/json"),
            Map.entry("br", "application/octet-stream"), Map.entry("gz", "application/gzip"),
            Map.entry("txt", "text/plain"), Map.entry("webmanifest", "application/manifest+json"));

    private final Bundle bundle;

    @Activate
    public DashboardContext(BundleContext context) {
        super(context.getBundle());
        this.bundle = context.getBundle();
    }

    /** Web resources ({@code /x}) live in the bundle under {@code META-INF/resources/x}. */
    @Override
    public URL getResource(String name) {
        if (name == null || name.contains("..")) {
            return null;
        }
        String path = name.startsWith("/") ? name.substring(1) : name;
        return bundle.getResource("META-INF/resources/" + path);
    }

    @Override
    public String getMimeType(String name) {
        int dot = name == null ? -1 : name.lastIndexOf('.');
        return dot < 0 ? null : MIME_TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
