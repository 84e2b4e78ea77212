package carbine.driver.moonraker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;
import carbine.driver.moonraker.peer.MoonrakerPeer;

/**
 * The driver against {@link MoonrakerPeer}, a real websocket server on loopback speaking Moonraker's documented
 * JSON-RPC: connect, {@code server.info}, objects list, subscribe, deltas, Klippy's state changes, reconnects,
 * garbage and authentication.
 */
class MoonrakerPrinterDriverTest {
    private MoonrakerPeer peer;
    private MoonrakerPrinterDriver driver;
    private final Drivers.Lines log = new Drivers.Lines();

    @BeforeEach
    void startPeer() throws IOException {
        peer = MoonrakerPeer.start();
    }

    @AfterEach
    void stopAll() {
        if (driver != null) {
            driver.close();
        }
        peer.close();
    }

    private TelemetrySample sample() throws Exception {
        return driver.sample("voron");
    }

    private void awaitReady() {
        Await.until(() -> assertThat(sample().nozzleActual()).isNotNull());
    }

    @Test
    void followsTheDocumentedStartupSequenceAndSubscribesToWhatTheSamplesNeed() throws Exception {
        driver = Drivers.start(peer.url(), null, log);
        awaitReady();

        // Moonraker docs/external_api/introduction.md: server.info first, query and subscribe only when ready
        assertThat(peer.methods()).containsExactly("server.info", "printer.objects.list", "printer.objects.query",
                "printer.objects.subscribe");
        // logged once subscribe has answered, which can be just after the baseline made the driver ready
        Await.until(() -> assertThat(log.lines).anySatisfy(line -> assertThat(line).startsWith("INFO Moonraker printer "
                + "voron: Klipper is ready; subscribed to webhooks, extruder, heater_bed, fan, print_stats, "
                + "virtual_sdcard, filament_switch_sensor runout, filament_motion_sensor encoder, heater_generic "
                + "chamber")));
        TelemetrySample sample = sample();
        assertThat(sample.state()).isEqualTo(PrinterState.IDLE);
        assertThat(sample.nozzleActual()).isEqualTo(24.8);
        assertThat(sample.bedActual()).isEqualTo(23.9);
        assertThat(sample.fanRpm()).isEqualTo(0.0);
        assertThat(sample.filamentDetected()).isTrue();
        assertThat(sample.filamentMoving()).isTrue();
        assertThat(sample.progress()).isEqualTo(0.0);
        // heater_generic chamber is the chamber; print_stats as Klipper reports it in standby; no layers set
        assertThat(sample.chamberActual()).isEqualTo(22.1);
        assertThat(sample.chamberTarget()).isEqualTo(0.0);
        assertThat(sample.bedPower()).isEqualTo(0.0);
        assertThat(sample.printDuration()).isEqualTo(0.0);
        assertThat(sample.filamentUsed()).isEqualTo(0.0);
        assertThat(sample.layer()).isNull();
        assertThat(sample.totalLayers()).isNull();
        assertThat(sample.sensors()).isEmpty();
        assertThat(sample.errorCode()).isNull();
    }

    @Test
    void namedSensorsBedPowerDurationFilamentAndLayersComeThroughSubscribeAndDeltas() throws Exception {
        // objects a Voron typically has (Status_Reference.md "temperature_sensor", "tmc drivers")
        peer.update("temperature_sensor mcu", "temperature", 43.1, "measured_min_temp", 21.0, "measured_max_temp", 47.0);
        peer.update("tmc2240 stepper_x", "temperature", 38.5, "run_current", 0.8);
        driver = Drivers.start(peer.url(), null, log);
        awaitReady();
        assertThat(sample().sensors()).containsOnly(java.util.Map.entry("mcu", 43.1),
                java.util.Map.entry("tmc2240 stepper_x", 38.5));

        com.google.gson.JsonObject info = new com.google.gson.JsonObject();
        info.addProperty("current_layer", 12);
        info.addProperty("total_layer", 240);
        peer.update("print_stats", "state", "printing", "print_duration", 754.2, "filament_used", 1520.5, "info", info);
        peer.update("heater_bed", "power", 0.64);
        peer.update("temperature_sensor mcu", "temperature", 45.0);
        peer.update("heater_generic chamber", "temperature", 40.5, "target", 45.0);

        Await.until(() -> {
            TelemetrySample sample = sample();
            assertThat(sample.printDuration()).isEqualTo(754.2);
            assertThat(sample.filamentUsed()).isEqualTo(1520.5);
            assertThat(sample.layer()).isEqualTo(12);
            assertThat(sample.totalLayers()).isEqualTo(240);
            assertThat(sample.bedPower()).isEqualTo(0.64);
            assertThat(sample.sensors()).containsOnly(java.util.Map.entry("mcu", 45.0),
                    java.util.Map.entry("tmc2240 stepper_x", 38.5));
            assertThat(sample.chamberActual()).isEqualTo(40.5);
            assertThat(sample.chamberTarget()).isEqualTo(45.0);
        });
    }

