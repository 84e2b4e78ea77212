package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Optional;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertService;
import carbine.api.alert.Severity;
import carbine.api.maintenance.Maintenance;
import carbine.api.maintenance.UsageCounters;

/**
 * Maintenance (issue 12, bundle carbine.maintenance) in a running Carbine: a simulated printer accumulates counters,
 * a task with a tiny interval raises MAINTENANCE_DUE through the alert service (and is not taken for a detector
 * that is gone), Mark done over HTTP resolves it and logs the actor, and the counters survive an update of the
 * bundle.
 */
class MaintenanceTest {
    @InjectService(timeout = 10_000)
    HttpServiceRuntime http;
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    AlertService alerts;
    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 10_000)
    CommandProcessor gogo;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;
    private Dictionary<String, Object> alertsConfigBefore;

    @BeforeEach
    void setUp() throws Exception {
        base = Carbines.httpBase(http);
        Carbines.pollEvery(cm, 200, "timeoutMillis", 500);
        Configuration c = cm.getConfiguration("carbine.alerts", "?");
        alertsConfigBefore = c.getProperties();
        // resolve 1 s after Mark done, and a gone detector's alerts after 2 s: the maintenance alert must stay
        c.update(Carbines.props("resolveAfterSeconds", 1, "detectorGoneSeconds", 2));
        cm.getConfiguration("carbine.maintenance", "?").update(Carbines.props("reportSeconds", 1));
    }

    @AfterEach
    void restore() throws Exception {
        Configuration c = cm.getConfiguration("carbine.alerts", "?");
        if (alertsConfigBefore == null) {
            c.delete();
        } else {
            c.update(alertsConfigBefore);
        }
        cm.getConfiguration("carbine.maintenance", "?").delete();
    }

    @Test
    void countersPlanMarkDoneAndABundleUpdate() throws Exception {
        String id = Carbines.printerId("maint");
        String task = "nozzle-" + id;
        // IDLE for 1 s, then printing job after job; ten times as fast, so that the nozzle is hot and the part fan
        // running within seconds (sample times stay wall-clock times: the counters count real seconds)
        Configuration printer = Carbines.simulator(cm, id, "phaseSeconds", 10.0, "timeScale", 10.0, "scenario",
                "normal", "seed", 3L);
        Configuration plan = cm.getFactoryConfiguration("carbine.maintenance.task", "it-" + id, "?");
        plan.update(Carbines.props("name", task, "printers", id, "every", 6 / 3600.0, "unit", "printing_hours"));
        try {
            Await.until(Duration.ofSeconds(30), () -> {
                JsonObject counters = json(get("api/v1/printers/" + id + "/counters"), 200);
                assertThat(counters.get("printer_id").getAsString()).isEqualTo(id);
                assertThat(counters.get("printing_hours").getAsDouble()).isPositive();
                assertThat(counters.get("hotend_hours").getAsDouble()).isPositive();
                assertThat(counters.get("bed_hours").getAsDouble()).isPositive();
                assertThat(counters.get("fan_hours").getAsDouble()).isPositive();
                assertThat(counters.has("heat_cycles")).isTrue();
                assertThat(counters.has("jobs_finished")).isTrue();
                assertThat(counters.has("filament_m")).as("no driver reports filament").isFalse();
            });
            JsonObject unknown = json(get("api/v1/printers/it-no-such-printer/counters"), 404);
            assertThat(unknown.get("error").getAsString()).contains("it-no-such-printer");
            assertThat(get("api/v1/printers/" + id + "/status").statusCode()).as("the simulator's own API still answers")
                    .isEqualTo(200);

            Alert due = Await.value(Duration.ofSeconds(40), () -> alerts.open().stream()
                    .filter(a -> a.printerId().equals(id) && a.kind().equals("MAINTENANCE_DUE")
                            && a.severity() == Severity.WARNING)
                    .findFirst().orElse(null));
            assertThat(due.detector()).isEqualTo("maintenance");
            assertThat(due.message()).contains(task + " overdue: ", " printing hours since counting began");

            // longer than detectorGoneSeconds: the alert is not taken for one of a detector that is gone
            long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < until) {
                assertThat(alerts.open()).extracting(Alert::id).contains(due.id());
                Thread.sleep(100); // polling period of this check, not synchronisation
            }

            HttpResponse<String> crossSite = post("api/v1/printers/" + id + "/maintenance/" + task + "/done",
                    "Origin", "http://evil.example");
            assertThat(crossSite.statusCode()).isEqualTo(403);
            assertThat(json(get("api/v1/printers/" + id + "/maintenance"), 200).getAsJsonArray("log")).isEmpty();
            assertThat(json(post("api/v1/printers/" + id + "/maintenance/no-such-task/done", null, null), 404)
                    .get("error").getAsString()).contains("no-such-task");

            JsonObject done = json(post("api/v1/printers/" + id + "/maintenance/" + task + "/done?note=new%20nozzle",
                    null, null), 200);
            assertThat(done.get("actor").getAsString()).isEqualTo("anonymous from 127.0.0.1 (api)");
            assertThat(done.get("note").getAsString()).isEqualTo("new nozzle");
            assertThat(done.get("used").getAsDouble()).isGreaterThanOrEqualTo(6 / 3600.0);

            Await.until(Duration.ofSeconds(20),
                    () -> assertThat(alerts.open()).extracting(Alert::id).doesNotContain(due.id()));
            JsonObject maintenance = json(get("api/v1/printers/" + id + "/maintenance"), 200);
            assertThat(maintenance.getAsJsonArray("log")).hasSize(1);
            JsonObject logLine = maintenance.getAsJsonArray("log").get(0).getAsJsonObject();
            assertThat(logLine.get("actor").getAsString()).isEqualTo("anonymous from 127.0.0.1 (api)");
            assertThat(logLine.get("task").getAsString()).isEqualTo(task);
            assertThat(maintenance.getAsJsonArray("tasks").get(0).getAsJsonObject().get("last_done").getAsString())
                    .isEqualTo(logLine.get("at").getAsString());

            // an update of the bundle: the counters come back from maintenance.db and go on from there
            ServiceReference<Maintenance> ref = context.getServiceReference(Maintenance.class);
            UsageCounters before = context.getService(ref).counters(id).orElseThrow();
            context.ungetService(ref);
            Bundle bundle = ref.getBundle();
            bundle.update();
            Await.until(Duration.ofSeconds(30), () -> {
                UsageCounters after = counters(id).orElseThrow();
                assertThat(after.since()).isEqualTo(before.since());
                assertThat(after.printingHours()).isGreaterThan(before.printingHours());
                assertThat(after.lastSample()).isAfter(before.lastSample());
            });
            assertThat(json(get("api/v1/printers/" + id + "/maintenance"), 200).getAsJsonArray("log")).hasSize(1);

            // the shell, through Gogo's own parser
            assertThat(Carbines.shell(gogo, "carbine:counters " + id)).contains(id, "PRINTING h");
            assertThat(Carbines.shell(gogo, "maintenance " + id)).contains(task, "anonymous from 127.0.0.1 (api)", "new nozzle");
            assertThat(Carbines.shell(gogo, "maintenance-done " + id + " " + task + " cleaned the heat break"))
                    .startsWith("marked done: " + task + " on " + id);
            JsonObject last = json(get("api/v1/printers/" + id + "/maintenance"), 200).getAsJsonArray("log").get(0)
                    .getAsJsonObject();
            assertThat(last.get("actor").getAsString()).isEqualTo("shell");
            assertThat(last.get("note").getAsString()).isEqualTo("cleaned the heat break");
        } finally {
            plan.delete();
            printer.delete();
        }
    }


    private Optional<UsageCounters> counters(String id) {
        ServiceReference<Maintenance> ref = context.getServiceReference(Maintenance.class);
        if (ref == null) {
            return Optional.empty();
        }
        try {
            Maintenance m = context.getService(ref);
            return m == null ? Optional.empty() : m.counters(id);
        } finally {
            context.ungetService(ref);
        }
    }

    private static JsonObject json(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String header, String value) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody());
        if (header != null) {
            b.header(header, value);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
