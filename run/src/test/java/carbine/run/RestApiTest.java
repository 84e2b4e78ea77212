package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertService;
import carbine.api.alert.AlertState;
import carbine.api.store.TelemetryStore;

/**
 * The scripts' API (issue 11, bundle carbine.rest) over real HTTP: a simulated printer driven into a hard failure,
 * its alert listed and acknowledged, its history as JSON and CSV, and what the API refuses.
 */
class RestApiTest {
    @InjectService(timeout = 10_000)
    HttpServiceRuntime http;
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    AlertService alerts;
    @InjectService(timeout = 10_000)
    TelemetryStore store;
    @InjectBundleContext
    BundleContext context;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;

    @BeforeEach
    void setUp() throws Exception {
        base = Carbines.httpBase(http);
        Carbines.pollEvery(cm, 200, "timeoutMillis", 500);
        Await.until(() -> assertThat(get("api/v1/alerts", null).statusCode()).isEqualTo(200));
    }

    @Test
    void alertsHistoryAndAcknowledgeOverHttp() throws Exception {
        String id = Carbines.printerId("rest");
        // phases of 2 s: IDLE, PRINTING, ANOMALY, then ERROR (a HARD_FAILURE alert) about 6 s after start
        Configuration printer = Carbines.simulator(cm, id, "phaseSeconds", 2.0, "scenario", "overheat", "seed", 7L);
        try {
            JsonObject listed = Await.value(Duration.ofSeconds(30), () -> alertOf(id));
            assertThat(listed.get("state").getAsString()).isEqualTo("ACTIVE");
            assertThat(listed.get("severity").getAsString()).isEqualTo("CRITICAL");
            assertThat(listed.get("detector").getAsString()).isEqualTo("rules");
            assertThat(listed.get("first_seen").getAsString()).satisfies(t -> Instant.parse(t));
            String alertId = listed.get("id").getAsString();
            assertThat(listed.get("acknowledged_by").isJsonNull()).as("nobody acknowledged it yet").isTrue();

            history(id);

            // a page on another site cannot acknowledge
            HttpResponse<String> crossSite = post("api/v1/alerts/" + alertId + "/ack", "Origin", "http://evil.example");
            assertThat(crossSite.statusCode()).isEqualTo(403);
            assertThat(state(alertId)).isEqualTo(AlertState.ACTIVE);

            HttpResponse<String> ack = post("api/v1/alerts/" + alertId + "/ack", null, null);
            assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
            assertThat(json(ack).get("state").getAsString()).isEqualTo("ACKNOWLEDGED");
            assertThat(json(ack).get("acknowledged_by").getAsString()).isEqualTo("anonymous from 127.0.0.1 (api)");
            assertThat(state(alertId)).isEqualTo(AlertState.ACKNOWLEDGED);
            Path alertsLog = Carbines.dataDir(context).resolve("alerts.log");
            Await.until(() -> assertThat(Files.readAllLines(alertsLog, StandardCharsets.UTF_8))
                    .anySatisfy(line -> assertThat(line).contains(id).contains("ACKNOWLEDGED")
                            .endsWith("[by anonymous from 127.0.0.1 (api)]")));
            assertThat(alertOf(id).get("state").getAsString()).as("listed as acknowledged").isEqualTo("ACKNOWLEDGED");
            // listed with who did it, as the alert store recorded it
            Await.until(() -> assertThat(alertOf(id).get("acknowledged_by").getAsString())
                    .isEqualTo("anonymous from 127.0.0.1 (api)"));

            HttpResponse<String> unknown = post("api/v1/alerts/000000000000/ack", null, null);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(json(unknown).get("error").getAsString()).contains("000000000000");
        } finally {
            printer.delete();
        }
    }