    @Test
    void deltasAreMergedIntoTheBaseline() throws Exception {
        driver = Drivers.start(peer.url(), null, log);
        awaitReady();

        peer.update("extruder", "target", 210.0, "power", 1.0);
        peer.update("print_stats", "state", "printing", "filename", "benchy.gcode");
        peer.update("extruder", "temperature", 150.5);
        peer.update("virtual_sdcard", "progress", 0.25);
        peer.update("fan", "speed", 0.8, "rpm", 5800.0);

        Await.until(() -> {
            TelemetrySample sample = sample();
            assertThat(sample.state()).isEqualTo(PrinterState.PRINTING);
            assertThat(sample.nozzleActual()).isEqualTo(150.5);
            assertThat(sample.nozzleTarget()).isEqualTo(210.0);
            assertThat(sample.heaterPower()).isEqualTo(1.0);
            assertThat(sample.progress()).isEqualTo(25.0);
            assertThat(sample.fanSpeed()).isEqualTo(0.8);
            assertThat(sample.fanRpm()).isEqualTo(5800.0);
            assertThat(sample.bedActual()).as("untouched by the deltas").isEqualTo(23.9);
        });
    }

    @Test
    void aShutdownIsAnErrorWithKlippersOwnWordsAndReadyBringsTheReadingsBack() throws Exception {
        driver = Drivers.start(peer.url(), null, log);
        awaitReady();

        peer.shutdown(MoonrakerPeer.LOST_MCU_MESSAGE);

        Await.until(() -> {
            TelemetrySample sample = sample();
            assertThat(sample.state()).isEqualTo(PrinterState.ERROR);
            assertThat(sample.error()).isEqualTo("Lost communication with MCU 'mcu'");
            assertThat(sample.errorCode()).isEqualTo("shutdown");
        });
        // the webhooks delta can carry the shutdown before notify_klippy_shutdown makes the driver ask printer.info
        Await.until(() -> assertThat(peer.methods()).contains("printer.info"));

        peer.ready();
        Await.until(() -> {
            TelemetrySample sample = sample();
            assertThat(sample.state()).isEqualTo(PrinterState.IDLE);
            assertThat(sample.nozzleActual()).isEqualTo(24.8);
        });
    }

    @Test
    void aPrinterAlreadyShutDownAtConnectReportsTheMessageOfPrinterInfo() throws Exception {
        peer.klippyState("shutdown", "Heater extruder not heating at expected rate\nSee the 'verify_heater' section");
        driver = Drivers.start(peer.url(), null, log);

        Await.until(() -> assertThat(sample().error()).isEqualTo("Heater extruder not heating at expected rate"));
        assertThat(sample().state()).isEqualTo(PrinterState.ERROR);
        assertThat(peer.methods()).doesNotContain("printer.objects.subscribe");
    }

    @Test
    void klipperDisconnectedOrStartingIsOfflineWithThatReasonUntilReady() throws Exception {
        driver = Drivers.start(peer.url(), null, log);
        awaitReady();

        peer.disconnectKlippy();
        Await.until(() -> assertThatThrownBy(this::sample).isInstanceOf(PrinterUnavailableException.class)
                .hasMessage("Moonraker at ws://127.0.0.1:" + peer.port() + "/websocket answers, but Klipper is not "
                        + "connected to it (klippy_state 'disconnected')"));

        peer.klippyState("startup", "Printer is not ready");
        Await.until(() -> assertThatThrownBy(this::sample).hasMessageContaining("Klipper is starting up"));

        // asked again every 'recheck' while not ready: becomes ready even without notify_klippy_ready
        peer.klippyState("ready", "Printer is ready");
        awaitReady();
    }

