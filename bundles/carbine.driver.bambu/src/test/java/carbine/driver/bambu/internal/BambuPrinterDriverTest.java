package carbine.driver.bambu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;
import carbine.driver.bambu.peer.BambuPeer;

/**
 * The driver against a real Mosquitto broker (Debian's, TLS from a CA the test makes, the certificate's name a fake
 * serial, user bblp with the access code; see {@link BambuPeer}). Skipped, with the reason, when Mosquitto or
 * openssl cannot be had.
 */
class BambuPrinterDriverTest {
    static final String SERIAL = "01P00A000000001";
    static final String CODE = "31415926";
    static final String PRINTER = "bambu-test";
    static final BambuClient.Timing TIMING = new BambuClient.Timing(Duration.ofSeconds(60), Duration.ofMinutes(5),
            Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(2), 1 << 20);

    @TempDir
    Path dir;
    BambuPeer peer;
    final List<AutoCloseable> closing = new ArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    final BambuClient.Log recording = new BambuClient.Log() {
        @Override
        public void info(String message) {
            log.add("INFO " + message);
        }

        @Override
        public void warn(String message) {
            log.add("WARN " + message);
        }
    };

    @BeforeEach
    void start() throws Exception {
        String unavailable = BambuPeer.unavailable();
        Assumptions.assumeTrue(unavailable.isEmpty(), unavailable);
        peer = BambuPeer.start(dir, SERIAL, CODE);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    Map<String, Object> settings(Object... overrides) {
        Map<String, Object> p = new HashMap<>(Map.of("printerId", PRINTER, "host", "127.0.0.1", "serial", SERIAL,
                "accessCode", CODE, "port", peer.port(), "caFile", peer.caFile().toString()));
        for (int i = 0; i < overrides.length; i += 2) {
            p.put((String) overrides[i], overrides[i + 1]);
        }
        return p;
    }

    BambuPrinterDriver driver(Map<String, Object> properties, BambuClient.Timing timing) {
        BambuSettings.Validation v = BambuSettings.from(properties);
        assertThat(v.errors()).isEmpty();
        BambuPrinterDriver driver = new BambuPrinterDriver(v.settings(), timing, recording, Clock.systemUTC());
        closing.add(driver);
        return driver.start();
    }

    static TelemetrySample read(BambuPrinterDriver driver) throws Exception {
        return driver.sample(PRINTER);
    }

    @Test
    void readsTheFullStateAfterPushallThenMergesDeltasAndPackedTemperatures() throws Exception {
        BambuPrinterDriver driver = driver(settings(), TIMING);
        Await.until(() -> assertThat(read(driver).nozzleActual()).isEqualTo(24.5));
        TelemetrySample idle = read(driver);
        assertThat(idle.state()).isEqualTo(PrinterState.IDLE);
        assertThat(idle.bedActual()).isEqualTo(23.0);

        // the request: the pushall of OpenBambuAPI mqtt.md, on device/<serial>/request
        assertThat(peer.pushalls()).isEqualTo(1);
        JsonObject pushing = JsonParser.parseString(peer.requests().get(0)).getAsJsonObject()
                .getAsJsonObject("pushing");
        assertThat(pushing.get("command").getAsString()).isEqualTo("pushall");
        assertThat(pushing.get("sequence_id").isJsonPrimitive()).isTrue();
        assertThat(pushing.get("sequence_id").getAsJsonPrimitive().isString()).isTrue();

        peer.delta("\"nozzle_temper\":180.5,\"nozzle_target_temper\":220.0");
        Await.until(() -> assertThat(read(driver).nozzleActual()).isEqualTo(180.5));
        assertThat(read(driver).nozzleTarget()).isEqualTo(220.0);
        assertThat(read(driver).bedActual()).isEqualTo(23.0); // not in the delta: kept

        peer.delta("\"gcode_state\":\"RUNNING\",\"mc_percent\":37,\"cooling_fan_speed\":\"9\"");
        Await.until(() -> assertThat(read(driver).state()).isEqualTo(PrinterState.PRINTING));
        TelemetrySample printing = read(driver);
        assertThat(printing.progress()).isEqualTo(37.0);
        assertThat(printing.fanSpeed()).isEqualTo(0.6);
        assertThat(printing.nozzleActual()).isEqualTo(180.5);

        // newer firmware: bed packed as target << 16 | current
        peer.delta("\"device\":{\"bed\":{\"info\":{\"temp\":" + ((60 << 16) | 57) + "},\"state\":2}}");
        Await.until(() -> assertThat(read(driver).bedActual()).isEqualTo(57.0));
        assertThat(read(driver).bedTarget()).isEqualTo(60.0);

        peer.delta("\"print_error\":117473286,\"gcode_state\":\"PAUSE\"");
        Await.until(() -> assertThat(read(driver).state()).isEqualTo(PrinterState.ERROR));
        assertThat(read(driver).error()).startsWith("Bambu Lab print error 0700_8006: ");
        peer.delta("\"print_error\":0,\"gcode_state\":\"RUNNING\"");
        Await.until(() -> assertThat(read(driver).state()).isEqualTo(PrinterState.PRINTING));

        assertThat(peer.pushalls()).isEqualTo(1);
        assertThat(log).anySatisfy(l -> assertThat(l).startsWith("INFO connected to the Bambu Lab printer " + SERIAL));
        assertThat(String.join("\n", log)).doesNotContain(CODE);
    }

    @Test
    void aWrongAccessCodeIsRefusedWithAClearReason() {
        BambuPrinterDriver driver = driver(settings("accessCode", "27182818"), TIMING);
        Await.until(() -> assertThatThrownBy(() -> read(driver)).isInstanceOf(PrinterUnavailableException.class)
                .hasMessageStartingWith("the printer at 127.0.0.1:" + peer.port() + " refused the access code "
                        + "(MQTT: not authorised, user bblp): check accessCode"));
        assertThat(String.join("\n", log)).doesNotContain("27182818").doesNotContain(CODE);
        assertThat(peer.pushalls()).isZero();
    }

    @Test
    void aCertificateForAnotherSerialIsRefusedUnlessVerificationIsOff() {
        BambuPrinterDriver checked = driver(settings("serial", "01P00A000000002"), TIMING);
        Await.until(() -> assertThatThrownBy(() -> read(checked)).hasMessageStartingWith(
                "certificate name mismatch at 127.0.0.1:" + peer.port() + ": the printer's certificate is for '"
                        + SERIAL + "', not for the serial '01P00A000000002' (check serial; verifyCertificate=false "
                        + "skips the check)"));
        assertThat(checked.client().stats().link()).isNotEqualTo(BambuClient.Link.CONNECTED);

        BambuPrinterDriver unchecked = driver(settings("serial", "01P00A000000002", "verifyCertificate", "false"),
                TIMING);
        Await.until(() -> assertThat(unchecked.client().stats().link()).isEqualTo(BambuClient.Link.CONNECTED));
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedUnlessVerificationIsOff() throws Exception {
        BambuPrinterDriver other = driver(settings("caFile", peer.otherCaFile().toString()), TIMING);
        Await.until(() -> assertThatThrownBy(() -> read(other)).hasMessageStartingWith(
                "the certificate of 127.0.0.1:" + peer.port() + " is not issued by a trusted CA ("
                        + peer.otherCaFile() + ")"));
        // without caFile: the Bambu Lab CAs, which did not issue the test's certificate
        Map<String, Object> shipped = settings();
        shipped.remove("caFile");
        BambuPrinterDriver bambu = driver(shipped, TIMING);
        Await.until(() -> assertThatThrownBy(() -> read(bambu)).hasMessageContaining(
                "is not issued by a trusted CA (the Bambu Lab CAs shipped with Carbine)"));

        BambuPrinterDriver unchecked = driver(settings("caFile", peer.otherCaFile().toString(),
                "verifyCertificate", "false"), TIMING);
        Await.until(() -> assertThat(read(unchecked).nozzleActual()).isEqualTo(24.5));
    }

    @Test
    void nobodyListeningIsUnreachable() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        BambuPrinterDriver driver = driver(settings("port", closed), TIMING);
        Await.until(() -> assertThatThrownBy(() -> read(driver)).hasMessageStartingWith(
                "cannot reach the printer at 127.0.0.1:" + closed + ": ConnectException"));
    }

    @Test
    void afterTheBrokerRestartsTheDriverReconnectsAndAsksForTheFullStateAgain() throws Exception {
        BambuClient.Timing timing = new BambuClient.Timing(Duration.ofSeconds(60), Duration.ofMillis(500),
                Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(2), 1 << 20);
        BambuPrinterDriver driver = driver(settings(), timing);
        Await.until(() -> assertThat(read(driver).nozzleActual()).isEqualTo(24.5));

        peer.stopBroker();
        Await.until(() -> assertThatThrownBy(() -> read(driver)).hasMessageContaining(
                "connection to the Bambu Lab printer at 127.0.0.1:" + peer.port() + " lost"));

        peer.fullState(BambuPeer.fullReport().replace("\"nozzle_temper\":24.5", "\"nozzle_temper\":30.0"));
        peer.restartBroker();
        Await.until(Duration.ofSeconds(20), () -> assertThat(read(driver).nozzleActual()).isEqualTo(30.0));
        assertThat(peer.pushalls()).isEqualTo(2);
        assertThat(driver.client().stats().reconnects()).isEqualTo(1);
        assertThat(log).anySatisfy(l -> assertThat(l).contains("connected to the Bambu Lab printer " + SERIAL)
                .endsWith(" again; subscribed to device/" + SERIAL + "/report"));
    }

    @Test
    void pushallIsAskedAtMostOncePerInterval() throws Exception {
        BambuClient.Timing timing = new BambuClient.Timing(Duration.ofSeconds(60), Duration.ofSeconds(4),
                Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(2), 1 << 20);
        BambuPrinterDriver driver = driver(settings(), timing);
        Await.until(() -> assertThat(read(driver).nozzleActual()).isEqualTo(24.5));
        peer.stopBroker();
        peer.restartBroker();
        Await.until(() -> assertThat(driver.client().stats().link()).isEqualTo(BambuClient.Link.CONNECTED));
        // reconnected within the interval: the pushall waits for the interval's end
        long connectedAgain = System.nanoTime();
        long first = peer.pushallTimes().get(0);
        if (connectedAgain - first < TimeUnit.SECONDS.toNanos(3)) {
            assertThat(peer.pushalls()).isEqualTo(1);
        }
        Await.until(Duration.ofSeconds(15), () -> assertThat(peer.pushalls()).isEqualTo(2));
        long gap = peer.pushallTimes().get(1) - first;
        assertThat(gap).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(4) - TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void whenReportsStopTheWatchdogReconnectsAndAsksForTheFullStateAgain() throws Exception {
        BambuClient.Timing timing = new BambuClient.Timing(Duration.ofSeconds(2), Duration.ofMillis(500),
                Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(2), 1 << 20);
        BambuPrinterDriver driver = driver(settings(), timing);
        Await.until(() -> assertThat(read(driver).nozzleActual()).isEqualTo(24.5));

        // the printer goes quiet, even to pushall: the watchdog drops the connection, makes it again and asks again;
        // until the printer speaks there is no sample, and the reason says why
        peer.answerPushall(false);
        Await.until(() -> assertThatThrownBy(() -> read(driver)).hasMessageContaining(
                "no report from the Bambu Lab printer at 127.0.0.1:" + peer.port()));
        Await.until(() -> assertThat(peer.pushalls()).isEqualTo(2));
        assertThat(driver.client().stats().reconnects()).isEqualTo(1);
        assertThat(log).anySatisfy(l -> assertThat(l).startsWith("WARN no report from the Bambu Lab printer")
                .contains("(watchdog 2 s); reconnecting"));
        assertThatThrownBy(() -> read(driver)).isInstanceOf(PrinterUnavailableException.class);

        // it speaks again: the next reconnect's pushall is answered
        peer.fullState(BambuPeer.fullReport().replace("\"nozzle_temper\":24.5", "\"nozzle_temper\":26.0"));
        peer.answerPushall(true);
        Await.until(Duration.ofSeconds(15), () -> assertThat(read(driver).nozzleActual()).isEqualTo(26.0));
        assertThat(peer.pushalls()).isGreaterThanOrEqualTo(3);
        // the dropped connections' threads are gone: Paho's receiver, sender, callback and ping of the live one only
        String id = driver.client().clientId();
        Await.until(() -> assertThat(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().contains(id)).map(Thread::getName).toList()).hasSizeLessThanOrEqualTo(4));
    }

    @Test
    void garbageAndEnormousMessagesAreIgnoredAndTheConnectionStays() throws Exception {
        BambuPrinterDriver driver = driver(settings(), TIMING);
        Await.until(() -> assertThat(read(driver).nozzleActual()).isEqualTo(24.5));
        byte[] enormous = new byte[8 << 20];
        java.util.Arrays.fill(enormous, (byte) '7');
        peer.publish(enormous);
        peer.publish("not json at all {");
        peer.publish("[1,2,3]");
        peer.publish("{\"print\":\"a string\"}");
        peer.publish(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1, 2});
        peer.publish("[".repeat(200_000)); // nesting that would overflow a recursive parser's stack
        peer.publish("{\"print\":" + "{\"a\":".repeat(200) + "1" + "}".repeat(200) + "}");
        peer.delta("\"nozzle_temper\":\"very hot\",\"bed_temper\":61.0");
        peer.delta("\"nozzle_temper\":199.0");
        Await.until(() -> assertThat(read(driver).nozzleActual()).isEqualTo(199.0));
        assertThat(read(driver).bedActual()).isEqualTo(61.0);
        BambuClient.Stats stats = driver.client().stats();
        assertThat(stats.ignored()).isGreaterThanOrEqualTo(6);
        assertThat(stats.reconnects()).isZero();
        assertThat(log).anySatisfy(l -> assertThat(l).contains("ignored a message").contains(
                "a message of 8388608 bytes, more than the limit of 1048576"));
    }

