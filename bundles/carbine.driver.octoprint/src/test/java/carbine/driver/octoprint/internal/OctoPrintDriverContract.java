package carbine.driver.octoprint.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * What the driver promises against any OctoPrint server, the protocol peer or a real one: a sample of the printer
 * (or a clear "not connected" failure), the key refused by name, a wrong base URL named, thread safety.
 */
abstract class OctoPrintDriverContract {
    private static final String PRINTER = "contract-1";
    private final List<OctoPrintPrinterDriver> drivers = new ArrayList<>();

    /** The server's base URL. */
    abstract URI baseUrl();

    /** A key the server accepts. */
    abstract String apiKey();

    /** Time allowed per answer; a real server on a Raspberry Pi may need more than the peer. */
    Duration timeout() {
        return Duration.ofSeconds(5);
    }

    OctoPrintPrinterDriver driver(URI url, String key) {
        OctoPrintSettings.Validation validation = OctoPrintSettings.from(Map.of("printerId", PRINTER, "url",
                url.toString(), "apiKey", key, "timeoutMillis", timeout().toMillis()));
        assertThat(validation.errors()).isEmpty();
        OctoPrintPrinterDriver driver = new OctoPrintPrinterDriver(validation.settings(), Clock.systemUTC());
        drivers.add(driver);
        return driver;
    }

    @AfterEach
    void closeDrivers() {
        drivers.forEach(OctoPrintPrinterDriver::close);
    }

    @Test
    void aSampleIsThePrintersStateOrANamedNotConnectedFailure() throws Exception {
        Instant before = Instant.now();
        TelemetrySample sample;
        try {
            sample = driver(baseUrl(), apiKey()).sample(PRINTER);
        } catch (PrinterNotConnectedException e) {
            assertThat(e).hasMessageContaining(baseUrl().toString()).hasMessageContaining("not connected");
            return;
        }
        assertThat(sample.printerId()).isEqualTo(PRINTER);
        assertThat(sample.time()).isBetween(before, Instant.now());
        assertThat(sample.state()).isNotEqualTo(PrinterState.OFFLINE);
        if (sample.state() == PrinterState.ERROR) {
            assertThat(sample.error()).isNotBlank();
        } else {
            assertThat(sample.nozzleActual()).isNotNull();
            assertThat(sample.error()).isNull();
        }
        if (sample.progress() != null) {
            assertThat(sample.progress()).isBetween(0.0, 100.0);
        }
    }

    @Test
    void aWrongKeyIsRefusedByNameAndNotRepeated() {
        String wrongKey = "carbine-contract-wrong-key-0123456789";

        assertThatThrownBy(() -> driver(baseUrl(), wrongKey).sample(PRINTER)).isInstanceOf(OctoPrintException.class)
                .hasMessageStartingWith("OctoPrint refused the API key (HTTP 403 from " + baseUrl() + "api/")
                .hasMessageNotContaining(wrongKey).hasMessageNotContaining(apiKey());
    }

    @Test
    void aUrlThatIsNotTheBaseUrlIsNamed() {
        URI wrong = baseUrl().resolve("carbine-no-such-prefix/");

        assertThatThrownBy(() -> driver(wrong, apiKey()).sample(PRINTER)).isInstanceOf(OctoPrintException.class)
                .hasMessageStartingWith("HTTP 404 from " + wrong + "api/")
                .hasMessageContaining("is this the OctoPrint server's base URL?");
    }

    @Test
    void concurrentSamplesAgree() throws Exception {
        OctoPrintPrinterDriver driver = driver(baseUrl(), apiKey());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                outcomes.add(pool.submit(() -> {
                    try {
                        return driver.sample(PRINTER).state().name();
                    } catch (PrinterNotConnectedException e) {
                        return "not connected";
                    }
                }));
            }
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get(30, TimeUnit.SECONDS));
            }
            // a real printer may change state between two samples; it cannot give something else than these
            assertThat(results).allSatisfy(r -> assertThat(r).isIn("IDLE", "PRINTING", "PAUSED", "ERROR",
                    "not connected"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUnknownPrinterIdIsRefused() {
        assertThatThrownBy(() -> driver(baseUrl(), apiKey()).sample("other")).isInstanceOf(
                IllegalArgumentException.class).hasMessage("unknown printer: other (this driver serves " + PRINTER + ")");
    }

}