    @Test
    void reconnectsWithBackOffAfterThePeerRestarts() throws Exception {
        driver = Drivers.start(peer.url(), null, log);
        awaitReady();
        peer.update("extruder", "temperature", 99.0);
        Await.until(() -> assertThat(sample().nozzleActual()).isEqualTo(99.0));

        peer.stop();
        Await.until(() -> assertThatThrownBy(this::sample).isInstanceOf(PrinterUnavailableException.class)
                .hasMessageContaining("ws://127.0.0.1:" + peer.port() + "/websocket"));
        // the sample fails as soon as the connection is gone; the reconnect line is written just after
        Await.until(() -> assertThat(log.lines).anySatisfy(line -> assertThat(line)
                .startsWith("WARN Moonraker printer voron: ").contains("reconnecting in")));

        peer.restart();
        Await.until(() -> assertThat(sample().nozzleActual()).isEqualTo(99.0));
        assertThat(peer.upgrades()).isGreaterThanOrEqualTo(2);
        Await.until(() -> assertThat(log.lines).anySatisfy(line -> assertThat(line).endsWith("/websocket again")));
    }

    @Test
    void aRequestWithoutAnswerDropsTheConnectionWhichIsMadeAgain() throws Exception {
        peer.ignore("printer.objects.list");
        driver = Drivers.start(peer.url(), null, 300, Drivers.FAST, log);

        Await.until(() -> assertThat(log.lines).anySatisfy(line -> assertThat(line).isEqualTo(
                "WARN Moonraker printer voron: Moonraker at ws://127.0.0.1:" + peer.port() + "/websocket did not "
                        + "answer within 300 ms (no answer to printer.objects.list); reconnecting in 50 ms")));
        Await.until(() -> assertThat(peer.upgrades()).isGreaterThanOrEqualTo(2));
    }

