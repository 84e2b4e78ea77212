package carbine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.LogLevel;

import carbine.api.store.History;
import carbine.api.store.StoreHealth;
import carbine.api.store.TelemetryStore;
import carbine.api.telemetry.TelemetrySample;

class RuntimeTest {
    @Test
    void theReadyLineSaysWhereHttpsServesOrThatItDoesNot() {
        List<String> both = List.of("https://10.1.2.3:8443/", "http://10.1.2.3:8080/");
        assertThat(ReadyAnnouncer.endpoint(both)).as("the plain endpoint stays the base").isEqualTo("http://10.1.2.3:8080/");
        assertThat(ReadyAnnouncer.https("self-signed", both)).isEqualTo(" ; HTTPS at https://10.1.2.3:8443/ "
                + "(plain HTTP answers this machine only, and sends others there)");
        assertThat(ReadyAnnouncer.https("/etc/carbine/farm.p12", List.of("http://10.1.2.3:8080/")))
                .contains("HTTPS (carbine.https) is not serving");
        assertThat(ReadyAnnouncer.https(null, both)).isEmpty();
        assertThat(ReadyAnnouncer.https(" off ", both)).isEmpty();
    }

    @Test
    void endpointTakesTheFirstAnnouncedAddress() {
        assertThat(ReadyAnnouncer.endpoint(new String[] {"http://127.0.0.1:41234/"})).isEqualTo("http://127.0.0.1:41234/");
        assertThat(ReadyAnnouncer.endpoint(List.of("http://localhost:8080"))).isEqualTo("http://localhost:8080/");
        assertThat(ReadyAnnouncer.endpoint(null)).isEqualTo("http://127.0.0.1:8080/");
    }

    @Test
    void boundToAllInterfacesTheReadyLineNamesAnAddressABrowserOpens() {
        assertThat(ReadyAnnouncer.endpoint(List.of("http://[fe80::1c2:3ff:fe45:6789%eth0]:8080/", "http://10.1.2.3:8080/",
                "http://127.0.0.1:8080/"))).isEqualTo("http://10.1.2.3:8080/");
        assertThat(ReadyAnnouncer.endpoint(List.of("http://[fe80::1%eth0]:8080/", "http://[2001:db8::7]:8080/")))
                .isEqualTo("http://[2001:db8::7]:8080/");
    }

    @Test
    void theReadyLineSaysHowCarbineIsExposed() {
        assertThat(ReadyAnnouncer.exposure("127.0.0.1", "open")).contains("this machine alone").doesNotContain("login");
        assertThat(ReadyAnnouncer.exposure("127.0.0.1", "required")).contains("this machine alone").contains("login");
        assertThat(ReadyAnnouncer.exposure("0.0.0.0", "required")).contains("all interfaces")
                .contains("a login (user admin) is required").doesNotContain("anyone");
        assertThat(ReadyAnnouncer.exposure("0.0.0.0", "open")).contains("all interfaces").contains("anyone")
                .contains("login=never");
        assertThat(ReadyAnnouncer.exposure(null, null)).contains("all interfaces").contains("nothing asks for a login");
        assertThat(ReadyAnnouncer.exposure("192.168.1.5", "required")).contains("192.168.1.5").contains("login");
    }

    @Test
    void logLevelFallsBackToInfoOnGarbage() {
        assertThat(LogWriter.parseLevel("debug")).isEqualTo(LogLevel.DEBUG);
        assertThat(LogWriter.parseLevel(null)).isEqualTo(LogLevel.INFO);
        assertThat(LogWriter.parseLevel("loud")).isEqualTo(LogLevel.INFO);
    }

    @Test
    void logLineCarriesLevelSourceAndMessage() {
        String line = LogFormat.format(0, LogLevel.WARN, "carbine.poller", "printer-1 timed out", null);
        assertThat(line).endsWith("WARN  [carbine.poller] printer-1 timed out");
        String withTrace = LogFormat.format(0, LogLevel.ERROR, "x", "boom", new IllegalStateException("why"));
        assertThat(withTrace).contains("ERROR [x] boom").contains("IllegalStateException: why");
    }

    @Test
    void confWatchIsOnlyForConfigurationFiles() {
        var p = ConfDirectory.watchProperties(Path.of("/tmp/conf"));
        assertThat(p.get("felix.fileinstall.dir")).isEqualTo("/tmp/conf");
        assertThat("carbine.simulator-printer-2.cfg").matches((String) p.get("felix.fileinstall.filter"));
        assertThat("some-bundle.jar").doesNotMatch((String) p.get("felix.fileinstall.filter"));
    }

    static TelemetryStore storeWith(StoreHealth health) {
        return new TelemetryStore() {
            @Override public CompletionStage<Void> store(TelemetrySample sample) { throw new UnsupportedOperationException(); }
            @Override public List<TelemetrySample> samples(String printerId, Instant from, Instant to) { return List.of(); }
            @Override public long count(String printerId, Instant from, Instant to) { return 0; }
            @Override public Optional<TelemetrySample> latest(String printerId) { return Optional.empty(); }
            @Override public List<String> printerIds() { return List.of(); }
            @Override public History history(String printerId, Instant from, Instant to, int maxPoints) {
                return new History(printerId, from, to, History.Resolution.RAW, java.time.Duration.ZERO, List.of());
            }
            @Override public StoreHealth health() { return health; }
        };
    }

    @Test
    void theReadyLineWarnsWhenTheStoreIsMissingOrFailing() {
        Instant since = Instant.parse("2026-12-01T10:00:00Z");
        assertThat(ReadyAnnouncer.storeWarning(storeWith(StoreHealth.writing(since, 0)))).isEmpty();
        assertThat(ReadyAnnouncer.storeWarning(null)).contains("WARNING").contains("NOT running");
        assertThat(ReadyAnnouncer.storeWarning(storeWith(StoreHealth.failing(since, "disk full: database or disk is full", 42))))
                .contains("WARNING: the telemetry store is FAILING since 2026-12-01T10:00:00Z: disk full")
                .contains("42 rows waiting");
    }
}
