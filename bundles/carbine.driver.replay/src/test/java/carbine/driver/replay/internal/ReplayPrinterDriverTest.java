package carbine.driver.replay.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import carbine.api.driver.PrinterDriver;
import carbine.api.telemetry.TelemetrySample;
import carbine.driver.replay.ReplayDriver;

class ReplayPrinterDriverTest {
    /** Three rows a minute apart, the second one repeated. */
    private static final String CSV = """
            timestamp,value
            2014-01-01 00:00:00,1
            2014-01-01 00:01:00,2
            2014-01-01 00:01:00,3
            2014-01-01 00:02:00,4
            """;

    @TempDir
    Path dir;
    private Path file;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicInteger finishedCalls = new AtomicInteger();

    @BeforeEach
    void writeFile() throws IOException {
        file = Files.writeString(dir.resolve("r.csv"), CSV);
    }

    private ReplayPrinterDriver driver(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(Map.of("file", file.toString(), "printerId", "nab"));
        properties.putAll(extra);
        ReplaySettings settings = ReplaySettings.from(properties, dir).settings();
        ReplayFile.Load load = ReplayFile.load(settings.file(), settings.field(), ZoneId.of("UTC"));
        return new ReplayPrinterDriver(settings, load, nanos::get, finishedCalls::incrementAndGet);
    }

    private static Instant t(String time) {
        return Instant.parse("2014-01-01T" + time + "Z");
    }

    @Test
    void asFastAsPolledEveryCallReturnsTheNextRowThenThePrinterLeaves() {
        ReplayPrinterDriver driver = driver(Map.of());
        assertThat(driver.printerIds()).containsExactly("nab");
        assertThat(driver.finished()).isFalse();
        assertThat(driver.lastEventTime()).isEmpty();

        assertThat(driver.sample("nab").time()).isEqualTo(t("00:00:00"));
        assertThat(driver.sample("nab").nozzleActual()).isEqualTo(2.0);
        TelemetrySample moved = driver.sample("nab");
        assertThat(moved.time()).isEqualTo(t("00:01:00.001"));
        assertThat(moved.nozzleActual()).isEqualTo(3.0);
        assertThat(driver.printerIds()).containsExactly("nab");
        TelemetrySample last = driver.sample("nab");
        assertThat(last.time()).isEqualTo(t("00:02:00"));

        assertThat(driver.finished()).isTrue();
        assertThat(driver.printerIds()).isEmpty();
        assertThat(finishedCalls).hasValue(1);
        assertThat(driver.replayed()).isEqualTo(4);
        assertThat(driver.rows()).isEqualTo(4);
        assertThat(driver.moved()).isEqualTo(1);
        assertThat(driver.lastEventTime()).contains(t("00:02:00"));
        // a late poll gets the last sample again (which the poller drops as not newer) and changes nothing
        assertThat(driver.sample("nab")).isSameAs(last);
        assertThat(finishedCalls).hasValue(1);
    }

    @Test
    void eventTimesMapBackToFileRows() {
        ReplayPrinterDriver driver = driver(Map.of());
        assertThat(driver.row(t("00:00:00"))).hasValue(0);
        assertThat(driver.row(t("00:01:00.001"))).hasValue(2);
        assertThat(driver.row(t("00:02:00"))).hasValue(3);
        assertThat(driver.row(t("00:00:30"))).isEmpty();
        assertThat(driver.row(t("00:00:00.000001"))).isEmpty();
        assertThat(driver.row(t("00:05:00"))).isEmpty();
        assertThat(driver.row(Instant.MAX)).isEmpty();
    }

    @Test
    void atASpeedARowIsServedOnlyWhenDue() {
        ReplayPrinterDriver driver = driver(Map.of("speed", "60")); // a data minute per wall second
        TelemetrySample first = driver.sample("nab");
        assertThat(first.time()).isEqualTo(t("00:00:00"));

        nanos.addAndGet(999_000_000L);
        assertThat(driver.sample("nab")).isSameAs(first); // not due: the previous sample again
        nanos.addAndGet(1_000_000L);
        TelemetrySample second = driver.sample("nab");
        assertThat(second.time()).isEqualTo(t("00:01:00"));
        // the moved row is due 1 ms of data time later, 1/60 ms of wall time
        assertThat(driver.sample("nab")).isSameAs(second);
        nanos.addAndGet(17_000L);
        assertThat(driver.sample("nab").time()).isEqualTo(t("00:01:00.001"));

        nanos.addAndGet(5_000_000_000L); // far behind: still one row per poll, none skipped
        assertThat(driver.sample("nab").time()).isEqualTo(t("00:02:00"));
        assertThat(driver.finished()).isTrue();
        assertThat(driver.replayed()).isEqualTo(4);
    }

    @Test
    void loopingStartsAgainWithIncreasingTimesAndNeverFinishes() {
        ReplayPrinterDriver driver = driver(Map.of("loop", "true"));
        Instant previous = Instant.MIN;
        for (int i = 0; i < 9; i++) {
            TelemetrySample sample = driver.sample("nab");
            assertThat(sample.time()).isAfter(previous);
            previous = sample.time();
        }
        // span 2 min + mean spacing 40 s: the second pass starts 2:40 after the first
        assertThat(previous).isEqualTo(t("00:05:20"));
        assertThat(driver.finished()).isFalse();
        assertThat(driver.printerIds()).containsExactly("nab");
        assertThat(driver.row(t("00:05:20"))).isEqualTo(OptionalInt.of(0));
        assertThat(driver.row(t("00:03:40.001"))).isEqualTo(OptionalInt.of(2));
    }

    @Test
    void anotherPrinterIdIsRefused() {
        assertThatThrownBy(() -> driver(Map.of()).sample("other"))
                .hasMessage("unknown printer: other (this driver replays nab)");
    }

    @Test
    void aFileWithoutRowsServesNoPrinterAndIsFinishedWithItsReason() throws IOException {
        Files.writeString(file, "timestamp,value\n");
        ReplayPrinterDriver driver = driver(Map.of());
        assertThat(driver.printerIds()).isEmpty();
        assertThat(driver.finished()).isTrue();
        assertThat(driver.failure()).hasValueSatisfying(reason -> assertThat(reason).contains("no usable rows"));
        assertThatThrownBy(() -> driver.sample("nab")).hasMessageContaining("no usable rows");
        assertThat(driver.row(t("00:00:00"))).isEmpty();
    }

    @Test
    void serviceProperties() {
        assertThat(driver(Map.of()).serviceProperties()).containsEntry(PrinterDriver.NAME_PROPERTY, "replay nab")
                .containsEntry(ReplayDriver.PRINTER_PROPERTY, "nab")
                .containsEntry(ReplayDriver.FILE_PROPERTY, file.toString());
    }
}