    @Test
    void aConnectionThatGoesSilentIsDroppedAfterAnUnansweredPingAndMadeAgain() throws Exception {
        driver = Drivers.start(peer.url(), null, 300, Drivers.FAST, log);
        awaitReady();

        peer.mute(true); // no TCP reset: only the ping can tell
        Await.until(() -> assertThatThrownBy(this::sample).isInstanceOf(PrinterUnavailableException.class)
                .hasMessageContaining("sent nothing for").hasMessageContaining("not even an answer to a ping"));

        peer.mute(false);
        Await.until(() -> assertThat(sample().nozzleActual()).isEqualTo(24.8));
        assertThat(peer.upgrades()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aQuietButLivelyConnectionIsKept() throws Exception {
        driver = Drivers.start(peer.url(), null, 300, Drivers.FAST, log);
        awaitReady();

        // several quiet periods (300 ms) pass; the peer answers every ping, so the connection stays
        long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (System.nanoTime() < until) {
            assertThat(sample().nozzleActual()).isEqualTo(24.8);
            Thread.sleep(50); // an observation window, not a synchronisation
        }
        assertThat(peer.upgrades()).isEqualTo(1);
    }

    @Test
    void nobodyListeningIsOfflineWithAReasonNamingTheUrl() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        driver = Drivers.start("http://127.0.0.1:" + closedPort, null, log);

        Await.until(() -> assertThatThrownBy(this::sample).isInstanceOf(PrinterUnavailableException.class)
                .hasMessageStartingWith("cannot connect to Moonraker at ws://127.0.0.1:" + closedPort + "/websocket")
                .hasMessageContaining("retrying in"));
    }

    @Test
    void aServerThatNeverAnswersTheUpgradeIsOfflineAfterTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) { // accepts TCP (backlog), never speaks HTTP
            driver = Drivers.start("http://127.0.0.1:" + silent.getLocalPort(), null, 200, Drivers.FAST, log);

            assertThatThrownBy(this::sample).hasMessageContaining("connecting to Moonraker at ws://127.0.0.1:"
                    + silent.getLocalPort() + "/websocket (no answer yet)");
            Await.until(() -> assertThatThrownBy(this::sample).hasMessageStartingWith(
                    "no websocket handshake from Moonraker at ws://127.0.0.1:" + silent.getLocalPort()
                            + "/websocket within 200 ms"));
        }
    }

    @Test
    void garbageFramesAreReportedAndIgnoredTheConnectionGoesOn() throws Exception {
        driver = Drivers.start(peer.url(), null, log);
        awaitReady();

        peer.sendRaw("this is not json");
        peer.sendRaw("[1, 2, 3]");
        peer.sendRaw("{\"jsonrpc\": \"2.0\", \"method\": \"notify_status_update\", \"params\": \"nope\"}");
        peer.sendRaw("{\"jsonrpc\": \"2.0\", \"result\": {}, \"id\": 999999}");
        peer.sendRaw("{\"jsonrpc\": \"2.0\", \"method\": \"notify_status_update\", \"params\": [{\"extruder\": 5, "
                + "\"heater_bed\": {\"temperature\": 42.0}}, 123.4]}");
        peer.sendBinary(new byte[] {1, 2, 3});
        peer.update("extruder", "temperature", 55.5);

        Await.until(() -> {
            assertThat(sample().nozzleActual()).isEqualTo(55.5);
            assertThat(sample().bedActual()).as("the usable part of a half-bad delta").isEqualTo(42.0);
            assertThat(driver.client().badFrames()).isEqualTo(6);
        });
        assertThat(driver.client().lastBadFrame()).contains("binary frame");
        assertThat(log.lines).anySatisfy(line -> assertThat(line)
                .isEqualTo("WARN Moonraker printer voron: ignored a frame from ws://127.0.0.1:" + peer.port()
                        + "/websocket (1 so far): not JSON: 'this is not json'"));
        assertThat(peer.upgrades()).as("no reconnect for garbage").isEqualTo(1);
    }

    @Test
    void aWrongApiKeyIsRefusedWithAClearReason() throws Exception {
        peer.requireApiKey("right-key");
        driver = Drivers.start(peer.url(), "wrong-key", log);

        Await.until(() -> assertThatThrownBy(this::sample).isInstanceOf(PrinterUnavailableException.class)
                .hasMessageStartingWith("Moonraker at ws://127.0.0.1:" + peer.port()
                        + "/websocket refused the websocket: HTTP 401 (the apiKey is wrong)"));
        assertThat(peer.refusedUpgrades()).isGreaterThanOrEqualTo(1);
        assertThat(log.lines).noneSatisfy(line -> assertThat(line).contains("wrong-key"));
    }

    @Test
    void noApiKeyWhereOneIsNeededSaysWhatToDo() {
        peer.requireApiKey("right-key");
        driver = Drivers.start(peer.url(), null, log);

        Await.until(() -> assertThatThrownBy(this::sample).hasMessageContaining(
                "HTTP 401 (Moonraker wants an apiKey: this address is not one of its trusted_clients)"));
    }

    @Test
    void theRightApiKeyIsSentAsXApiKeyOnTheUpgrade() throws Exception {
        peer.requireApiKey("right-key");
        driver = Drivers.start(peer.url(), "right-key", log);

        awaitReady();
        assertThat(peer.apiKeysSeen()).containsOnly("right-key");
    }

    @Test
    void aTrustedClientSendsNoKey() throws Exception {
        driver = Drivers.start(peer.url(), null, log);

        awaitReady();
        assertThat(peer.apiKeysSeen()).containsOnly("");
    }

    @Test
    void closingTheDriverClosesTheConnectionAndStopsReconnecting() throws Exception {
        driver = Drivers.start(peer.url(), null, log);
        awaitReady();

        driver.close();
        Await.until(() -> assertThat(peer.openConnections()).isZero());
        int upgrades = peer.upgrades();
        // a reconnect would come within the fast back-off (50 ms); wait several of them, by the deadline of a poll
        long until = System.nanoTime() + Duration.ofMillis(500).toNanos();
        while (System.nanoTime() < until) {
            assertThat(peer.upgrades()).isEqualTo(upgrades);
            Thread.sleep(25); // an observation window, not a synchronisation
        }
        driver = null;
    }

    @Test
    void anotherPrinterIdIsRefused() {
        driver = Drivers.start(peer.url(), null, log);

        assertThatThrownBy(() -> driver.sample("other")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown printer: other (this driver serves voron)");
        assertThat(driver.printerIds()).containsExactly("voron");
        assertThat(driver.serviceProperties()).containsEntry("carbine.driver.name", "moonraker voron")
                .containsEntry("carbine.driver.moonraker.url", peer.url())
                .containsEntry("carbine.driver.moonraker.printer", "voron");
    }
}
