package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import carbine.api.fleet.Fleet;

/** The prototype's JSON API over real HTTP, and printers added and removed by files in the conf directory. */
class HttpAndConfTest {
    @InjectBundleContext
    BundleContext context;
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    Fleet fleet;
    @InjectService(timeout = 10_000)
    HttpServiceRuntime http;

    @Test
    void statusApiServesSimulatedPrinters() throws Exception {
        String id = Carbines.printerId("http");
        Configuration printer = Carbines.simulator(cm, id);
        try {
            HttpClient client = HttpClient.newHttpClient();
            String base = Carbines.httpBase(http);
            HttpResponse<String> ok = Await.value(() -> {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "api/v1/printers/" + id + "/status"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? r : null;
            });
            assertThat(ok.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
            assertThat(ok.body()).contains("\"printer_id\":\"" + id + "\"").contains("\"state\"").contains("\"nozzle_actual\"");

            HttpResponse<String> first = client.send(HttpRequest.newBuilder(URI.create(base + "api/v1/printer/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).contains("\"printer_id\"");

            HttpResponse<String> missing = client.send(HttpRequest.newBuilder(URI.create(base
                    + "api/v1/printers/no-such-printer/status")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
        } finally {
            printer.delete();
        }
    }

    @Test
    void printerAddedAndRemovedByAFileInTheConfDirectory() throws Exception {
        String id = Carbines.printerId("file");
        Path file = Carbines.confDir(context).resolve("carbine.simulator-" + id + ".cfg");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "printerId=" + id + "\nscenario=normal\n");
        try {
            Await.until(() -> assertThat(fleet.printer(id)).hasValueSatisfying(p -> assertThat(p.latest()).isNotNull()));
        } finally {
            Files.deleteIfExists(file);
        }
        Await.until(() -> assertThat(fleet.printer(id)).isEmpty());
    }

}
