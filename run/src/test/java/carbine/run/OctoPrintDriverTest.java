package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Collection;

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
import carbine.api.fleet.Fleet;
import carbine.api.store.TelemetryStore;
import carbine.api.telemetry.PrinterState;
import carbine.driver.octoprint.peer.OctoPrintPeer;
import carbine.driver.octoprint.peer.OctoPrintPeer.Mode;

/**
 * The OctoPrint driver inside the runtime, against the protocol peer over real HTTP on loopback (the peer is
 * carbine.driver.octoprint's test class, embedded in this test bundle; its JDK HTTP server is reached through boot
 * delegation of com.sun.*). A factory configuration through Config Admin makes a printer that is polled and stored;
 * OctoPrint's error becomes a CRITICAL hard failure with OctoPrint's own text; a disconnected printer goes offline
 * with the reason, and comes back.
 */
class OctoPrintDriverTest {
    private static final String KEY = "IT-OCTOPRINT-KEY-0c9d8e7f6a5b";
    private static final String ERROR_TEXT = "Thermal Runaway on E0 - Printer halted. kill() called!";

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

    @BeforeEach
    void fastPolling() throws Exception {
        Carbines.pollEvery(cm, 200, "timeoutMillis", 1000, "offlineAfterFailures", 3);
    }

    @Test
    void printerIsPolledStoredFailsWithOctoPrintsTextAndGoesOfflineWhenDisconnected() throws Exception {
        String id = Carbines.printerId("octoprint");
        Instant start = Instant.now();
        try (OctoPrintPeer peer = OctoPrintPeer.start(KEY).mode(Mode.PRINTING).temperatures(210.4, 210, 60.2, 60)
                .completion(12.5)) {
            Configuration configuration = cm.getFactoryConfiguration("carbine.driver.octoprint", id, "?");
            configuration.update(Carbines.props("printerId", id, "url", peer.baseUrl().toString(), "apiKey", KEY,
                    "timeoutMillis", 800));
            try {
                Await.until(() -> assertThat(fleet.printer(id)).hasValueSatisfying(p -> {
                    assertThat(p.online()).isTrue();
                    assertThat(p.driver()).isEqualTo("octoprint " + id);
                    assertThat(p.latest().state()).isEqualTo(PrinterState.PRINTING);
                    assertThat(p.latest().nozzleActual()).isEqualTo(210.4);
                    assertThat(p.latest().bedTarget()).isEqualTo(60.0);
                    assertThat(p.latest().progress()).isEqualTo(12.5);
                }));
                Await.until(() -> assertThat(store.count(id, start, Instant.now().plusSeconds(60))).isGreaterThan(3));
                assertThat(peer.requests("/api/printer")).isEqualTo(peer.requests("/api/job"));

                Collection<ServiceReference<PrinterDriver>> drivers = context.getServiceReferences(PrinterDriver.class,
                        "(carbine.driver.octoprint.printer=" + id + ")");
                assertThat(drivers).singleElement().satisfies(r -> {
                    assertThat(r.getProperty("carbine.driver.octoprint.url")).isEqualTo(peer.baseUrl().toString());
                    for (String key : r.getPropertyKeys()) {
                        assertThat(String.valueOf(r.getProperty(key))).as(key).doesNotContain(KEY);
                    }
                });

                // the printer's connection fails with an error: OctoPrint's own text reaches a CRITICAL alert
                peer.errorText(ERROR_TEXT).mode(Mode.ERROR);
                Await.until(() -> assertThat(alerts.open()).anySatisfy(a -> {
                    assertThat(a.printerId()).isEqualTo(id);
                    assertThat(a.kind()).isEqualTo("HARD_FAILURE");
                    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(a.message()).contains(ERROR_TEXT);
                }));
                assertThat(store.latest(id)).hasValueSatisfying(s -> assertThat(s.error()).isEqualTo(ERROR_TEXT));

                // OctoPrint up, printer disconnected (409 without an error): offline, with the reason
                peer.mode(Mode.DISCONNECTED);
                Await.until(() -> assertThat(fleet.printer(id)).hasValueSatisfying(p -> {
                    assertThat(p.online()).isFalse();
                    assertThat(p.lastError()).contains("printer is not connected").contains(
                            "Printer is not operational").contains("Offline");
                }));

                // reconnected: online again
                peer.mode(Mode.OPERATIONAL);
                Await.until(() -> assertThat(fleet.printer(id)).hasValueSatisfying(p -> {
                    assertThat(p.online()).isTrue();
                    assertThat(p.latest().state()).isEqualTo(PrinterState.IDLE);
                }));
            } finally {
                configuration.delete();
            }
            Await.until(() -> assertThat(fleet.printer(id)).isEmpty());
        }
    }

    @Test
    void aWrongKeyKeepsThePrinterOfflineWithAClearReason() throws Exception {
        String id = Carbines.printerId("octoprint-key");
        try (OctoPrintPeer peer = OctoPrintPeer.start(KEY)) {
            Configuration configuration = cm.getFactoryConfiguration("carbine.driver.octoprint", id, "?");
            configuration.update(Carbines.props("printerId", id, "url", peer.baseUrl().toString(), "apiKey",
                    "WRONG-KEY-123456", "timeoutMillis", 800));
            try {
                Await.until(() -> assertThat(fleet.printer(id)).hasValueSatisfying(p -> {
                    assertThat(p.online()).isFalse();
                    assertThat(p.lastError()).contains("OctoPrint refused the API key").doesNotContain(
                            "WRONG-KEY-123456");
                }));
            } finally {
                configuration.delete();
            }
        }
    }
}
