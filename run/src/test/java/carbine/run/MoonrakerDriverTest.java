package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;

import carbine.api.alert.AlertService;
import carbine.api.fleet.Fleet;
import carbine.api.store.TelemetryStore;
import carbine.api.telemetry.PrinterState;
import carbine.driver.moonraker.peer.MoonrakerPeer;

/**
 * A Klipper printer behind Moonraker, played by the protocol peer of carbine.driver.moonraker's tests (a real
 * websocket server on loopback): configured through Config Admin, polled and stored; Klipper's shutdown becomes the
 * rule detector's hard-failure alert in Klipper's words; the peer going away takes the printer offline with a reason
 * naming the URL, and it comes back when the peer does.
 */
class MoonrakerDriverTest {
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    Fleet fleet;
    @InjectService(timeout = 10_000)
    TelemetryStore store;
    @InjectService(timeout = 10_000)
    AlertService alerts;

    private MoonrakerPeer peer;

    @BeforeEach
    void start() throws Exception {
        Carbines.pollEvery(cm, 200, "timeoutMillis", 1000, "offlineAfterFailures", 2);
        peer = MoonrakerPeer.start().requireApiKey("it-moonraker-key");
    }

    @AfterEach
    void stop() {
        peer.close();
    }

    @Test
    void aKlipperPrinterIsPolledItsShutdownIsAHardFailureAndItGoesOfflineWithMoonraker() throws Exception {
        String id = Carbines.printerId("voron");
        Instant start = Instant.now();
        Configuration config = cm.getFactoryConfiguration("carbine.driver.moonraker", id, "?");
        config.update(Carbines.props("printerId", id, "url", peer.url(), "apiKey", "it-moonraker-key",
                "timeoutMillis", 800));
        try {
            Await.until(() -> assertThat(fleet.printer(id)).hasValueSatisfying(p -> {
                assertThat(p.online()).isTrue();
                assertThat(p.driver()).isEqualTo("moonraker " + id);
                assertThat(p.latest().nozzleActual()).isEqualTo(24.8);
            }));

            peer.update("extruder", "temperature", 180.5, "target", 210.0, "power", 1.0);
            Await.until(() -> assertThat(fleet.printer(id)).hasValueSatisfying(p -> {
                assertThat(p.latest().nozzleActual()).isEqualTo(180.5);
                assertThat(p.latest().heaterPower()).isEqualTo(1.0);
            }));
            Await.until(() -> assertThat(store.count(id, start, Instant.now().plusSeconds(60))).isGreaterThan(2));

            peer.shutdown(MoonrakerPeer.LOST_MCU_MESSAGE);
            Await.until(() -> assertThat(alerts.open()).anySatisfy(alert -> {
                assertThat(alert.printerId()).isEqualTo(id);
                assertThat(alert.kind()).isEqualTo("HARD_FAILURE");
                assertThat(alert.message()).isEqualTo("printer reports ERROR: Lost communication with MCU 'mcu'");
            }));
            assertThat(fleet.printer(id).orElseThrow().latest().state()).isEqualTo(PrinterState.ERROR);

            peer.stop();
            Await.until(() -> assertThat(fleet.printer(id)).hasValueSatisfying(p -> {
                assertThat(p.online()).isFalse();
                assertThat(p.lastError()).contains("ws://127.0.0.1:" + peer.port() + "/websocket");
            }));

            peer.restart();
            peer.ready();
            // reconnect back-off starts at 1 s and doubles: well within the deadline
            Await.until(Duration.ofSeconds(40), () -> assertThat(fleet.printer(id)).hasValueSatisfying(p -> {
                assertThat(p.online()).isTrue();
                assertThat(p.latest().state()).isEqualTo(PrinterState.IDLE);
            }));
        } finally {
            config.delete();
        }
        Await.until(() -> assertThat(fleet.printer(id)).isEmpty());
    }
}
