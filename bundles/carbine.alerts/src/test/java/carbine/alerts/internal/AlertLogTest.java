package carbine.alerts.internal;

import static carbine.alerts.internal.Samples.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import carbine.api.alert.Alert;
import carbine.api.alert.AlertState;
import carbine.api.alert.Severity;

class AlertLogTest {
    @TempDir
    Path dir;

    private static AlertChange change(String printer, String message) {
        Alert a = new Alert("0123456789ab", printer, "rules", "THERMAL_RUNAWAY", Severity.CRITICAL, message, T0, T0, 1,
                Double.NaN, AlertState.ACTIVE, null);
        return new AlertChange(AlertChange.Type.RAISED, a, T0.plusSeconds(3));
    }

    @Test
    void aLineHasTimeSeverityPrinterDetectorKindChangeAndMessage() {
        assertThat(AlertLog.format(change("mk4-1", "nozzle 197.0 °C is 22.0 °C below target 219.0 °C"))).isEqualTo(
                "2026-11-24T10:00:03Z CRITICAL mk4-1 rules THERMAL_RUNAWAY RAISED nozzle 197.0 °C is 22.0 °C below target 219.0 °C");
    }

    @Test
    void aMultiLineMessageStaysOnOneLine() {
        assertThat(AlertLog.format(change("p1", "first\r\nsecond\nthird"))).endsWith("RAISED first second third");
    }

    @Test
    void linesAreAppendedAndOnDiskAtOnce() throws Exception {
        AlertLog log = new AlertLog(dir.resolve("alerts.log"));
        log.append(change("p1", "one"));
        assertThat(Files.readAllLines(log.file())).hasSize(1);
        log.append(change("p2", "two"));
        assertThat(Files.readAllLines(log.file())).extracting(l -> l.split(" ")[2]).containsExactly("p1", "p2");
    }

    @Test
    void concurrentWritersNeverInterleave() throws Exception {
        AlertLog log = new AlertLog(dir.resolve("alerts.log"));
        AlertLog second = new AlertLog(dir.resolve("alerts.log")); // another instance on the same file
        String longMessage = "x".repeat(3000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                AlertLog writer = t % 2 == 0 ? log : second;
                String printer = "p" + t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 100; i++) {
                        writer.append(change(printer, longMessage));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.readAllLines(log.file())).hasSize(400)
                .allSatisfy(l -> assertThat(l).matches("\\S+ CRITICAL p[0-3] rules THERMAL_RUNAWAY RAISED x{3000}"));
    }
}
