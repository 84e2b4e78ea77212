package carbine.driver.prusalink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import carbine.api.driver.PrinterDriver;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;
import carbine.driver.prusalink.PrusaLinkDriver;
import carbine.driver.prusalink.peer.PrusaLinkPeer;
import carbine.driver.prusalink.peer.PrusaLinkPeer.Mode;

/** The driver against the protocol peer over real HTTP with a real Digest check: each mode, each failure. */
class PrusaLinkPrinterDriverTest {
    private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");
    private static final String PASSWORD = "Gk5sqbYkCm6Xd8e";

    private PrusaLinkPeer peer;
    private PrusaLinkPrinterDriver driver;

    @BeforeEach
    void startPeer() throws Exception {
        peer = PrusaLinkPeer.start("maker", PASSWORD);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        peer.close();
    }

    private PrusaLinkPrinterDriver driver(URI url, String username, String password, long timeoutMillis) {
        PrusaLinkSettings settings = PrusaLinkSettings.from(Map.of("printerId", "mk4", "url", url.toString(),
                "username", username, "password", password, "timeoutMillis", timeoutMillis)).settings();
        driver = new PrusaLinkPrinterDriver(settings, Clock.fixed(NOW, ZoneOffset.UTC));
        return driver;
    }

    private PrusaLinkPrinterDriver driver() {
        return driver(peer.baseUrl(), "maker", PASSWORD, 5000);
    }

