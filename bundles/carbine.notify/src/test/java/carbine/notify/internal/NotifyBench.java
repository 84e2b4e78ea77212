package carbine.notify.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.osgi.service.event.Event;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.event.CarbineTopics;
import carbine.api.notify.Notifier;

/**
 * Benchmark, not a test (its name ends in Bench, so Surefire does not run it): alert → delivered through the real
 * notification path, in one JVM, and what a burst becomes. Per scenario a fresh outbox file ({@link Outbox}, SQLite,
 * WAL, {@code synchronous=FULL}), a {@link Router} on the system clock with deliveries on virtual threads and
 * {@link Router#tick()} every {@code bench.tickMillis} (1000, fixed delay: what {@link RouterComponent} does), one
 * {@link WebhookNotifier} with a secret, and a real HTTP {@link Receiver} on loopback whose every request is checked
 * (HMAC signature, JSON) and time-stamped. Alerts go in as Event Admin events ({@code carbine/alert/RAISED} with the
 * properties {@code carbine.alerts} posts), read by {@link AlertEvents} and handed to {@link Router#onAlertEvent} by
 * one handler thread that takes them from a queue in order, as Event Admin's asynchronous delivery does; an alert's
 * latency runs from the moment it is posted to that queue to the moment the receiver has read the body that lists it.
 *
 * <pre>
 * ./mvnw -B -q -pl bundles/carbine.notify test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=carbine.notify.internal.NotifyBench -Dbench.runs=3
 * </pre>
 *
 * Scenarios ({@code bench.scenarios}, all by default), each run {@code bench.runs} times after one warm-up:
 * <ul>
 * <li>{@code single0}: {@code bench.singles} (50) alerts one after another with {@code groupWaitSeconds=0} (the
 * smallest the routing accepts), each posted at a random moment of the router's round and awaited;</li>
 * <li>{@code burst0}: {@code bench.burst} (1,000) alerts of one kind on as many printers, posted at once, group wait 0;</li>
 * <li>{@code single30}: {@code bench.singles30} (5) alerts of different kinds (separate groups) at random moments
 * within one round, with the default group wait (30 s);</li>
 * <li>{@code burst30}: the burst with the default routing (group wait 30 s).</li>
 * </ul>
 * Columns: messages the receiver got (each verified), alerts listed twice ({@code dup}), latency median / p99 (nearest
 * rank) / max, {@code handled}: the median time from posting an alert to the handler having queued it on disk (its
 * wait in the event queue included), {@code events in}: from the first alert posted to the last one on disk,
 * {@code send}: the median duration of {@link Notifier#send} (one HTTP POST), the bytes received, and the rows the
 * outbox file keeps afterwards.
 */
public final class NotifyBench {
    static final String SECRET = "notify-bench-secret";
    static final long DEFAULT_GROUP_WAIT = Routing.DEFAULT_GROUP_WAIT_SECONDS;

    /** What one scenario measured; times in ms. */
    record Result(String scenario, long groupWait, int alerts, int messages, List<Integer> perMessage, int duplicates,
            double median, double p99, double max, double handleMs, double eventsInMs, List<Double> sendMs, long bytes,
            Map<String, Long> rows, long fileBytes, int errors) {}

    private NotifyBench() {}

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("bench.runs", 3);
        int singles = Integer.getInteger("bench.singles", 50);
        int singles30 = Integer.getInteger("bench.singles30", 5);
        int burst = Integer.getInteger("bench.burst", 1000);
        long tickMillis = Long.getLong("bench.tickMillis", 1000);
        List<String> only = List.of(System.getProperty("bench.scenarios", "single0 burst0 single30 burst30").trim()
                .split("[,\\s]+"));
        Random random = new Random(Long.getLong("bench.seed", 42));
        Path root = Files.createTempDirectory("carbine-notify-bench");
        System.out.printf(Locale.ROOT, "Carbine notify bench: %d run(s), round every %d ms, files under %s, %d cores%n",
                runs, tickMillis, root, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "one committed SQLite transaction (WAL, synchronous=FULL) in this directory: "
                + "median %.2f ms of 200%n", commitMillis(root.resolve("probe.db")));

        // warm-up: JIT, HTTP client, SQLite driver; not reported
        try (Rig rig = new Rig(root.resolve("warm-up"), 0, tickMillis)) {
            singles(rig, "warm", 10, true, tickMillis, random);
            burst(rig, "warm", 200);
        }

