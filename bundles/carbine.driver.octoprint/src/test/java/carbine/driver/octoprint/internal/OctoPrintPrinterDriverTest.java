package carbine.driver.octoprint.internal;

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
import carbine.driver.octoprint.OctoPrintDriver;
import carbine.driver.octoprint.peer.OctoPrintPeer;
import carbine.driver.octoprint.peer.OctoPrintPeer.Mode;

/** The driver against the protocol peer over real HTTP: each mode, each failure. */
class OctoPrintPrinterDriverTest {
    private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");
    private static final String KEY = "B1E2C3D4A5F60718293A4B5C6D7E8F90";

    private OctoPrintPeer peer;
    private OctoPrintPrinterDriver driver;

    @BeforeEach
    void startPeer() throws Exception {
        peer = OctoPrintPeer.start(KEY);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        peer.close();
    }

    private OctoPrintPrinterDriver driver(URI url, String key, long timeoutMillis) {
        OctoPrintSettings settings = OctoPrintSettings.from(Map.of("printerId", "mk4", "url", url.toString(),
                "apiKey", key, "timeoutMillis", timeoutMillis)).settings();
        driver = new OctoPrintPrinterDriver(settings, Clock.fixed(NOW, ZoneOffset.UTC));
        return driver;
    }

    private OctoPrintPrinterDriver driver() {
        return driver(peer.baseUrl(), KEY, 5000);
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
    void anOperationalPrinterIsIdleWithItsTemperatures() throws Exception {
        peer.mode(Mode.OPERATIONAL).temperatures(24.8, 0, 23.1, 0);

        assertThat(driver().sample("mk4")).isEqualTo(TelemetrySample.builder("mk4", NOW, PrinterState.IDLE)
                .nozzle(24.8, 0.0).bed(23.1, 0.0).build());
    }

    @Test
    void aPrintingPrinterHasItsProgress() throws Exception {
        peer.mode(Mode.PRINTING).temperatures(214.9, 215, 60.1, 60).completion(37.5);

        assertThat(driver().sample("mk4")).isEqualTo(TelemetrySample.builder("mk4", NOW, PrinterState.PRINTING)
                .nozzle(214.9, 215.0).bed(60.1, 60.0).progress(37.5).printDuration(276.0).build());
    }

    @Test
    void aPausedPrinterIsPaused() throws Exception {
        peer.mode(Mode.PAUSED);

        TelemetrySample sample = driver().sample("mk4");

        assertThat(sample.state()).isEqualTo(PrinterState.PAUSED);
        assertThat(sample.progress()).isEqualTo(42.5);
    }

    @Test
    void theTwoZeroShapeIsReadToo() throws Exception {
        peer.mode(Mode.PRINTING).shape(OctoPrintPeer.Shape.V2_0).completion(99.5);

        TelemetrySample sample = driver().sample("mk4");

        assertThat(sample.state()).isEqualTo(PrinterState.PRINTING);
        assertThat(sample.progress()).isEqualTo(99.5);
    }

    @Test
    void aDisconnectedPrinterFailsThePollWithTheReason() {
        peer.mode(Mode.DISCONNECTED);

        assertThatThrownBy(() -> driver().sample("mk4")).isInstanceOf(PrinterNotConnectedException.class)
                .hasMessage("OctoPrint at " + peer.baseUrl() + " is up, but its printer is not connected: Printer "
                        + "is not operational (OctoPrint's state: Offline)");
    }

    @Test
    void aConnectionErrorIsAnErrorSampleWithOctoPrintsText() throws Exception {
        peer.mode(Mode.ERROR).errorText("MAXTEMP triggered on \"E0\" - Printer halted. kill() called!");

        assertThat(driver().sample("mk4")).isEqualTo(TelemetrySample.builder("mk4", NOW, PrinterState.ERROR)
                .error("MAXTEMP triggered on \"E0\" - Printer halted. kill() called!").build());
    }

    @Test
    void bothEndpointsAreAskedAtOnce() throws Exception {
        peer.mode(Mode.HOLD);
        OctoPrintPrinterDriver held = driver(peer.baseUrl(), KEY, 30_000);
        FutureTask<TelemetrySample> poll = new FutureTask<>(() -> held.sample("mk4"));
        Thread poller = new Thread(poll, "test-poller");
        poller.start();
        try {
            // while /api/printer is not answered, /api/job has been asked all the same
            assertThat(within(Duration.ofSeconds(10), () -> peer.requests("/api/printer") == 1
                    && peer.requests("/api/job") == 1)).isTrue();
        } finally {
            poller.interrupt();
        }
    }

    @Test
    void anInterruptAbandonsThePoll() throws Exception {
        peer.mode(Mode.HOLD);
        OctoPrintPrinterDriver held = driver(peer.baseUrl(), KEY, 30_000);
        FutureTask<TelemetrySample> poll = new FutureTask<>(() -> held.sample("mk4"));
        Thread poller = new Thread(poll, "test-poller");
        poller.start();
        assertThat(within(Duration.ofSeconds(10), () -> peer.requests("/api/printer") == 1)).isTrue();

        poller.interrupt();

        assertThatThrownBy(() -> poll.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InterruptedException.class);
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithTheUrl() {
        peer.mode(Mode.HOLD);
        OctoPrintPrinterDriver slow = driver(peer.baseUrl(), KEY, 300);

        long start = System.nanoTime();
        assertThatThrownBy(() -> slow.sample("mk4")).isInstanceOf(HttpTimeoutException.class)
                .hasMessage("no answer from " + peer.baseUrl() + "api/printer within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aWrongKeyIsRefusedAndNeverRepeated() {
        assertThatThrownBy(() -> driver(peer.baseUrl(), "NOT-THE-KEY-123", 5000).sample("mk4"))
                .isInstanceOf(OctoPrintException.class)
                .hasMessageStartingWith("OctoPrint refused the API key (HTTP 403 from " + peer.baseUrl()
                        + "api/printer: You don't have the permission")
                .hasMessageNotContaining("NOT-THE-KEY-123");
    }

    @Test
    void garbageFailsWithTheUrl() {
        peer.mode(Mode.GARBAGE);

        assertThatThrownBy(() -> driver().sample("mk4")).isInstanceOf(OctoPrintException.class)
                .hasMessageStartingWith("body is not JSON").hasMessageContaining("Welcome to nginx!")
                .hasMessageEndingWith("(from " + peer.baseUrl() + "api/printer)");
    }

    @Test
    void aHugeBodyIsCutOffAtOneMebibyte() {
        peer.mode(Mode.HUGE);

        assertThatThrownBy(() -> driver().sample("mk4")).isInstanceOf(OctoPrintException.class)
                .hasMessage("the answer of " + peer.baseUrl() + "api/printer is larger than 1048576 bytes; is this "
                        + "the OctoPrint server's base URL?");
    }

    @Test
    void aBodyUnderTheLimitPasses() throws Exception {
        OctoPrintSettings settings = OctoPrintSettings.from(Map.of("printerId", "mk4", "url",
                peer.baseUrl().toString(), "apiKey", KEY)).settings();
        try (OctoPrintPrinterDriver small = new OctoPrintPrinterDriver(settings, Clock.systemUTC(), 400)) {
            // the job answer of an idle printer is about 330 bytes, the printer state about 390
            assertThat(small.sample("mk4").state()).isEqualTo(PrinterState.IDLE);
        }
        try (OctoPrintPrinterDriver tiny = new OctoPrintPrinterDriver(settings, Clock.systemUTC(), 100)) {
            assertThatThrownBy(() -> tiny.sample("mk4")).hasMessageContaining("is larger than 100 bytes");
        }
    }

    @Test
    void nobodyListeningFailsWithTheUrl() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + freePort + "/");

        assertThatThrownBy(() -> driver(url, KEY, 2000).sample("mk4")).isInstanceOf(ConnectException.class)
                .hasMessageStartingWith("cannot connect to " + url + "api/printer");
    }

    @Test
    void serviceNamesTheUrlButNeverTheKey() {
        Map<String, Object> properties = driver().serviceProperties();

        assertThat(properties).containsEntry(PrinterDriver.NAME_PROPERTY, "octoprint mk4")
                .containsEntry(OctoPrintDriver.URL_PROPERTY, peer.baseUrl().toString())
                .containsEntry(OctoPrintDriver.PRINTER_PROPERTY, "mk4");
        assertThat(properties.values()).noneMatch(v -> v.toString().contains(KEY));
        assertThat(driver.printerIds()).containsExactly("mk4");
    }
}
