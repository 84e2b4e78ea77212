package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import carbine.api.alert.AlertService;
import carbine.api.alert.Severity;
import carbine.api.driver.PrinterDriver;
import carbine.api.driver.PrinterKind;
import carbine.api.fleet.Fleet;
import carbine.api.store.TelemetryStore;
import carbine.api.telemetry.PrinterState;
import carbine.driver.bambu.peer.BambuPeer;

/**
 * The Bambu Lab driver inside the runtime, against the peer of carbine.driver.bambu's tests (Debian's Mosquitto with
 * TLS, the certificate issued to a fake serial by a CA the peer makes, user bblp with the access code; embedded in
 * this test bundle). A factory configuration through Config Admin makes a printer that is polled and stored; the
 * printer's print_error becomes the rule detector's CRITICAL hard-failure alert with the error's code and text; a
 * wrong access code keeps the printer offline with a clear reason. Skipped, with the reason, without Mosquitto.
 */
class BambuDriverTest {
    private static final String SERIAL = "01P00A000000777";
    private static final String CODE = "86420975";

    @InjectBundleContext
    BundleContext context;
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    Fleet fleet;
    @InjectService(timeout = 10_000)
    TelemetryStore store;
    @InjectService(timeout = 10_000)
    AlertService alerts;

    private Path dir;
    private BambuPeer peer;

    @BeforeEach
    void start() throws Exception {
        String unavailable = BambuPeer.unavailable();
        Assumptions.assumeTrue(unavailable.isEmpty(), unavailable);
        Carbines.pollEvery(cm, 200, "timeoutMillis", 1000, "offlineAfterFailures", 3);
        dir = Files.createTempDirectory("carbine-bambu-peer");
        peer = BambuPeer.start(dir, SERIAL, CODE);
    }

    @AfterEach
    void stop() throws Exception {
        if (peer != null) {
            peer.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Configuration printer(String id, String accessCode) throws Exception {
        Configuration configuration = cm.getFactoryConfiguration("carbine.driver.bambu", id, "?");
        configuration.update(Carbines.props("printerId", id, "host", "127.0.0.1", "port", peer.port(), "serial",
                SERIAL, "accessCode", accessCode, "caFile", peer.caFile().toString()));
        return configuration;
    }

    @Test
    void aBambuPrinterIsPolledAndItsPrintErrorIsACriticalHardFailureWithItsText() throws Exception {
        String id = Carbines.printerId("bambu");
        Instant start = Instant.now();
        Configuration configuration = printer(id, CODE);
        try {
            Await.until(() -> assertThat(fleet.printer(id)).hasValueSatisfying(p -> {
                assertThat(p.online()).isTrue();
                assertThat(p.driver()).isEqualTo("bambu " + id);
                assertThat(p.latest().state()).isEqualTo(PrinterState.IDLE);
                assertThat(p.latest().nozzleActual()).isEqualTo(24.5);
                assertThat(p.latest().bedActual()).isEqualTo(23.0);
            }));
            assertThat(context.getServiceReferences(PrinterKind.class,
                    "(" + PrinterKind.FACTORY_PID_PROPERTY + "=carbine.driver.bambu)")).singleElement()
                    .satisfies(r -> assertThat(r.getProperty(PrinterKind.LABEL_PROPERTY)).isEqualTo("Bambu Lab (LAN)"));
            Collection<ServiceReference<PrinterDriver>> drivers = context.getServiceReferences(PrinterDriver.class,
                    "(carbine.driver.bambu.printer=" + id + ")");
            assertThat(drivers).singleElement().satisfies(r -> {
                assertThat(r.getProperty("carbine.driver.bambu.serial")).isEqualTo(SERIAL);
                for (String key : r.getPropertyKeys()) {
                    assertThat(String.valueOf(r.getProperty(key))).as(key).doesNotContain(CODE);
                }
            });

            // a print starts: deltas only (as P1 and A1 printers send), the rest of the state is kept
            peer.delta("\"gcode_state\":\"RUNNING\",\"mc_percent\":12,\"nozzle_temper\":218.5,"
                    + "\"nozzle_target_temper\":220.0,\"cooling_fan_speed\":\"15\"");
            Await.until(() -> assertThat(fleet.printer(id)).hasValueSatisfying(p -> {
                assertThat(p.latest().state()).isEqualTo(PrinterState.PRINTING);
                assertThat(p.latest().nozzleActual()).isEqualTo(218.5);
                assertThat(p.latest().bedActual()).isEqualTo(23.0);
                assertThat(p.latest().fanSpeed()).isEqualTo(1.0);
                assertThat(p.latest().progress()).isEqualTo(12.0);
            }));
            Await.until(() -> assertThat(store.count(id, start, Instant.now().plusSeconds(60))).isGreaterThan(2));

            // the printer reports a print error (0300_4006, 50348038): a CRITICAL hard failure with its text
            peer.delta("\"print_error\":" + 0x03004006 + ",\"gcode_state\":\"PAUSE\"");
            Await.until(() -> assertThat(alerts.open()).anySatisfy(a -> {
                assertThat(a.printerId()).isEqualTo(id);
                assertThat(a.kind()).isEqualTo("HARD_FAILURE");
                assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(a.message()).isEqualTo(
                        "printer reports ERROR: Bambu Lab print error 0300_4006: the nozzle is clogged");
            }));
            assertThat(store.latest(id)).hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(PrinterState.ERROR));
        } finally {
            configuration.delete();
        }
        Await.until(() -> assertThat(fleet.printer(id)).isEmpty());
    }

    @Test
    void aWrongAccessCodeKeepsThePrinterOfflineWithAClearReason() throws Exception {
        String id = Carbines.printerId("bambu-code");
        Configuration configuration = printer(id, "11112222");
        try {
            Await.until(() -> assertThat(fleet.printer(id)).hasValueSatisfying(p -> {
                assertThat(p.online()).isFalse();
                assertThat(p.lastError()).contains("refused the access code").doesNotContain("11112222");
            }));
        } finally {
            configuration.delete();
        }
    }
}
