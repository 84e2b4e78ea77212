package carbine.driver.http.internal;

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import carbine.api.driver.PrinterDriver;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;
import carbine.driver.http.HttpDriver;

class HttpPrinterDriverTest {
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final String PATH = "/api/v1/printers/printer-3/status";

    private StatusServer server;
    private HttpPrinterDriver driver;

    @BeforeEach
    void startServer() throws Exception {
        server = new StatusServer();
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        server.close();
    }

    private HttpPrinterDriver driver(URI url, long timeoutMillis) {
        driver = new HttpPrinterDriver(new DriverSettings(url, "lab-3", Duration.ofMillis(timeoutMillis), ""),
                Clock.fixed(NOW, ZoneOffset.UTC));
        return driver;
    }

    private HttpPrinterDriver driver() {
        return driver(server.url(PATH), 5000);
    }

    @Test
    void servesOnePrinterAndNamesItself() {
        assertThat(driver().printerIds()).containsExactly("lab-3");
        assertThat(driver.serviceProperties())
                .containsEntry(PrinterDriver.NAME_PROPERTY, "http lab-3")
                .containsEntry(HttpDriver.URL_PROPERTY, server.url(PATH).toString())
                .containsEntry(HttpDriver.PRINTER_PROPERTY, "lab-3");
    }

    @Test
    void readsAGoodBodyWithEveryField() throws Exception {
        server.answer(200, Fixtures.ALL_FIELDS);

        TelemetrySample sample = driver().sample("lab-3");

        assertThat(sample).isEqualTo(TelemetrySample.builder("lab-3", Instant.parse("2026-11-24T10:15:30.250Z"),
                PrinterState.ERROR).nozzle(215.5, 210.0).bed(60.1, 60.0).heaterPower(0.42).fan(1.0, 5980.0)
                .filamentDetected(true).filamentMoving(false).progress(37.5).error("MAXTEMP: \"hot\" <end>").build());
    }

    @Test
    void readsTheSimulatorsJson() throws Exception {
        server.answer(200, Fixtures.SIMULATOR_README_SAMPLE);

        TelemetrySample sample = driver().sample("lab-3");

        assertThat(sample.nozzleActual()).isEqualTo(231.47);
        assertThat(sample.fanRpm()).isEqualTo(5987.0);
        assertThat(sample.progress()).isEqualTo(41.3);
    }

    @Test
    void absentFieldsStayAbsent() throws Exception {
        server.answer(200, "{\"state\":\"PRINTING\",\"nozzle_actual\":205.0,\"nozzle_target\":210.0}");

        TelemetrySample sample = driver().sample("lab-3");

        assertThat(sample).isEqualTo(TelemetrySample.builder("lab-3", NOW, PrinterState.PRINTING)
                .nozzle(205.0, 210.0).build());
    }

    @Test
    void eventTimeIsTheBodysTimeElseTheResponseTime() throws Exception {
        server.answer(200, "{\"state\":\"IDLE\",\"time\":\"2026-11-24T10:15:30.250Z\"}");
        assertThat(driver().sample("lab-3").time()).isEqualTo(Instant.parse("2026-11-24T10:15:30.250Z"));

        server.answer(200, "{\"state\":\"IDLE\"}");
        assertThat(driver.sample("lab-3").time()).isEqualTo(NOW);
    }

    @Test
    void aGarbageBodyFailsWithTheUrlInTheMessage() {
        server.answer(200, "<html><body>It works!</body></html>");

        assertThatThrownBy(() -> driver().sample("lab-3")).isInstanceOf(BadStatusException.class)
                .hasMessageStartingWith("body is not JSON").hasMessageContaining("It works!")
                .hasMessageContaining(server.url(PATH).toString());
    }

    @Test
    void http500Fails() {
        server.answer(500, "Internal Server Error");

        assertThatThrownBy(() -> driver().sample("lab-3")).isInstanceOf(BadStatusException.class)
                .hasMessage("HTTP 500 from " + server.url(PATH) + ": 'Internal Server Error'");
    }

    @Test
    void http404FailsWithCarbinesErrorMessage() {
        server.answer(404, "{\"status\":404,\"message\":\"unknown printer: printer-3\"}");

        assertThatThrownBy(() -> driver().sample("lab-3")).isInstanceOf(BadStatusException.class)
                .hasMessage("HTTP 404 from " + server.url(PATH) + ": unknown printer: printer-3");
    }

    @Test
    void aSlowServerTimesOut() {
        server.answer(200, "{\"state\":\"IDLE\"}").slow();
        HttpPrinterDriver slowDriver = driver(server.url(PATH), 200);

        long start = System.nanoTime();
        assertThatThrownBy(() -> slowDriver.sample("lab-3")).isInstanceOf(HttpTimeoutException.class)
                .hasMessage("no answer from " + server.url(PATH) + " within 200 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anInterruptAbandonsThePoll() throws Exception {
        server.answer(200, "{\"state\":\"IDLE\"}").slow();
        HttpPrinterDriver slowDriver = driver(server.url(PATH), 30_000);
        FutureTask<TelemetrySample> poll = new FutureTask<>(() -> slowDriver.sample("lab-3"));
        Thread poller = new Thread(poll, "test-poller");
        poller.start();
        assertThat(server.awaitRequest(10, TimeUnit.SECONDS)).isTrue();

        poller.interrupt();

        assertThatThrownBy(() -> poll.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InterruptedException.class);
    }

    @Test
    void nobodyListeningFails() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + freePort + PATH);

        assertThatThrownBy(() -> driver(url, 2000).sample("lab-3")).isInstanceOf(ConnectException.class)
                .hasMessageStartingWith("cannot connect to " + url);
    }

    @Test
    void anUnknownPrinterIdIsRefused() {
        assertThatThrownBy(() -> driver().sample("lab-4")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown printer: lab-4 (this driver serves lab-3)");
    }
}