    @Test
    void aFloodOfAThousandMessagesASecondKeepsMemoryBoundedAndTheDriverWorking() throws Exception {
        BambuPrinterDriver driver = driver(settings(), TIMING);
        Await.until(() -> assertThat(read(driver).nozzleActual()).isEqualTo(24.5));
        long heapBefore = usedHeapAfterGc();
        int seconds = 5;
        int perSecond = 1000;
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        StringBuilder junk = new StringBuilder();
        for (int i = 0; i < seconds * perSecond; i++) {
            LockSupport.parkNanos(start + i * interval - System.nanoTime()); // pacing the sender, not synchronising
            if (i % 10 == 9) {
                // a delta of 200 keys never seen before: the state must not grow without bound
                junk.setLength(0);
                for (int k = 0; k < 200; k++) {
                    junk.append("\"junk_").append(i).append('_').append(k).append("\":").append(k).append(',');
                }
                peer.delta(junk + "\"nozzle_temper\":" + (100 + i % 100) + ".0");
            } else if (i % 10 == 5) {
                peer.publish("garbage " + i);
            } else {
                peer.delta("\"nozzle_temper\":" + (100 + i % 100) + ".0,\"mc_percent\":" + (i % 100));
            }
        }
        long sentIn = System.nanoTime() - start;
        int last = seconds * perSecond - 1;
        peer.delta("\"nozzle_temper\":222.0,\"mc_percent\":99");
        Await.until(Duration.ofSeconds(30), () -> assertThat(read(driver).nozzleActual()).isEqualTo(222.0));
        BambuClient.Stats stats = driver.client().stats();
        long heapAfter = usedHeapAfterGc();
        System.out.printf("flood: %d messages in %d ms; driver read %d reports, ignored %d; state %d values "
                + "(%d refused); heap after GC %d kB before, %d kB after%n", last + 1,
                TimeUnit.NANOSECONDS.toMillis(sentIn), stats.reports(), stats.ignored(), stats.stateNodes(),
                stats.refusedValues(), heapBefore / 1024, heapAfter / 1024);
        assertThat(stats.reconnects()).isZero();
        assertThat(stats.stateNodes()).isLessThanOrEqualTo(ReportState.MAX_NODES);
        assertThat(stats.refusedValues()).isGreaterThan(0);
        assertThat(stats.reports() + stats.ignored()).isGreaterThanOrEqualTo(seconds * perSecond);
        assertThat(heapAfter - heapBefore).isLessThan(64L << 20);
        assertThat(read(driver).progress()).isEqualTo(99.0);
    }

    private static long usedHeapAfterGc() {
        Runtime r = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, r.totalMemory() - r.freeMemory());
        }
        return used;
    }
}
