package carbine.driver.moonraker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * What the driver promises of any Moonraker, run against the peer ({@link PeerContractTest}) and, when configured,
 * against a real one ({@link LiveMoonrakerContractTest}). Read-only: it never sends a G-code or changes the printer.
 */
abstract class MoonrakerContract {
    /** Long enough for a real Moonraker on a busy Raspberry Pi. */
    static final Duration DEADLINE = Duration.ofSeconds(20);

    protected final Drivers.Lines log = new Drivers.Lines();
    private MoonrakerPrinterDriver driver;

    /** Moonraker's base URL. */
    protected abstract String url();

    /** The API key, null for a trusted client. */
    protected abstract String apiKey();

    private MoonrakerPrinterDriver driver() {
        if (driver == null) {
            driver = Drivers.start(url(), apiKey(), 5000, MoonrakerClient.Timing.DEFAULT, log);
        }
        return driver;
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    private TelemetrySample awaitSample() {
        TelemetrySample[] sample = new TelemetrySample[1];
        Await.until(DEADLINE, () -> sample[0] = driver().sample("voron"));
        return sample[0];
    }

    @Test
    void aReadyKlipperGivesASampleWithTheNozzleAndTheHeaterPower() {
        TelemetrySample sample = awaitSample();

        if (sample.state() == PrinterState.ERROR) {
            assertThat(sample.error()).as("an ERROR sample carries Klipper's message").isNotBlank();
            return;
        }
        // every Klipper printer has an [extruder]; its power is the duty Moonraker reports (Status_Reference "heater")
        assertThat(sample.nozzleActual()).isBetween(-50.0, 500.0);
        assertThat(sample.nozzleTarget()).isNotNull();
        assertThat(sample.heaterPower()).isBetween(0.0, 1.0);
        assertThat(sample.printerId()).isEqualTo("voron");
    }

    @Test
    void fractionsAreScaledAndAbsentFieldsStayAbsent() {
        TelemetrySample sample = awaitSample();

        if (sample.progress() != null) {
            assertThat(sample.progress()).isBetween(0.0, 100.0);
        }
        if (sample.fanSpeed() != null) {
            assertThat(sample.fanSpeed()).isBetween(0.0, 1.0);
        }
        if (sample.state() != PrinterState.ERROR) {
            assertThat(sample.error()).isNull();
        }
    }

    @Test
    void samplesAreTakenNowAndRepeatedPollsWork() throws Exception {
        TelemetrySample first = awaitSample();
        TelemetrySample second = driver().sample("voron");

        assertThat(first.time()).isBetween(Instant.now().minusSeconds(5), Instant.now());
        assertThat(second.time()).isAfterOrEqualTo(first.time());
        assertThat(second.state()).isNotEqualTo(PrinterState.OFFLINE);
    }

    @Test
    void theConnectionIsLoggedWithoutTheKey() {
        awaitSample();

        assertThat(log.lines).anySatisfy(line -> assertThat(line).contains("connected to ws"));
        if (apiKey() != null) {
            assertThat(log.lines).noneSatisfy(line -> assertThat(line).contains(apiKey()));
        }
    }
}