    /** Polls until the condition holds or the deadline passes (never a fixed sleep). */
    private static boolean within(Duration deadline, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10); // polling period, not synchronisation
        }
        return condition.getAsBoolean();
    }

    @Test
    void anIdlePrinterIsIdleWithItsTemperaturesAndFan() throws Exception {
        peer.mode(Mode.IDLE).temperatures(24.8, 0, 23.1, 0).fans(0, 0);

        assertThat(driver().sample("mk4")).isEqualTo(TelemetrySample.builder("mk4", NOW, PrinterState.IDLE)
                .nozzle(24.8, 0.0).bed(23.1, 0.0).fan(null, 0.0).build());
    }

    @Test
    void aPrintingPrinterHasItsProgressAndPrintFanRpm() throws Exception {
        peer.mode(Mode.PRINTING).temperatures(214.9, 215, 60.1, 60).fans(6887, 4950).progress(37);

        assertThat(driver().sample("mk4")).isEqualTo(TelemetrySample.builder("mk4", NOW, PrinterState.PRINTING)
                .nozzle(214.9, 215.0).bed(60.1, 60.0).fan(null, 4950.0).progress(37.0).printDuration(1141.0).build());
    }

    @Test
    void theDigestHandshakeIsOnceThenTheNonceIsReused() throws Exception {
        PrusaLinkPrinterDriver d = driver();

        d.sample("mk4");
        assertThat(peer.requests()).isEqualTo(2); // unauthenticated, 401 with the challenge, then answered
        assertThat(peer.challenges()).isEqualTo(1);

        d.sample("mk4");
        d.sample("mk4");
        assertThat(peer.requests()).isEqualTo(4); // one request per poll with the known nonce
        assertThat(peer.challenges()).isEqualTo(1);
    }

    @Test
    void aStaleNonceIsRenewedSilentlyOnce() throws Exception {
        PrusaLinkPrinterDriver d = driver();
        d.sample("mk4");
        peer.expireNonce().mode(Mode.PAUSED);

        assertThat(d.sample("mk4").state()).isEqualTo(PrinterState.PAUSED);
        assertThat(peer.staleChallenges()).isEqualTo(1);
        assertThat(peer.requests()).isEqualTo(4); // the stale one and its repetition

        d.sample("mk4");
        assertThat(peer.requests()).isEqualTo(5);
        assertThat(peer.staleChallenges()).isEqualTo(1);
    }

    @Test
    void anExpiredNonceWithoutStaleIsRenewedOnceToo() throws Exception {
        peer.sendsStale(false);
        PrusaLinkPrinterDriver d = driver();
        d.sample("mk4");
        peer.expireNonce();

        assertThat(d.sample("mk4").state()).isEqualTo(PrinterState.IDLE);
        assertThat(peer.requests()).isEqualTo(4); // refused with a new nonce, repeated with it once
        assertThat(peer.staleChallenges()).isZero();
    }

    @Test
    void aWrongPasswordIsRefusedByNameOnceAndNeverShown() {
        assertThatThrownBy(() -> driver(peer.baseUrl(), "maker", "not-the-password", 5000).sample("mk4"))
                .isInstanceOf(PrusaLinkException.class)
                .hasMessageStartingWith("PrusaLink refused the user name or password (HTTP 401 from "
                        + peer.baseUrl() + "api/v1/status)")
                .hasMessageNotContaining("not-the-password");
        assertThat(peer.requests()).isEqualTo(2);
        assertThat(peer.staleChallenges()).isZero();
    }

    @Test
    void aWrongUserNameIsRefusedToo() {
        assertThatThrownBy(() -> driver(peer.baseUrl(), "admin", PASSWORD, 5000).sample("mk4"))
                .hasMessageStartingWith("PrusaLink refused the user name or password").hasMessageContaining("admin")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void attentionIsShownAsPausedWithItsQuestionNotAsAnError() throws Exception {
        peer.mode(Mode.ATTENTION).message("Filament runout").progress(63);

        TelemetrySample sample = driver().sample("mk4");

        assertThat(sample.state()).isEqualTo(PrinterState.PAUSED);
        assertThat(sample.error()).isEqualTo("attention: Filament runout");
        assertThat(sample.progress()).isEqualTo(63.0);
    }

    @Test
    void anErrorIsAnErrorSampleWithThePrintersText() throws Exception {
        peer.mode(Mode.ERROR).message("Heater error: thermal runaway");

        TelemetrySample sample = driver().sample("mk4");

        assertThat(sample.state()).isEqualTo(PrinterState.ERROR);
        assertThat(sample.error()).isEqualTo("Heater error: thermal runaway");
    }

    @Test
    void busyAndFinishedAreIdle() throws Exception {
        PrusaLinkPrinterDriver d = driver();
        peer.mode(Mode.BUSY);
        assertThat(d.sample("mk4").state()).isEqualTo(PrinterState.IDLE);
        peer.mode(Mode.FINISHED);
        assertThat(d.sample("mk4").state()).isEqualTo(PrinterState.IDLE);
    }

    @Test
    void garbageFailsWithTheUrl() {
        peer.mode(Mode.GARBAGE);

        assertThatThrownBy(() -> driver().sample("mk4")).isInstanceOf(PrusaLinkException.class)
                .hasMessageStartingWith("body is not JSON").hasMessageContaining("<h1>Prusa</h1>")
                .hasMessageEndingWith("(from " + peer.baseUrl() + "api/v1/status)");
    }

    @Test
    void aPrinterThatNeverAnswersTimesOutWithTheUrl() {
        peer.mode(Mode.HOLD);
        PrusaLinkPrinterDriver slow = driver(peer.baseUrl(), "maker", PASSWORD, 300);

        long start = System.nanoTime();
        assertThatThrownBy(() -> slow.sample("mk4")).isInstanceOf(HttpTimeoutException.class)
                .hasMessage("no answer from " + peer.baseUrl() + "api/v1/status within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anInterruptAbandonsThePoll() throws Exception {
        peer.mode(Mode.HOLD);
        PrusaLinkPrinterDriver held = driver(peer.baseUrl(), "maker", PASSWORD, 30_000);
        FutureTask<TelemetrySample> poll = new FutureTask<>(() -> held.sample("mk4"));
        Thread poller = new Thread(poll, "test-poller");
        poller.start();
        assertThat(within(Duration.ofSeconds(10), () -> peer.requests() == 1)).isTrue();

        poller.interrupt();

        assertThatThrownBy(() -> poll.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InterruptedException.class);
    }

    @Test
    void aWrongPathIsNamed() {
        URI wrong = peer.baseUrl().resolve("nope/");

        assertThatThrownBy(() -> driver(wrong, "maker", PASSWORD, 5000).sample("mk4"))
                .isInstanceOf(PrusaLinkException.class)
                .hasMessageStartingWith("HTTP 404 from " + wrong + "api/v1/status: is this the printer's PrusaLink");
    }

    @Test
    void nobodyListeningFailsWithTheUrl() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + freePort + "/");

        assertThatThrownBy(() -> driver(url, "maker", PASSWORD, 2000).sample("mk4"))
                .isInstanceOf(ConnectException.class)
                .hasMessageStartingWith("cannot connect to " + url + "api/v1/status");
    }

    @Test
    void serviceNamesTheUrlButNeverThePassword() {
        Map<String, Object> properties = driver().serviceProperties();

        assertThat(properties).containsEntry(PrinterDriver.NAME_PROPERTY, "prusalink mk4")
                .containsEntry(PrusaLinkDriver.URL_PROPERTY, peer.baseUrl().toString())
                .containsEntry(PrusaLinkDriver.PRINTER_PROPERTY, "mk4");
        assertThat(properties.values()).noneMatch(v -> v.toString().contains(PASSWORD));
        assertThat(driver.printerIds()).containsExactly("mk4");
    }
}