    private void history(String id) throws Exception {
        Await.until(() -> assertThat(store.count(id, Instant.EPOCH, Instant.now().plusSeconds(60))).isGreaterThan(3));
        // a window that has ended, so that the JSON and the CSV below cover the same samples (a sample of the window
        // still on its way to the database is waited for by the Await around the comparison)
        Instant to = Instant.now().minusSeconds(1);
        String path = "api/v1/history/" + id + "?points=50&from=" + to.minusSeconds(600) + "&to=" + to;

        HttpResponse<String> asJson = get(path, null);
        assertThat(asJson.statusCode()).as(asJson.body()).isEqualTo(200);
        assertThat(asJson.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonObject history = json(asJson);
        assertThat(history.get("printer_id").getAsString()).isEqualTo(id);
        JsonArray points = history.getAsJsonArray("points");
        assertThat(points.size()).isBetween(1, 50);
        JsonObject point = points.get(0).getAsJsonObject();
        assertThat(point.get("samples").getAsLong()).isPositive();
        assertThat(point.getAsJsonObject("nozzle_actual").get("mean").getAsDouble()).isPositive();

        Await.until(() -> {
            int jsonPoints = json(get(path, null)).getAsJsonArray("points").size();
            HttpResponse<String> asCsv = get(path, "text/csv");
            assertThat(asCsv.statusCode()).isEqualTo(200);
            assertThat(asCsv.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
            csvRows(asCsv.body(), jsonPoints);
        });
        assertThat(get(path + "&format=csv", null).body()).as("?format=csv is the same").startsWith("start,end,samples,");
        // the same history at the path issue 11 names, /api/v1/printers/{id}/history
        String printerPath = "api/v1/printers/" + id + "/history?points=50&from=" + to.minusSeconds(600) + "&to=" + to;
        Await.until(() -> assertThat(get(printerPath, null).body()).isEqualTo(get(path, null).body()));
        HttpResponse<String> printerCsv = get(printerPath + "&format=csv", null);
        assertThat(printerCsv.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(printerCsv.body()).startsWith("start,end,samples,");
        assertThat(get("api/v1/printers/no-such-printer-" + id + "/history", null).statusCode()).isEqualTo(404);

        // what is refused
        HttpResponse<String> badFrom = get("api/v1/history/" + id + "?from=yesterday", null);
        assertThat(badFrom.statusCode()).isEqualTo(400);
        assertThat(json(badFrom).get("parameter").getAsString()).isEqualTo("from");
        HttpResponse<String> tooMany = get("api/v1/history/" + id + "?points=10001", null);
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(json(tooMany).get("parameter").getAsString()).isEqualTo("points");
        HttpResponse<String> backwards = get("api/v1/history/" + id + "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", null);
        assertThat(backwards.statusCode()).isEqualTo(400);
        HttpResponse<String> noPrinter = get("api/v1/history/no-such-printer-" + id, null);
        assertThat(noPrinter.statusCode()).isEqualTo(404);
        assertThat(json(noPrinter).get("status").getAsInt()).isEqualTo(404);
        assertThat(get("api/v1/alerts?state=closed", null).statusCode()).isEqualTo(400);
        HttpResponse<String> resolved = get("api/v1/alerts?state=resolved&since=" + Instant.now().minusSeconds(3600), null);
        assertThat(resolved.statusCode()).isEqualTo(200);
        assertThat(json(resolved).get("state").getAsString()).isEqualTo("resolved");
        assertThat(get("api/v1/printers", null).statusCode()).as("the simulator's API is untouched").isEqualTo(200);
    }

    /** A strict check of the CSV: the header, then as many rows as JSON points, each as wide, times that parse. */
    private static void csvRows(String body, int points) {
        assertThat(body).endsWith("\r\n");
        List<String> lines = Arrays.asList(body.split("\r\n"));
        assertThat(lines.get(0)).startsWith("start,end,samples,errors,filament_out,nozzle_actual_mean,nozzle_actual_min,"
                + "nozzle_actual_max,nozzle_actual_last,");
        int width = lines.get(0).split(",", -1).length;
        assertThat(lines).hasSize(points + 1);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertThat(cells).as(line).hasSize(width);
            Instant.parse(cells[0]);
            assertThat(Long.parseLong(cells[2])).isPositive();
            assertThat(Double.parseDouble(cells[5])).as("nozzle_actual_mean").isPositive();
        }
    }

    private AlertState state(String alertId) {
        return alerts.open().stream().filter(a -> a.id().equals(alertId)).map(Alert::state).findFirst().orElse(null);
    }

    private JsonObject alertOf(String printerId) throws Exception {
        HttpResponse<String> r = get("api/v1/alerts", null);
        assertThat(r.statusCode()).isEqualTo(200);
        for (JsonElement e : json(r).getAsJsonArray("alerts")) {
            JsonObject a = e.getAsJsonObject();
            if (a.get("printer_id").getAsString().equals(printerId) && a.get("kind").getAsString().equals("HARD_FAILURE")) {
                return a;
            }
        }
        return null;
    }

    private static JsonObject json(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type")).as(r.body())
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String header, String value) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody());
        if (header != null) {
            b.header(header, value);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
