package carbine.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectService;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import carbine.api.event.CarbineTopics;
import carbine.api.notify.Notifications;

/**
 * Benchmark, not a test: enabled only by the framework property {@code carbine.bench=true} ({@code bench.bndrun});
 * the normal test run reports it as skipped. Alert → delivered inside the running Carbine: a webhook channel
 * configured through Config Admin (a secret, {@code groupWaitSeconds} 0 or the default 30, nothing else but a
 * {@code printers} filter naming this bench's printers), alert events posted to Event Admin as {@code carbine.alerts}
 * posts them ({@code carbine/alert/RAISED}, simple values), and {@link NotifyTest.Receiver}, which checks each
 * request's signature, on loopback. Everything between is the runtime's own: Event Admin, {@code carbine.notify}'s
 * router component with its outbox in the data directory and its one-second round, the webhook channel's HTTP
 * client. An alert's latency runs from {@code postEvent} to the receiver having read the body that lists it.
 *
 * <pre>
 * ./mvnw -B -Pbench verify -pl run -DskipTests=false -Dtest=carbine.run.NotifyBench
 * </pre>
 */
@EnabledIf("benchRequested")
class NotifyBench {
    static boolean benchRequested() {
        return Boolean.parseBoolean(FrameworkUtil.getBundle(NotifyBench.class).getBundleContext()
                .getProperty("carbine.bench"));
    }

    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    EventAdmin events;
    @InjectService(timeout = 10_000)
    Notifications notifications;

    record Result(String scenario, long groupWait, int alerts, int messages, int duplicates, int unsigned,
            double median, double p99, double max, List<Integer> perMessage) {}

