package carbine.driver.prusalink.internal;

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
 * What the driver promises against any PrusaLink, the protocol peer or a real printer: a sample of the printer, the
 * password refused by name, a wrong base URL named, thread safety (concurrent polls share one nonce).
 */
abstract class PrusaLinkDriverContract {
    private static final String PRINTER = "contract-1";
    private final List<PrusaLinkPrinterDriver> drivers = new ArrayList<>();

    /** PrusaLink's base URL. */
    abstract URI baseUrl();

    /** The password PrusaLink accepts for user maker. */
    abstract String password();

    /** Time allowed per answer; a real printer may need more than the peer. */
    Duration timeout() {
        return Duration.ofSeconds(5);
    }

    PrusaLinkPrinterDriver driver(URI url, String password) {
        PrusaLinkSettings.Validation validation = PrusaLinkSettings.from(Map.of("printerId", PRINTER, "url",
                url.toString(), "password", password, "timeoutMillis", timeout().toMillis()));
        assertThat(validation.errors()).isEmpty();
        PrusaLinkPrinterDriver driver = new PrusaLinkPrinterDriver(validation.settings(), Clock.systemUTC());
        drivers.add(driver);
        return driver;
    }

    @AfterEach
    void closeDrivers() {
        drivers.forEach(PrusaLinkPrinterDriver::close);
    }

    @Test
    void aSampleIsThePrintersState() throws Exception {
        Instant before = Instant.now();
        TelemetrySample sample = driver(baseUrl(), password()).sample(PRINTER);

        assertThat(sample.printerId()).isEqualTo(PRINTER);
        assertThat(sample.time()).isBetween(before, Instant.now());
        assertThat(sample.state()).isNotEqualTo(PrinterState.OFFLINE);
        if (sample.state() == PrinterState.ERROR) {
            assertThat(sample.error()).isNotBlank();
        } else {
            assertThat(sample.nozzleActual()).isNotNull();
        }
        if (sample.progress() != null) {
            assertThat(sample.progress()).isBetween(0.0, 100.0);
        }
    }

    @Test
    void aWrongPasswordIsRefusedByNameAndNotRepeated() {
        String wrong = "carbine-contract-wrong-password";

        assertThatThrownBy(() -> driver(baseUrl(), wrong).sample(PRINTER)).isInstanceOf(PrusaLinkException.class)
                .hasMessageStartingWith("PrusaLink refused the user name or password (HTTP 401 from " + baseUrl()
                        + "api/v1/status)")
                .hasMessageNotContaining(wrong).hasMessageNotContaining(password());
    }

    @Test
    void aUrlThatIsNotTheBaseUrlIsNamed() {
        URI wrong = baseUrl().resolve("carbine-no-such-prefix/");

        assertThatThrownBy(() -> driver(wrong, password()).sample(PRINTER)).isInstanceOf(PrusaLinkException.class)
                .hasMessageStartingWith("HTTP 404 from " + wrong + "api/v1/status");
    }

    @Test
    void concurrentSamplesAgree() throws Exception {
        PrusaLinkPrinterDriver driver = driver(baseUrl(), password());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                outcomes.add(pool.submit(() -> driver.sample(PRINTER).state().name()));
            }
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get(30, TimeUnit.SECONDS));
            }
            // a real printer may change state between two samples; it cannot give something else than these
            assertThat(results).allSatisfy(r -> assertThat(r).isIn("IDLE", "PRINTING", "PAUSED", "ERROR"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUnknownPrinterIdIsRefused() {
        assertThatThrownBy(() -> driver(baseUrl(), password()).sample("other")).isInstanceOf(
                IllegalArgumentException.class).hasMessage("unknown printer: other (this driver serves " + PRINTER + ")");
    }
}