        Map<String, List<Result>> all = new LinkedHashMap<>();
        for (int run = 1; run <= runs; run++) {
            System.out.printf(Locale.ROOT, "%nrun %d%n", run);
            header();
            List<Result> results = new ArrayList<>();
            if (only.contains("single0")) {
                try (Rig rig = new Rig(root.resolve("run" + run + "-single0"), 0, tickMillis)) {
                    results.add(rig.result("single", 0, singles(rig, "s" + run, singles, true, tickMillis, random)));
                }
            }
            if (only.contains("burst0")) {
                try (Rig rig = new Rig(root.resolve("run" + run + "-burst0"), 0, tickMillis)) {
                    results.add(rig.result("burst", 0, burst(rig, "b" + run, burst)));
                }
            }
            if (only.contains("single30")) {
                try (Rig rig = new Rig(root.resolve("run" + run + "-single30"), DEFAULT_GROUP_WAIT, tickMillis)) {
                    results.add(rig.result("single", DEFAULT_GROUP_WAIT,
                            singles(rig, "t" + run, singles30, false, tickMillis, random)));
                }
            }
            if (only.contains("burst30")) {
                try (Rig rig = new Rig(root.resolve("run" + run + "-burst30"), DEFAULT_GROUP_WAIT, tickMillis)) {
                    results.add(rig.result("burst", DEFAULT_GROUP_WAIT, burst(rig, "c" + run, burst)));
                }
            }
            for (Result r : results) {
                row(r);
                all.computeIfAbsent(r.scenario() + " " + r.groupWait(), k -> new ArrayList<>()).add(r);
            }
        }
        if (runs > 1) {
            System.out.printf(Locale.ROOT, "%nmedians over %d runs (min–max of the per-run values)%n", runs);
            System.out.printf(Locale.ROOT, "%-8s %6s %6s %16s %24s %24s %20s %22s%n", "scenario", "wait s", "alerts",
                    "messages", "median ms", "p99 ms", "handled ms", "events in ms");
            for (List<Result> rs : all.values()) {
                Result first = rs.get(0);
                System.out.printf(Locale.ROOT, "%-8s %6d %6d %16s %24s %24s %20s %22s%n", first.scenario(),
                        first.groupWait(), first.alerts(), spread(rs.stream().map(r -> (double) r.messages())),
                        spread(rs.stream().map(Result::median)), spread(rs.stream().map(Result::p99)),
                        spread(rs.stream().map(Result::handleMs)), first.scenario().equals("burst")
                                ? spread(rs.stream().map(Result::eventsInMs)) : "-");
            }
        }
        deleteTree(root);
    }

    /** Alerts posted one at a time: sequential ones each awaited (then a random pause within a round), else all posted
     * at random moments within one round, each of its own kind (its own group). */
    static List<String> singles(Rig rig, String prefix, int count, boolean sequential, long tickMillis, Random random)
            throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + "-single-" + i;
            ids.add(id);
            rig.post(id, String.format(Locale.ROOT, "farm-%04d", i), sequential ? "HARD_FAILURE" : "KIND_" + i);
            if (sequential) {
                rig.await(List.of(id), Duration.ofSeconds(60));
            }
            Thread.sleep(random.nextLong(sequential ? tickMillis : tickMillis / count)); // a random phase of the round
        }
        rig.await(ids, Duration.ofSeconds(rig.groupWait + 120));
        return ids;
    }

    /** {@code count} alerts of one kind on as many printers, posted at once (a farm-wide failure). */
    static List<String> burst(Rig rig, String prefix, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + "-burst-" + i;
            ids.add(id);
            rig.post(id, String.format(Locale.ROOT, "farm-%04d", i), "HARD_FAILURE");
        }
        rig.await(ids, Duration.ofSeconds(rig.groupWait + 600));
        return ids;
    }

    /** The real path with its own outbox file, receiver and round timer. */
    static final class Rig implements AutoCloseable {
        private record Posted(Event event, long nanos) {}

        final long groupWait;
        final Path file;
        final Outbox outbox;
        final Receiver receiver;
        final WebhookNotifier webhook;
        final ExecutorService delivery = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("carbine-notify-", 0).factory());
        final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        final Router router;
        final CountingReports reports = new CountingReports();
        final BlockingQueue<Posted> events = new LinkedBlockingQueue<>();
        final Map<String, Long> posted = new ConcurrentHashMap<>();
        final Map<String, Long> handled = new ConcurrentHashMap<>();
        final List<Long> sendNanos = new CopyOnWriteArrayList<>();
        final Thread handler;
        final Map<String, Long> arrivals = new HashMap<>();
        final List<Integer> perMessage = new ArrayList<>();
        int requestsSeen;
        int duplicates;
        long bytes;

        Rig(Path dir, long groupWaitSeconds, long tickMillis) throws Exception {
            this.groupWait = groupWaitSeconds;
            this.file = dir.resolve(Outbox.FILE_NAME);
            outbox = Outbox.open(file);
            receiver = new Receiver();
            webhook = new WebhookNotifier(receiver.url("/hook"), SECRET);
            Notifier timed = n -> {
                long t0 = System.nanoTime();
                webhook.send(n);
                sendNanos.add(System.nanoTime() - t0);
            };
            router = new Router(Clock.systemDefaultZone(), outbox, delivery, Router.RetryPolicy.DEFAULTS, reports,
                    Optional::empty);
            router.add(new Router.Channel("carbine.notify.webhook~bench", "webhook 'bench'", timed,
                    Routing.from(Map.of(Notifier.GROUP_WAIT_SECONDS, groupWaitSeconds), reports::error), "webhook"));
            timer.scheduleWithFixedDelay(router::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
            handler = Thread.ofPlatform().name("bench-event-handler").start(this::handle);
        }

        /** Posts a RAISED event as carbine.alerts does (simple values, the time as ISO-8601 text). */
        void post(String id, String printer, String kind) {
            Map<String, Object> p = new HashMap<>();
            p.put(CarbineTopics.ALERT_ID, id);
            p.put(CarbineTopics.PRINTER, printer);
            p.put(CarbineTopics.DETECTOR, "rules");
            p.put(CarbineTopics.KIND, kind);
            p.put(CarbineTopics.SEVERITY, "CRITICAL");
            p.put(CarbineTopics.MESSAGE, "printer reports ERROR: heater fault");
            p.put(CarbineTopics.STATE, "ACTIVE");
            p.put(CarbineTopics.TIME, Instant.now().toString());
            long now = System.nanoTime();
            posted.put(id, now);
            events.add(new Posted(new Event(CarbineTopics.ALERT_RAISED, p), now));
        }

        /** Event Admin's asynchronous delivery to one handler: in order, one at a time (RouterComponent.handleEvent). */
        private void handle() {
            try {
                while (true) {
                    Posted e = events.take();
                    AlertEvents.read(e.event(), Instant.now()).ifPresent(router::onAlertEvent);
                    handled.put((String) e.event().getProperty(CarbineTopics.ALERT_ID), System.nanoTime());
                }
            } catch (InterruptedException stop) {
                // closing
            }
        }

        /** Polls the receiver until every id has arrived; every request must carry a valid signature. */
        void await(List<String> ids, Duration deadline) throws Exception {
            long end = System.nanoTime() + deadline.toNanos();
            while (true) {
                collect();
                if (ids.stream().allMatch(arrivals::containsKey)) {
                    return;
                }
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("after " + deadline + " only " + ids.stream()
                            .filter(arrivals::containsKey).count() + " of " + ids.size() + " alerts delivered; errors: "
                            + reports.errors);
                }
                Thread.sleep(5);
            }
        }

        private void collect() throws Exception {
            List<Receiver.Request> requests = receiver.requests();
            for (; requestsSeen < requests.size(); requestsSeen++) {
                Receiver.Request r = requests.get(requestsSeen);
                if (!ChannelShapesTest.verify(SECRET, r.body(), r.header(WebhookNotifier.SIGNATURE_HEADER))) {
                    throw new IllegalStateException("request " + requestsSeen + " has no valid signature");
                }
                JsonObject message = JsonParser.parseString(r.text()).getAsJsonObject();
                int n = 0;
                for (JsonElement a : message.getAsJsonArray("alerts")) {
                    n++;
                    if (arrivals.putIfAbsent(a.getAsJsonObject().get("id").getAsString(), r.nanos()) != null) {
                        duplicates++;
                    }
                }
                perMessage.add(n);
                bytes += r.body().length;
            }
        }

        Result result(String scenario, long wait, List<String> ids) throws Exception {
            // a few more rounds: anything sent twice would arrive now
            Thread.sleep(3000);
            collect();
            List<Double> latencies = ids.stream().map(id -> (arrivals.get(id) - posted.get(id)) / 1e6).sorted().toList();
            long firstPosted = ids.stream().mapToLong(posted::get).min().orElseThrow();
            long lastHandled = ids.stream().mapToLong(handled::get).max().orElseThrow();
            Map<String, Long> rows = new LinkedHashMap<>();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                    Statement s = c.createStatement()) {
                for (String table : List.of("seen", "pending", "tracked", "outbox", "deliveries")) {
                    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                        rows.put(table, rs.next() ? rs.getLong(1) : -1);
                    }
                }
            }
            long fileBytes = 0;
            try (Stream<Path> files = Files.list(file.getParent())) {
                for (Path f : files.toList()) {
                    fileBytes += Files.size(f);
                }
            }
            return new Result(scenario, wait, ids.size(), perMessage.size(), List.copyOf(perMessage), duplicates,
                    percentile(latencies, 0.5), percentile(latencies, 0.99), latencies.get(latencies.size() - 1),
                    percentile(ids.stream().map(id -> (handled.get(id) - posted.get(id)) / 1e6).sorted().toList(), 0.5),
                    (lastHandled - firstPosted) / 1e6, sendNanos.stream().map(n -> n / 1e6).toList(), bytes, rows,
                    fileBytes, reports.errors.get());
        }

        @Override
        public void close() throws Exception {
            handler.interrupt();
            handler.join();
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
            delivery.shutdownNow();
            delivery.awaitTermination(5, TimeUnit.SECONDS);
            webhook.close();
            receiver.close();
            outbox.close();
        }
    }

    static final class CountingReports implements Router.Reports {
        final AtomicInteger errors = new AtomicInteger();

        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {
            System.out.println("  WARN " + message);
        }

        @Override
        public void error(String message) {
            errors.incrementAndGet();
            System.out.println("  ERROR " + message);
        }

        @Override
        public void event(String topic, Map<String, Object> properties) {}
    }

    /** Nearest rank. */
    static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }

    static void header() {
        System.out.printf(Locale.ROOT, "%-8s %6s %6s %9s %4s %10s %9s %9s %10s %12s %8s %10s  %s%n", "scenario",
                "wait s", "alerts", "messages", "dup", "median ms", "p99 ms", "max ms", "handled ms", "events in ms",
                "send ms", "bytes",
                "alerts per message; rows left (seen/pending/tracked/outbox/deliveries); files");
    }

    static void row(Result r) {
        List<Double> sends = r.sendMs().stream().sorted().toList();
        String perMessage = r.perMessage().size() <= 8 ? r.perMessage().toString()
                : r.perMessage().stream().sorted(Comparator.reverseOrder()).limit(4).toList() + "... (largest 4)";
        System.out.printf(Locale.ROOT, "%-8s %6d %6d %9d %4d %10.1f %9.1f %9.1f %10.1f %12.1f %8s %10d  %s; %s; %,d B%s%n",
                r.scenario(), r.groupWait(), r.alerts(), r.messages(), r.duplicates(), r.median(), r.p99(), r.max(),
                r.handleMs(), r.eventsInMs(), sends.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f", percentile(sends, 0.5)),
                r.bytes(), perMessage, r.rows().values(), r.fileBytes(), r.errors() == 0 ? "" : "; " + r.errors()
                        + " ERROR lines");
    }

    static String spread(Stream<Double> values) {
        List<Double> v = values.sorted().toList();
        return String.format(Locale.ROOT, "%.1f (%.1f–%.1f)", v.get(v.size() / 2), v.get(0), v.get(v.size() - 1));
    }

    /** What one commit costs on this disk with the outbox's settings. */
    static double commitMillis(Path probe) throws Exception {
        List<Double> times = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + probe.toAbsolutePath());
                Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("CREATE TABLE t(x INTEGER)");
            for (int i = 0; i < 200; i++) {
                long t0 = System.nanoTime();
                s.executeUpdate("INSERT INTO t VALUES (" + i + ")");
                times.add((System.nanoTime() - t0) / 1e6);
            }
        }
        return percentile(times.stream().sorted().toList(), 0.5);
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