    @Test
    void alertToDelivered() throws Exception {
        int runs = Integer.getInteger("bench.notifyRuns", 3);
        int singles = Integer.getInteger("bench.singles", 20);
        int burst = Integer.getInteger("bench.burst", 1000);
        String run = Long.toString(System.currentTimeMillis(), 36);
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "| run | scenario | group wait s | alerts "
                + "| messages | duplicates | bad signatures | median ms | p99 ms | max ms | alerts per message |%n"
                + "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|%n"));
        // warm-up, not reported
        measure("warm" + run, 0, 5, 200);
        for (int r = 1; r <= runs; r++) {
            for (long wait : new long[] {0, 30}) {
                for (Result x : measure(run + "r" + r + "w" + wait, wait, wait == 0 ? singles : 5, burst)) {
                    String row = String.format(Locale.ROOT, "| %d | %s | %d | %d | %d | %d | %d | %.1f | %.1f | %.1f | %s |%n",
                            r, x.scenario(), x.groupWait(), x.alerts(), x.messages(), x.duplicates(), x.unsigned(),
                            x.median(), x.p99(), x.max(), x.perMessage().size() <= 8 ? x.perMessage()
                                    : x.perMessage().size() + " messages");
                    System.out.print("NotifyBench " + row);
                    report.append(row);
                }
            }
        }
        Path out = Path.of(System.getProperty("bench.notifyReport", "target/bench/notify.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("NotifyBench report written to " + out.toAbsolutePath() + System.lineSeparator() + report);
    }

    /**
     * One channel with this group wait: single alerts (with group wait 0 one after another, each awaited, posted at
     * a random moment of the router's round; otherwise each of its own kind, all within one round), then a burst of
     * one kind on {@code burst} printers, posted at once.
     */
    private List<Result> measure(String prefix, long groupWait, int singles, int burst) throws Exception {
        String name = "bench-" + prefix;
        List<Result> results = new ArrayList<>();
        try (NotifyTest.Receiver receiver = new NotifyTest.Receiver()) {
            Configuration hook = cm.getFactoryConfiguration("carbine.notify.webhook", name, "?");
            hook.update(Carbines.props("url", receiver.url(), "secret", NotifyTest.SECRET, "printers", prefix + "-*",
                    "groupWaitSeconds", groupWait, "name", name));
            try {
                Await.value(() -> notifications.channels().stream()
                        .filter(c -> c.name().equals("webhook '" + name + "'")).findFirst().orElse(null));
                Map<String, Long> posted = new HashMap<>();
                java.util.Random random = new java.util.Random(42);
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < singles; i++) {
                    String id = prefix + "-s" + i;
                    ids.add(id);
                    post(posted, id, prefix + "-single-" + i, groupWait == 0 ? "HARD_FAILURE" : "KIND_" + i);
                    if (groupWait == 0) {
                        awaitAll(receiver, List.of(id), Duration.ofSeconds(30));
                        Thread.sleep(random.nextLong(1000)); // a random phase of the router's one-second round
                    } else {
                        Thread.sleep(random.nextLong(1000 / singles));
                    }
                }
                awaitAll(receiver, ids, Duration.ofSeconds(groupWait + 60));
                int before = receiver.requests().size();
                results.add(result("single", groupWait, ids, posted, receiver, 0));

                List<String> burstIds = new ArrayList<>();
                for (int i = 0; i < burst; i++) {
                    String id = prefix + "-b" + i;
                    burstIds.add(id);
                    post(posted, id, String.format(Locale.ROOT, "%s-farm-%04d", prefix, i), "HARD_FAILURE");
                }
                awaitAll(receiver, burstIds, Duration.ofSeconds(groupWait + 300));
                Thread.sleep(3000); // three more rounds: a message sent twice would arrive now
                results.add(result("burst", groupWait, burstIds, posted, receiver, before));
            } finally {
                hook.delete();
            }
        }
        return results;
    }

    private void post(Map<String, Long> posted, String id, String printer, String kind) {
        Map<String, Object> p = new HashMap<>();
        p.put(CarbineTopics.ALERT_ID, id);
        p.put(CarbineTopics.PRINTER, printer);
        p.put(CarbineTopics.DETECTOR, "rules");
        p.put(CarbineTopics.KIND, kind);
        p.put(CarbineTopics.SEVERITY, "CRITICAL");
        p.put(CarbineTopics.MESSAGE, "printer reports ERROR: heater fault");
        p.put(CarbineTopics.STATE, "ACTIVE");
        p.put(CarbineTopics.TIME, Instant.now().toString());
        posted.put(id, System.nanoTime());
        events.postEvent(new Event(CarbineTopics.ALERT_RAISED, p));
    }

    private static Map<String, Long> arrivals(NotifyTest.Receiver receiver, int from) {
        Map<String, Long> arrivals = new HashMap<>();
        List<NotifyTest.Receiver.Request> requests = receiver.requests();
        for (NotifyTest.Receiver.Request r : requests.subList(from, requests.size())) {
            for (JsonElement a : JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonArray("alerts")) {
                arrivals.putIfAbsent(a.getAsJsonObject().get("id").getAsString(), r.nanos());
            }
        }
        return arrivals;
    }

    private static void awaitAll(NotifyTest.Receiver receiver, List<String> ids, Duration timeout) {
        Await.until(timeout, () -> {
            Map<String, Long> arrived = arrivals(receiver, 0);
            long missing = ids.stream().filter(id -> !arrived.containsKey(id)).count();
            if (missing > 0) {
                throw new AssertionError(missing + " of " + ids.size() + " alerts not delivered yet");
            }
        });
    }

    private static Result result(String scenario, long groupWait, List<String> ids, Map<String, Long> posted,
            NotifyTest.Receiver receiver, int from) throws Exception {
        List<NotifyTest.Receiver.Request> requests = receiver.requests().subList(from, receiver.requests().size());
        Map<String, Long> arrivals = new HashMap<>();
        List<Integer> perMessage = new ArrayList<>();
        int duplicates = 0;
        int unsigned = 0;
        for (NotifyTest.Receiver.Request r : requests) {
            if (!NotifyTest.sign(r.rawBody()).equals(r.header("x-carbine-signature"))) {
                unsigned++;
                continue;
            }
            int n = 0;
            for (JsonElement a : JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonArray("alerts")) {
                n++;
                String id = a.getAsJsonObject().get("id").getAsString();
                if (ids.contains(id) && arrivals.putIfAbsent(id, r.nanos()) != null) {
                    duplicates++;
                }
            }
            perMessage.add(n);
        }
        List<Double> latencies = ids.stream().map(id -> (arrivals.get(id) - posted.get(id)) / 1e6).sorted().toList();
        return new Result(scenario, groupWait, ids.size(), perMessage.size(), duplicates, unsigned,
                percentile(latencies, 0.5), percentile(latencies, 0.99), latencies.get(latencies.size() - 1),
                perMessage);
    }

    /** Nearest rank. */
    static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
