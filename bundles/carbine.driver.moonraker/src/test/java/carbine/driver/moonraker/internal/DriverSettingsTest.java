package carbine.driver.moonraker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DriverSettingsTest {
    private static Map<String, Object> config(Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void aCompleteConfigurationIsUsedAsIs() {
        DriverSettings.Validation v = DriverSettings.from(config("url", "http://voron.local:7125", "printerId",
                " voron ", "apiKey", "0123456789abcdef", "timeoutMillis", 1500L, "name", "Voron 2.4"));

        assertThat(v.errors()).isEmpty();
        assertThat(v.warnings()).isEmpty();
        assertThat(v.settings()).isEqualTo(new DriverSettings(URI.create("http://voron.local:7125"), "voron",
                "0123456789abcdef", Duration.ofMillis(1500), "Voron 2.4"));
        assertThat(v.settings().driverName()).isEqualTo("Voron 2.4");
    }

    @Test
    void defaults() {
        DriverSettings settings = DriverSettings.from(config("url", "http://voron.local:7125", "printerId", "voron"))
                .settings();

        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(2000));
        assertThat(settings.hasApiKey()).isFalse();
        assertThat(settings.driverName()).isEqualTo("moonraker voron");
    }

    @Test
    void theWebsocketIsUnderTheBaseUrl() {
        assertThat(websocket("http://voron.local:7125")).isEqualTo(URI.create("ws://voron.local:7125/websocket"));
        assertThat(websocket("http://voron.local:7125/")).isEqualTo(URI.create("ws://voron.local:7125/websocket"));
        assertThat(websocket("https://farm.example/voron")).isEqualTo(URI.create("wss://farm.example/voron/websocket"));
        assertThat(websocket("http://[::1]:7125")).isEqualTo(URI.create("ws://[::1]:7125/websocket"));
    }

    private static URI websocket(String url) {
        return DriverSettings.from(config("url", url, "printerId", "p")).settings().websocketUri();
    }

    @Test
    void theApiKeyNeverShowsInToString() {
        DriverSettings settings = DriverSettings.from(config("url", "http://voron.local:7125", "printerId", "voron",
                "apiKey", "s3cret-key")).settings();

        assertThat(settings.toString()).doesNotContain("s3cret-key").contains("apiKey=***");
    }

    @Test
    void missingOrBadUrlOrPrinterIdRegisterNothing() {
        assertThat(DriverSettings.from(config("printerId", "voron")).errors()).singleElement().asString()
                .startsWith("property url is missing");
        assertThat(DriverSettings.from(config("url", "ws://voron.local:7125/websocket", "printerId", "voron")).errors())
                .singleElement().asString().contains("must start with http:// or https://");
        assertThat(DriverSettings.from(config("url", "voron.local:7125", "printerId", "voron")).isValid()).isFalse();
        assertThat(DriverSettings.from(config("url", "http://voron .local", "printerId", "voron")).errors())
                .singleElement().asString().contains("not a URL");
        assertThat(DriverSettings.from(config("url", "http://admin:pw@voron.local:7125", "printerId", "voron"))
                .errors()).singleElement().asString().contains("use apiKey").doesNotContain("pw");
        assertThat(DriverSettings.from(config("url", "http://voron.local:7125", "printerId", "  ")).errors())
                .singleElement().asString().startsWith("property printerId = '  ' is invalid");
        assertThat(DriverSettings.from(config()).errors()).hasSize(2);
    }

    @Test
    void anApiKeyThatCannotBeAHeaderIsRefusedWithoutShowingIt() {
        DriverSettings.Validation v = DriverSettings.from(config("url", "http://voron.local:7125", "printerId", "voron",
                "apiKey", "has space"));

        assertThat(v.isValid()).isFalse();
        assertThat(v.errors()).singleElement().asString().contains("apiKey").doesNotContain("has space");
    }

    @Test
    void aBadTimeoutIsAWarningAndTheDefaultIsUsed() {
        for (Object bad : new Object[] {"fast", 0L, -5, 1.5}) {
            DriverSettings.Validation v = DriverSettings.from(config("url", "http://voron.local:7125", "printerId",
                    "voron", "timeoutMillis", bad));
            assertThat(v.isValid()).isTrue();
            assertThat(v.warnings()).singleElement().asString().contains("timeoutMillis = '" + bad + "'");
            assertThat(v.settings().timeout()).isEqualTo(Duration.ofMillis(2000));
        }
        assertThat(DriverSettings.from(config("url", "http://voron.local:7125", "printerId", "voron", "timeoutMillis",
                "750")).settings().timeout()).isEqualTo(Duration.ofMillis(750));
    }
}
