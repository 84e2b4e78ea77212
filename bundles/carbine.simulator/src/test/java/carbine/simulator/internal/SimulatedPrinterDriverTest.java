package carbine.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import carbine.api.driver.PrinterDriver;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;
import carbine.simulator.Simulator;

class SimulatedPrinterDriverTest {
    private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");
    private final MutableClock clock = new MutableClock(START);

    private SimulatedPrinterDriver driver(TestConfig config) {
        return new SimulatedPrinterDriver(Settings.from(config, p -> {}), clock);
    }

    @Test
    void servesExactlyItsPrinter() throws Exception {
        SimulatedPrinterDriver driver = driver(new TestConfig().printerId("lab-3"));

        assertThat(driver.printerIds()).containsExactly("lab-3");
        assertThat(driver.sample("lab-3").printerId()).isEqualTo("lab-3");
        assertThatThrownBy(() -> driver.sample("printer-1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("printer-1").hasMessageContaining("lab-3");
    }

    @Test
    void sampleTimeIsTheSimulatedClockAndTheModelRunsScaled() throws Exception {
        SimulatedPrinterDriver driver = driver(new TestConfig().timeScale(10).phaseSeconds(60));

        clock.advance(Duration.ofSeconds(5)); // 50 simulated seconds: still idle
        TelemetrySample idle = driver.sample("printer-1");
        assertThat(idle.time()).isEqualTo(START.plusSeconds(50));
        assertThat(idle.state()).isEqualTo(PrinterState.IDLE);

        clock.advance(Duration.ofSeconds(15)); // 200 simulated seconds: ERROR of the first cycle
        TelemetrySample error = driver.sample("printer-1");
        assertThat(error.time()).isEqualTo(START.plusSeconds(200));
        assertThat(error.state()).isEqualTo(PrinterState.ERROR);
    }

    @Test
    void aFarmServesNumberedPrintersEachWithItsOwnNoise() throws Exception {
        SimulatedPrinterDriver driver = driver(new TestConfig().printerId("farm").count(3).scenario("normal"));
        assertThat(driver.printerIds()).containsExactly("farm-0001", "farm-0002", "farm-0003");
        clock.advance(Duration.ofSeconds(100)); // heating: noisy readings
        TelemetrySample a = driver.sample("farm-0001");
        TelemetrySample b = driver.sample("farm-0002");
        assertThat(a.printerId()).isEqualTo("farm-0001");
        assertThat(a.nozzleActual()).isNotEqualTo(b.nozzleActual());
        assertThatThrownBy(() -> driver.sample("farm")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sampleTimeIsTheWallClockAtScaleOne() throws Exception {
        SimulatedPrinterDriver driver = driver(new TestConfig().timeScale(1));
        clock.advance(Duration.ofSeconds(7));
        assertThat(driver.sample("printer-1").time()).isEqualTo(START.plusSeconds(7));
    }

    @Test
    void catchesUpALongGap() throws Exception {
        SimulatedPrinterDriver driver = driver(new TestConfig().scenario("normal").timeScale(100));
        clock.advance(Duration.ofHours(1)); // 100 simulated hours

        TelemetrySample s = driver.sample("printer-1");
        assertThat(s.state()).isEqualTo(PrinterState.PRINTING);
        assertThat(s.nozzleActual()).isBetween(205.0, 215.0);
    }

    @Test
    void severalThreadsMaySampleAtOnce() throws Exception {
        SimulatedPrinterDriver driver = driver(new TestConfig().timeScale(50));
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<TelemetrySample>>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    List<TelemetrySample> samples = new ArrayList<>();
                    for (int n = 0; n < 200; n++) {
                        clock.advance(Duration.ofMillis(10));
                        samples.add(driver.sample("printer-1"));
                    }
                    return samples;
                }));
            }
            go.countDown();
            for (Future<List<TelemetrySample>> result : results) {
                List<TelemetrySample> samples = result.get(30, TimeUnit.SECONDS);
                assertThat(samples).hasSize(200).allSatisfy(s -> assertThat(s.printerId()).isEqualTo("printer-1"));
                for (int n = 1; n < samples.size(); n++) {
                    assertThat(samples.get(n).time()).isAfterOrEqualTo(samples.get(n - 1).time());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void serviceProperties() {
        SimulatedPrinterDriver driver = driver(new TestConfig().printerId("lab-3").scenario("fan_failure"));

        assertThat(driver.serviceProperties())
                .containsEntry(PrinterDriver.NAME_PROPERTY, "simulator lab-3")
                .containsEntry(Simulator.MARKER_PROPERTY, Boolean.TRUE)
                .containsEntry(Simulator.PRINTER_PROPERTY, "lab-3")
                .containsEntry(Simulator.SCENARIO_PROPERTY, "fan_failure")
                .doesNotContainKey(Simulator.NAME_PROPERTY);
        assertThat(driver(new TestConfig().name("Prusa in the lab")).serviceProperties())
                .containsEntry(Simulator.NAME_PROPERTY, "Prusa in the lab");
    }
}
