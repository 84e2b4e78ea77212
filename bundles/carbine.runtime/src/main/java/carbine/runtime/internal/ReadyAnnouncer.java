package carbine.runtime.internal;

import java.util.Collection;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;

import carbine.api.alert.AlertService;
import carbine.api.fleet.Fleet;

/**
 * Says, once the pipeline and the web server are up, that Carbine is ready and where to look.
 * Only the parts every installation has are required; the store is named if present.
 */
@Component(immediate = true)
public class ReadyAnnouncer {

    @Activate
    public ReadyAnnouncer(BundleContext context, @Reference Fleet fleet, @Reference AlertService alerts,
            @Reference HttpServiceRuntime http, @Reference(service = LoggerFactory.class) Logger logger) {
        String base = endpoint(http.getRuntimeDTO() == null ? null
                : http.getRuntimeDTO().serviceDTO.properties.get(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT));
        logger.info("Carbine is ready: printer status at {}api/v1/printer/status ; data in {} (printer_data.db, "
                + "alerts.log, status.json, carbine.log) ; configuration in {} ; {} printer(s) known",
                base, Directories.data(context), Directories.conf(context), fleet.printers().size());
    }

    /** The first endpoint the HTTP runtime announces, as {@code http://host:port/}. */
    static String endpoint(Object endpoints) {
        String first;
        if (endpoints instanceof String s) {
            first = s;
        } else if (endpoints instanceof String[] a && a.length > 0) {
            first = a[0];
        } else if (endpoints instanceof Collection<?> c && !c.isEmpty()) {
            first = c.stream().map(String::valueOf).collect(Collectors.toList()).get(0);
        } else {
            return "http://127.0.0.1:8080/";
        }
        return first.endsWith("/") ? first : first + "/";
    }
}
