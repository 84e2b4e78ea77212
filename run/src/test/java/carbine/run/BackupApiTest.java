package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.store.TelemetryStore;

/**
 * The online backup over the API (issue 9, "Backups"; bundle carbine.rest): an admin writes a consistent copy into
 * the data directory's backups folder while samples go on being stored; viewers, operators, other sites and paths
 * out of the folder are refused; a full target is refused clearly and disturbs nothing else.
 */
class BackupApiTest {
    private static final Pattern TOKEN = Pattern.compile("cbt_[A-Za-z0-9_-]{43}");
    private static final String ADMIN = "Basic "
            + Base64.getEncoder().encodeToString(WebConsole.CREDENTIALS.getBytes(StandardCharsets.UTF_8));

    @InjectService(timeout = 10_000)
    HttpServiceRuntime http;
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    TelemetryStore store;
    @InjectService(timeout = 10_000)
    CommandProcessor gogo;
    @InjectService
    LogReaderService logReader;
    @InjectBundleContext
    BundleContext context;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String run = Long.toString(System.nanoTime(), 36);
    private String base;
    private Path backups;

    @BeforeEach
    void setUp() throws Exception {
        base = Carbines.httpBase(http);
        backups = Carbines.dataDir(context).toAbsolutePath().normalize().resolve("backups");
        Carbines.pollEvery(cm, 200, "timeoutMillis", 500);
        Await.until(() -> assertThat(post("api/v1/backup", null, "", null, null).statusCode()).as("registered")
                .isEqualTo(403));
    }

    @Test
    void anAdminBacksUpWhileSamplesAreStored_othersAndOtherPlacesAreRefused() throws Exception {
        String id = Carbines.printerId("backup");
        Configuration printer = Carbines.simulator(cm, id);
        String viewerToken = null;
        try {
            Await.until(() -> assertThat(store.count(id, Instant.EPOCH, Instant.now().plusSeconds(60))).isGreaterThan(3));

            String name = "it-" + run + ".db";
            HttpResponse<String> ok = post("api/v1/backup", ADMIN, "{\"file\":\"" + name + "\"}", null, null);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            JsonObject written = json(ok);
            Path file = backups.resolve(name);
            assertThat(written.get("path").getAsString()).isEqualTo(file.toString());
            assertThat(written.get("bytes").getAsLong()).isPositive().isEqualTo(Files.size(file));
            assertThat(written.get("millis").getAsLong()).isNotNegative();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            try (InputStream in = Files.newInputStream(file)) {
                assertThat(in.readNBytes(16)).isEqualTo("SQLite format 3\0".getBytes(StandardCharsets.US_ASCII));
            }

            HttpResponse<String> again = post("api/v1/backup", ADMIN, "{\"file\":\"" + name + "\"}", null, null);
            assertThat(again.statusCode()).as("never overwrites").isEqualTo(409);
            assertThat(json(again).get("error").getAsString()).contains("already exists");
            assertThat(Files.size(file)).isEqualTo(written.get("bytes").getAsLong());

            HttpResponse<String> dated = post("api/v1/backup", ADMIN, "", null, null);
            assertThat(dated.statusCode()).as(dated.body()).isEqualTo(200);
            Path datedFile = Path.of(json(dated).get("path").getAsString());
            assertThat(datedFile.getParent()).isEqualTo(backups);
            assertThat(datedFile.getFileName().toString()).matches("carbine-\\d{8}T\\d{6}Z(-\\d+)?\\.db");
            Files.delete(datedFile);

            // who may not
            Matcher t = TOKEN.matcher(Carbines.shell(gogo, "carbine:token-create bk-" + run + " 1 viewer"));
            assertThat(t.find()).isTrue();
            viewerToken = "bk-" + run;
            HttpResponse<String> viewer = post("api/v1/backup", "Bearer " + t.group(), "{\"file\":\"v-" + name + "\"}",
                    null, null);
            assertThat(viewer.statusCode()).isEqualTo(403);
            assertThat(json(viewer).get("error").getAsString()).contains("admin", "token:bk-" + run);
            HttpResponse<String> anonymous = post("api/v1/backup", null, "{\"file\":\"a-" + name + "\"}", null, null);
            assertThat(anonymous.statusCode()).as("on loopback anyone is an operator, not an admin").isEqualTo(403);
            for (String[] crossSite : new String[][] {{"Origin", "http://evil.example"}, {"Origin", "null"},
                    {"Sec-Fetch-Site", "cross-site"}, {"Referer", "http://evil.example/page.html"}}) {
                assertThat(post("api/v1/backup", ADMIN, "{\"file\":\"x-" + name + "\"}", crossSite[0], crossSite[1])
                        .statusCode()).as("cross-site, with the admin's credentials: " + crossSite[1]).isEqualTo(403);
            }
            assertThat(backups.resolve("v-" + name)).doesNotExist();
            assertThat(backups.resolve("a-" + name)).doesNotExist();
            assertThat(backups.resolve("x-" + name)).doesNotExist();

            // nowhere but the backups folder
            Path outside = Carbines.dataDir(context).toAbsolutePath().normalize().resolve("out-" + name);
            for (String target : new String[] {"../out-" + name, "sub/../../out-" + name, outside.toString(),
                    "/tmp/out-" + name, "nul\\u0000" + name}) {
                HttpResponse<String> refused = post("api/v1/backup", ADMIN, "{\"file\":\"" + target + "\"}", null, null);
                assertThat(refused.statusCode()).as(target).isEqualTo(400);
                assertThat(json(refused).get("parameter").getAsString()).isEqualTo("file");
            }
            assertThat(outside).doesNotExist();
            assertThat(Path.of("/tmp/out-" + name)).doesNotExist();
            HttpResponse<String> noDir = post("api/v1/backup", ADMIN, "{\"file\":\"no-such-dir/" + name + "\"}", null, null);
            assertThat(noDir.statusCode()).isEqualTo(400);
            assertThat(json(noDir).get("error").getAsString()).contains("does not exist");
            assertThat(post("api/v1/backup", ADMIN, "{\"file\":", null, null).statusCode()).as("not JSON").isEqualTo(400);
            Files.delete(file);
        } finally {
            printer.delete();
            if (viewerToken != null) {
                Carbines.shell(gogo, "carbine:token-revoke " + viewerToken);
            }
        }
    }

