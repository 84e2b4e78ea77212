package carbine.browser;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Carbine (run/target/carbine.jar) in a child JVM, with its own data, conf and deploy directories under
 * target/, a free HTTP port and a known Web Console password. Closing it kills the process.
 */
final class CarbineProcess implements AutoCloseable {
    static final String PASSWORD = "browser-test-secret";

    final Path home;
    final Path data;
    final int port;
    final String base;
    final Process process;
    final Path log;
    final long startedNanos = System.nanoTime();
    long readyNanos;
    long firstOkNanos;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private CarbineProcess(Path home, int port, Process process, Path log) {
        this.home = home;
        this.data = home.resolve("data");
        this.port = port;
        this.base = "http://127.0.0.1:" + port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts Carbine, then drops the given configuration files (name → content, in this order) into its conf
     * directory and waits until the simulator serves every expected printer.
     */
    static CarbineProcess start(String name, Map<String, String> confFiles, List<String> printers) throws IOException {
        Path home = freshHome(name);
        int port = freePort();
        List<String> cmd = command(home, port);
        // with no configuration Carbine simulates its default printer-1, as a fresh installation does
        if (!confFiles.isEmpty()) cmd.add(cmd.size() - 2, "-Dcarbine.simulator.default=false");
        CarbineProcess c = launch(home, port, cmd, false);
        try {
            c.awaitReady();
            // Written while Carbine runs, as a user would: files present before the start sometimes came out
            // emptied by FileInstall's write-back at start-up (seen twice here: the first file of the directory).
            for (var e : confFiles.entrySet()) Files.writeString(c.home.resolve("conf").resolve(e.getKey()), e.getValue());
            Await.until(Duration.ofSeconds(30), "the simulator serving " + printers, () -> {
                for (var e : confFiles.entrySet()) {
                    String now = Files.readString(c.home.resolve("conf").resolve(e.getKey()));
                    if (now.isBlank()) {
                        throw new IllegalStateException(e.getKey() + " was rewritten to: " + now);
                    }
                }
                String body = c.get("/api/v1/printers").body();
                return printers.stream().allMatch(p -> body.contains("\"" + p + "\"")) ? true : null;
            });
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** {@code java ... -jar carbine.jar} with the data, conf and deploy directories in {@code home}; options before -jar. */
    static List<String> command(Path home, int port, String... options) {
        Path jar = Path.of(System.getProperty("carbine.jar", "../target/carbine.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": build it first (./mvnw install -pl run, or run/carbine test)");
        }
        String java = ProcessHandle.current().info().command().orElse("java"); // the JDK running the tests (21+)
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-Dgosh.args=--nointeractive",
                "-Dcarbine.data=" + home.resolve("data"), "-Dcarbine.conf=" + home.resolve("conf"),
                "-Dfelix.fileinstall.dir=" + home.resolve("deploy"), "-Dorg.osgi.service.http.port=" + port));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-jar", jar.toString()));
        return cmd;
    }

    /**
     * Starts {@code command} in {@code home} (its working directory, as a service's) with the test's Web Console
     * password, its output in {@code home/carbine.out} (appended: a restart keeps the earlier output). With
     * {@code noInput}, standard input is {@code /dev/null}, as systemd, Docker without a terminal, cron and
     * {@code nohup ... &} give it.
     */
    static CarbineProcess launch(Path home, int port, List<String> command, boolean noInput) throws IOException {
        return launch(home, port, command, noInput, Map.of());
    }

    /** As {@link #launch(Path, int, List, boolean)}, with more environment variables (secrets a service file gives). */
    static CarbineProcess launch(Path home, int port, List<String> command, boolean noInput, Map<String, String> env)
            throws IOException {
        Path log = home.resolve("carbine.out");
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (noInput) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        pb.environment().put("CARBINE_ADMIN_PASSWORD", PASSWORD);
        pb.environment().putAll(env);
        return new CarbineProcess(home, port, pb.start(), log);
    }

    /** Waits for the ready line (of this run) and an HTTP 200 on the dashboard; fails if the process exits. */
    void awaitReady() throws IOException {
        long logBefore = Files.exists(log) ? Files.size(log) : 0; // after a restart, the earlier run's ready line does not count
        CarbineProcess c = this;
        // both observed independently: the dashboard may answer before the ready line (which waits for a poll)
        Await.until(Duration.ofSeconds(90), "Carbine's ready line in " + log + " and HTTP 200 at " + c.base + "/", () -> {
            if (!c.process.isAlive()) throw new IllegalStateException("Carbine exited (" + c.process.exitValue() + "): " + c.tail());
            if (c.readyNanos == 0 && since(logBefore).contains("Carbine is ready")) c.readyNanos = System.nanoTime();
            if (c.firstOkNanos == 0) {
                try {
                    if (c.get("/").statusCode() == 200) c.firstOkNanos = System.nanoTime();
                } catch (IOException notYet) {
                    // connection refused until Jetty listens
                }
            }
            return c.readyNanos != 0 && c.firstOkNanos != 0 ? true : null;
        });
    }

    /** The process output written after byte {@code offset}. */
    String since(long offset) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset), StandardCharsets.UTF_8);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The printer state the simulator reports right now (its own JSON API, not the dashboard). */
    String printerState(String printerId) throws IOException, InterruptedException {
        HttpResponse<String> r = get("/api/v1/printers/" + printerId + "/status");
        Matcher m = Pattern.compile("\"state\"\\s*:\\s*\"([A-Za-z_]+)\"").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) throw new IllegalStateException("no state in " + r.statusCode() + " " + r.body());
        return m.group(1);
    }

    /** GET with the admin's credentials, as a browser sends them once the user logged in. */
    HttpResponse<String> getAsAdmin(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", auth()).build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- the Web Console's HTTP interface, exactly the requests its Bundles page sends

    private String auth() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** id, version and state of a bundle by symbolic name, from bundles.json; null if not installed. */
    String[] bundle(String symbolicName) throws IOException, InterruptedException {
        String json = http.send(HttpRequest.newBuilder(URI.create(base + "/system/console/bundles.json"))
                .header("Authorization", auth()).build(), HttpResponse.BodyHandlers.ofString()).body();
        for (var e : com.google.gson.JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("data")) {
            var b = e.getAsJsonObject();
            if (symbolicName.equals(b.get("symbolicName").getAsString())) {
                return new String[] { b.get("id").getAsString(), b.get("version").getAsString(), b.get("state").getAsString() };
            }
        }
        return null;
    }

    int bundleAction(long id, String action) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/system/console/bundles/" + id))
                .header("Authorization", auth()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=" + action)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** Install, or update the bundle of the same symbolic name, with a package refresh. */
    int install(byte[] jar, String fileName) throws IOException, InterruptedException {
        String boundary = "----carbine" + System.nanoTime();
        var body = new java.io.ByteArrayOutputStream();
        for (String[] f : new String[][] { { "action", "install" }, { "bundlestart", "start" }, { "refreshPackages", "true" } }) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f[0] + "\"\r\n\r\n" + f[1]
                    + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"bundlefile\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(jar);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(base + "/system/console/bundles")).header("Authorization", auth())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** Saves properties of a configuration as the Web Console's configuration form does. */
    int consoleSave(String pid, Map<String, String> values) throws IOException, InterruptedException {
        StringBuilder form = new StringBuilder("apply=true&action=ajaxConfigManager&propertylist=")
                .append(String.join(",", values.keySet()));
        values.forEach((k, v) -> form.append('&').append(k).append('=').append(v));
        return http.send(HttpRequest.newBuilder(URI.create(base + "/system/console/configMgr/" + pid))
                .header("Authorization", auth()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    /** A property's value as the Web Console shows it. */
    String consoleValue(String pid, String property) throws IOException, InterruptedException {
        String json = http.send(HttpRequest.newBuilder(URI.create(base + "/system/console/configMgr/" + pid + ".json"))
                .header("Authorization", auth()).build(), HttpResponse.BodyHandlers.ofString()).body();
        return com.google.gson.JsonParser.parseString(json).getAsJsonArray().get(0).getAsJsonObject()
                .getAsJsonObject("properties").getAsJsonObject(property).get("value").getAsString();
    }

    /** `jcmd` of the JDK running the tests, against the Carbine process. */
    String jcmd(String... args) throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        List<String> cmd = new ArrayList<>(List.of(java.resolveSibling("jcmd").toString(), String.valueOf(process.pid())));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("jcmd " + String.join(" ", args) + ": " + out);
        return out;
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** {@code target/carbine-<name>}, emptied, with its data, conf and deploy directories. */
    static Path freshHome(String name) throws IOException {
        Path home = Path.of(System.getProperty("browser.target", "target"), "carbine-" + name).toAbsolutePath();
        deleteTree(home);
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("deploy"));
        return home;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
