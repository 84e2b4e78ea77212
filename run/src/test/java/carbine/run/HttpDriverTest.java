package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectService;

import carbine.api.fleet.Fleet;
import carbine.api.store.TelemetryStore;

/**
 * The HTTP printer driver monitors another Carbine through the prototype's JSON API. Here "another Carbine" is
 * this one: a simulated printer served over real HTTP on loopback, polled back in under a second id.
 */
class HttpDriverTest {
    @InjectService
    ConfigurationAdmin cm;
    @InjectService(timeout = 10_000)
    Fleet fleet;
    @InjectService(timeout = 10_000)
    TelemetryStore store;
    @InjectService(timeout = 10_000)
    HttpServiceRuntime http;

    @BeforeEach
    void fastPolling() throws Exception {
        Carbines.pollEvery(cm, 200, "timeoutMillis", 1000);
    }

    @Test
    void remotePrinterIsPolledStoredAndGoesOfflineWhenItsSourceDisappears() throws Exception {
        String source = Carbines.printerId("http-source");
        String remote = Carbines.printerId("http-remote");
        Instant start = Instant.now();
        Configuration simulated = Carbines.simulator(cm, source, "scenario", "normal");
        Configuration driver = cm.getFactoryConfiguration("carbine.driver.http", remote, "?");
        driver.update(Carbines.props("printerId", remote, "url", Carbines.httpBase(http) + "api/v1/printers/" + source + "/status",
                "timeoutMillis", 800));
        try {
            Await.until(() -> assertThat(fleet.printer(remote)).hasValueSatisfying(p -> {
                assertThat(p.online()).isTrue();
                assertThat(p.latest()).isNotNull();
                assertThat(p.latest().nozzleActual()).isNotNull();
            }));
            Await.until(() -> assertThat(store.count(remote, start, Instant.now().plusSeconds(60))).isGreaterThan(3));

            // the source printer goes away: its API answers 404, the remote printer goes offline with the reason
            simulated.delete();
            Await.until(() -> assertThat(fleet.printer(remote)).hasValueSatisfying(p -> {
                assertThat(p.online()).isFalse();
                assertThat(p.lastError()).contains("404");
            }));
        } finally {
            driver.delete();
            try {
                simulated.delete();
            } catch (IllegalStateException alreadyDeleted) {
                // deleted above
            }
        }
        Await.until(() -> assertThat(fleet.printer(remote)).isEmpty());
    }

}
