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
import carbine.driver.prusalink.peer.PrusaLinkPeer;
import carbine.driver.prusalink.peer.PrusaLinkPeer.Mode;

/**
 * The PrusaLink driver inside the runtime, against the protocol peer over real HTTP on loopback with a real Digest
 * check (the peer is carbine.driver.prusalink's test class, embedded in this test bundle). A factory configuration
 * through Config Admin makes a printer that is polled and stored; an expired nonce is renewed without the printer
 * going offline; ATTENTION (a question on the printer's screen) is shown but raises no hard failure; ERROR raises a
 * CRITICAL hard failure with the printer's text; a wrong password keeps the printer offline with a clear reason.
 */
class PrusaLinkDriverTest {
    private static final String PASSWORD = "ItPrusaPass7c2e";
    private static final String ERROR_TEXT = "Heater error: thermal runaway, printer halted";

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
    void printerIsPolledRenewsItsNonceShowsAttentionAndFailsWithThePrintersText() throws Exception {
        String id = Carbines.printerId("prusalink");
        Instant start = Instant.now();
        try (PrusaLinkPeer peer = PrusaLinkPeer.start("maker", PASSWORD).mode(Mode.PRINTING)
                .temperatures(215.2, 215, 60.1, 60).fans(6900, 5100).progress(12)) {
            Configuration configuration = cm.getFactoryConfiguration("carbine.driver.prusalink", id, "?");
            configuration.update(Carbines.props("printerId", id, "url", peer.baseUrl().toString(), "password",
                    PASSWORD, "timeoutMillis", 800));
            try {
                Await.until(() -> assertThat(fleet.printer(id)).hasValueSatisfying(p -> {
                    assertThat(p.online()).isTrue();
                    assertThat(p.driver()).isEqualTo("prusalink " + id);
                    assertThat(p.latest().state()).isEqualTo(PrinterState.PRINTING);
                    assertThat(p.latest().nozzleActual()).isEqualTo(215.2);
                    assertThat(p.latest().bedTarget()).isEqualTo(60.0);
                    assertThat(p.latest().fanRpm()).isEqualTo(5100.0);
                    assertThat(p.latest().progress()).isEqualTo(12.0);
                }));
                Await.until(() -> assertThat(store.count(id, start, Instant.now().plusSeconds(60))).isGreaterThan(3));
                // one handshake, then one request per poll with the same nonce
                assertThat(peer.challenges()).isEqualTo(1);

                Collection<ServiceReference<PrinterDriver>> drivers = context.getServiceReferences(PrinterDriver.class,
                        "(carbine.driver.prusalink.printer=" + id + ")");
                assertThat(drivers).singleElement().satisfies(r -> {
                    assertThat(r.getProperty("carbine.driver.prusalink.url")).isEqualTo(peer.baseUrl().toString());
                    for (String key : r.getPropertyKeys()) {
                        assertThat(String.valueOf(r.getProperty(key))).as(key).doesNotContain(PASSWORD);
                    }
                });

                // the printer let the nonce expire: renewed silently, the printer stays online
                peer.expireNonce().progress(13);
                Await.until(() -> assertThat(fleet.printer(id)).hasValueSatisfying(p -> {
                    assertThat(p.online()).isTrue();
                    assertThat(p.latest().progress()).isEqualTo(13.0);
                }));
                assertThat(peer.staleChallenges()).isEqualTo(1);

                // a question on the printer's screen: shown as PAUSED with its text, and no hard failure
                peer.message("Filament runout").mode(Mode.ATTENTION);
                Await.until(() -> assertThat(store.latest(id)).hasValueSatisfying(s -> {
                    assertThat(s.state()).isEqualTo(PrinterState.PAUSED);
                    assertThat(s.error()).isEqualTo("attention: Filament runout");
                }));
                long attentionSamples = store.count(id, start, Instant.now().plusSeconds(60));
                Await.until(() -> assertThat(store.count(id, start, Instant.now().plusSeconds(60)))
                        .isGreaterThan(attentionSamples + 3));
                assertThat(alerts.open()).noneSatisfy(a -> {
                    assertThat(a.printerId()).isEqualTo(id);
                    assertThat(a.kind()).isEqualTo("HARD_FAILURE");
                });

                // the printer reports ERROR: its own text reaches a CRITICAL alert
                peer.message(ERROR_TEXT).mode(Mode.ERROR);
                Await.until(() -> assertThat(alerts.open()).anySatisfy(a -> {
                    assertThat(a.printerId()).isEqualTo(id);
                    assertThat(a.kind()).isEqualTo("HARD_FAILURE");
                    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(a.message()).contains(ERROR_TEXT);
                }));
            } finally {
                configuration.delete();
            }
            Await.until(() -> assertThat(fleet.printer(id)).isEmpty());
        }
    }

    @Test
    void aWrongPasswordKeepsThePrinterOfflineWithAClearReason() throws Exception {
        String id = Carbines.printerId("prusalink-password");
        try (PrusaLinkPeer peer = PrusaLinkPeer.start("maker", PASSWORD)) {
            Configuration configuration = cm.getFactoryConfiguration("carbine.driver.prusalink", id, "?");
            configuration.update(Carbines.props("printerId", id, "url", peer.baseUrl().toString(), "password",
                    "WrongPassword123", "timeoutMillis", 800));
            try {
                Await.until(() -> assertThat(fleet.printer(id)).hasValueSatisfying(p -> {
                    assertThat(p.online()).isFalse();
                    assertThat(p.lastError()).contains("PrusaLink refused the user name or password")
                            .doesNotContain("WrongPassword123");
                }));
            } finally {
                configuration.delete();
            }
        }
    }
}
