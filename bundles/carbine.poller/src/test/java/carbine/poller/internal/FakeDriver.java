package carbine.poller.internal;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import carbine.api.driver.PrinterDriver;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/** A driver whose printers answer as the test tells them; counts every call. */
class FakeDriver implements PrinterDriver {
    @FunctionalInterface
    interface Answer {
        TelemetrySample sample(String printerId, Instant time) throws Exception;
    }

    final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Instant base = Instant.now();
    private final AtomicLong clock = new AtomicLong();
    volatile Answer answer = FakeDriver::printing;

    FakeDriver(String... printerIds) {
        ids.addAll(Set.of(printerIds));
    }

    FakeDriver answering(Answer a) {
        answer = a;
        return this;
    }

    @Override
    public Set<String> printerIds() {
        return ids;
    }

    @Override
    public TelemetrySample sample(String printerId) throws Exception {
        calls.computeIfAbsent(printerId, k -> new AtomicInteger()).incrementAndGet();
        return answer.sample(printerId, base.plusMillis(clock.incrementAndGet()));
    }

    int calls(String printerId) {
        AtomicInteger n = calls.get(printerId);
        return n == null ? 0 : n.get();
    }

    /** A realistic reading: printing PLA, everything in range. */
    static TelemetrySample printing(String printerId, Instant time) {
        return TelemetrySample.builder(printerId, time, PrinterState.PRINTING)
                .nozzle(209.6, 210.0)
                .bed(59.9, 60.0)
                .heaterPower(0.42)
                .fan(1.0, 6800.0)
                .filamentDetected(true)
                .filamentMoving(true)
                .progress(37.5)
                .build();
    }
}