    @Test
    void aFullTargetIsRefusedClearly_andSamplesKeepBeingStored() throws Exception {
        Files.createDirectories(backups);
        Path small = backups.resolve("full-" + run);
        Files.createDirectories(small);
        boolean mounted = false;
        if (isRoot()) {
            // root writes into any directory, so "cannot be written" is a file system that is full
            Process mount = run("mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", small.toString());
            String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            Assumptions.assumeTrue(mount.exitValue() == 0, "root here cannot mount a tmpfs (no CAP_SYS_ADMIN in "
                    + "this container?), so the full-target test is skipped: " + output);
            mounted = true;
            fill(small.resolve("filler"));
        } else {
            Files.setPosixFilePermissions(small, PosixFilePermissions.fromString("r-x------"));
        }
        String id = Carbines.printerId("backup-full");
        Configuration printer = Carbines.simulator(cm, id);
        List<String> warnings = new CopyOnWriteArrayList<>();
        LogListener listener = e -> {
            if (e.getMessage().contains("Backup failed")) {
                warnings.add(e.getLogLevel() + " " + e.getMessage());
            }
        };
        logReader.addLogListener(listener);
        try {
            Await.until(() -> assertThat(store.count(id, Instant.EPOCH, Instant.now().plusSeconds(60))).isGreaterThan(3));
            HttpResponse<String> refused = post("api/v1/backup", ADMIN, "{\"file\":\"full-" + run + "/b.db\"}", null, null);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(507);
            assertThat(json(refused).get("error").getAsString()).startsWith("backup failed, nothing written: ")
                    .contains(small.toString()).contains(mounted ? "full" : "not writable");
            try (var left = Files.list(small)) {
                assertThat(left.map(p -> p.getFileName().toString())).as("nothing left behind")
                        .containsExactlyInAnyOrder(mounted ? new String[] {"filler"} : new String[0]);
            }
            Await.until(() -> assertThat(warnings).hasSize(1).allSatisfy(w -> assertThat(w).startsWith("WARN")
                    .contains(small.toString(), "asked by admin from 127.0.0.1 (api)")));

            // nothing else disturbed: samples go on being stored, the API answers, a backup elsewhere works
            long before = store.count(id, Instant.EPOCH, Instant.now().plusSeconds(60));
            Await.until(() -> assertThat(store.count(id, Instant.EPOCH, Instant.now().plusSeconds(60)))
                    .isGreaterThan(before + 3));
            assertThat(post("api/v1/backup", ADMIN, "{\"file\":\"after-" + run + ".db\"}", null, null).statusCode())
                    .isEqualTo(200);
            Files.delete(backups.resolve("after-" + run + ".db"));
        } finally {
            logReader.removeLogListener(listener);
            printer.delete();
            if (mounted) {
                run("umount", small.toString());
            } else {
                Files.setPosixFilePermissions(small, PosixFilePermissions.fromString("rwx------"));
            }
            Files.deleteIfExists(small.resolve("filler"));
            Files.deleteIfExists(small);
        }
    }

    private static boolean isRoot() throws Exception {
        Process id = run("id", "-u");
        return new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().equals("0");
    }

    private static Process run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("hangs: " + String.join(" ", command));
        }
        return p;
    }

    /** Writes to the file until the file system refuses even a single byte (ENOSPC). */
    private static void fill(Path filler) throws IOException {
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int chunk = 16 * 1024; chunk >= 1; chunk /= 4) {
                byte[] bytes = new byte[chunk];
                try {
                    while (true) {
                        out.write(bytes);
                        out.flush();
                    }
                } catch (IOException full) {
                    // this chunk size no longer fits: try a smaller one
                }
            }
        } catch (IOException closingAFullFile) {
            // the file holds what fitted
        }
    }

    private static JsonObject json(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type")).as(r.body())
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private HttpResponse<String> post(String path, String authorization, String body, String header, String value)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (header != null) {
            b.header(header, value);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

}
