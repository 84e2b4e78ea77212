package carbine.run;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import carbine.api.event.CarbineTopics;
import carbine.api.fleet.Fleet;
import carbine.api.fleet.PrinterStatus;
import carbine.api.store.TelemetryStore;

/**
 * Benchmark, not a test: enabled only by the framework property {@code carbine.bench=true}, which {@code
 * bench.bndrun} sets ({@code run/carbine bench}); the normal test run reports it as skipped. How many simulated printers one Carbine polls at 5 s with every
 * sample stored in SQLite and judged by the rule detector, before a poll cycle overruns its interval.
 *
 * <p>For each fleet size: one simulator configuration with {@code count=N} (scenario overheat, so the fleet also
 * fails and raises alerts), wait until the poller sees all N, then measure {@code bench.cycles} cycles: duration
 * (from the poller's own CYCLE events), overruns, and how many samples reached the store.
 */
@EnabledIf("benchRequested")
class FleetBench {
    static boolean benchRequested() {
        return Boolean.parseBoolean(FrameworkUtil.getBundle(FleetBench.class).getBundleContext().getProperty("carbine.bench"));
    }

    @InjectBundleContext
    BundleContext context;
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    Fleet fleet;
    @InjectService(timeout = 10_000)
    TelemetryStore store;

    @Test
    void printersPolledEveryFiveSecondsWithEverySampleStoredAndJudged() throws Exception {
        int[] sizes = Arrays.stream(System.getProperty("bench.sizes", "1000 5000 10000 20000").trim().split("[,\\s]+"))
                .map(String::trim).mapToInt(Integer::parseInt).toArray();
        int cycles = Integer.getInteger("bench.cycles", 6);
        // bench.without: bundles (symbolic names) stopped first, to measure what one of them costs the fleet
        for (String bsn : System.getProperty("bench.without", "").trim().split("[,\\s]+")) {
            for (org.osgi.framework.Bundle b : context.getBundles()) {
                if (!bsn.isEmpty() && b.getSymbolicName().equals(bsn)) {
                    b.stop();
                    System.out.println("FleetBench: without " + bsn);
                }
            }
        }
        long interval = Long.getLong("bench.interval", 5000);

        BlockingQueue<Event> cycleEvents = new LinkedBlockingQueue<>();
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, cycleEvents::add,
                Carbines.props(EventConstants.EVENT_TOPIC, CarbineTopics.POLL_CYCLE));
        Carbines.pollEvery(cm, interval, "timeoutMillis", 2000);

        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "| printers | cycles | median cycle ms | max cycle ms | overruns | failed polls | samples stored / expected | status.json current | heap used MB |%n"
                        + "|---:|---:|---:|---:|---:|---:|---:|:--:|---:|%n"));
        try {
            for (int n : sizes) {
                String base = "bench" + n;
                Configuration farm = Carbines.simulator(cm, base, "count", n, "scenario", "overheat");
                try {
                    // settle: wait for a cycle that polled the whole farm, then one more
                    waitForCycleOf(cycleEvents, n, Duration.ofMinutes(3));
                    waitForCycleOf(cycleEvents, n, Duration.ofMinutes(1));
                    Instant windowStart = Instant.now();
                    List<Long> durations = new ArrayList<>();
                    long failures = 0;
                    long lastCycle = 0;
                    for (int i = 0; i < cycles; i++) {
                        Event e = waitForCycleOf(cycleEvents, n, Duration.ofMinutes(2));
                        durations.add(((Number) e.getProperty(CarbineTopics.DURATION_MS)).longValue());
                        failures += ((Number) e.getProperty(CarbineTopics.FAILURES)).longValue();
                        lastCycle = ((Number) e.getProperty(CarbineTopics.CYCLE)).longValue();
                    }
                    String statusCurrent = statusFileReaches(lastCycle, Duration.ofSeconds((interval / 1000) * 2 + 10));
                    Instant windowEnd = Instant.now();
                    long stored = storedBetween(base, windowStart, windowEnd);
                    long expected = (long) n * cycles;
                    durations.sort(null);
                    long overruns = durations.stream().filter(d -> d > interval).count();
                    System.gc();
                    long heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
                    String row = String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %d / %d | %s | %d |%n", n,
                            cycles, durations.get(durations.size() / 2), durations.get(durations.size() - 1),
                            overruns, failures, stored, expected, statusCurrent, heapMb);
                    System.out.print("FleetBench " + row);
                    report.append(row);
                } finally {
                    farm.delete();
                }
                Await.until(Duration.ofMinutes(1), () -> org.assertj.core.api.Assertions
                        .assertThat(fleet.printers().stream().filter(p -> p.printerId().startsWith(base))).isEmpty());
                cycleEvents.clear();
            }
        } finally {
            handler.unregister();
            Carbines.pollEvery(cm, 200, "timeoutMillis", 500);
        }
        Path out = Path.of(System.getProperty("bench.report", "target/bench/fleet.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("FleetBench report written to " + out.toAbsolutePath() + System.lineSeparator() + report);
    }

    /** "yes" once status.json shows the cycle (or a later one); otherwise the cycle it is stuck at. */
    private String statusFileReaches(long cycle, Duration timeout) throws Exception {
        Path file = Carbines.dataDir(context).resolve("status.json");
        Pattern cyclePattern = Pattern.compile("\"cycle\"\\s*:\\s*(\\d+)");
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                try (java.io.Reader r = Files.newBufferedReader(file)) {
                    char[] head = new char[256]; // "cycle" is written before the (long) printer list
                    int len = r.read(head);
                    Matcher m = cyclePattern.matcher(new String(head, 0, Math.max(len, 0)));
                    if (m.find()) {
                        seen = Long.parseLong(m.group(1));
                        if (seen >= cycle) {
                            return "yes";
                        }
                    }
                }
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling the file with a deadline
        }
        return "NO (cycle " + seen + " < " + cycle + ")";
    }

    /** The next CYCLE event whose poll covered all n printers of the farm. */
    private static Event waitForCycleOf(BlockingQueue<Event> events, int n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Event e = events.poll(1, TimeUnit.SECONDS);
            if (e != null && ((Number) e.getProperty(CarbineTopics.PRINTERS)).intValue() >= n) {
                return e;
            }
        }
        throw new AssertionError("no poll cycle of " + n + " printers within " + timeout);
    }

    /**
     * Samples of the farm's printers stored with event times inside the window. The store commits in batches, so
     * wait until the count stops growing (everything acknowledged has landed).
     */
    private long storedBetween(String base, Instant from, Instant to) throws InterruptedException {
        List<String> ids = fleet.printers().stream().map(PrinterStatus::printerId).filter(id -> id.startsWith(base))
                .toList();
        long previous = -1;
        long total = 0;
        for (int attempt = 0; attempt < 20 && total != previous; attempt++) {
            previous = total;
            total = 0;
            for (String id : ids) {
                total += store.count(id, from, to);
            }
            TimeUnit.MILLISECONDS.sleep(250); // polling the store until it settles, not synchronisation
        }
        return total;
    }
}
