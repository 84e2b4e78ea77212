package carbine.driver.http.internal;

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
        DriverSettings.Validation v = DriverSettings.from(config("url",
                "http://192.168.1.20:8080/api/v1/printers/printer-3/status", "printerId", " lab-3 ",
                "timeoutMillis", 800L, "name", "Voron in the lab"));

        assertThat(v.errors()).isEmpty();
        assertThat(v.warnings()).isEmpty();
        assertThat(v.settings()).isEqualTo(new DriverSettings(
                URI.create("http://192.168.1.20:8080/api/v1/printers/printer-3/status"), "lab-3",
                Duration.ofMillis(800), "Voron in the lab"));
        assertThat(v.settings().driverName()).isEqualTo("Voron in the lab");
    }

    @Test
    void timeoutAndNameHaveDefaults() {
        DriverSettings settings = DriverSettings.from(config("url", "https://farm.example/api/v1/printer/status",
                "printerId", "lab-1")).settings();

        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.driverName()).isEqualTo("http lab-1");
    }

    @Test
    void aMissingUrlRegistersNothing() {
        DriverSettings.Validation v = DriverSettings.from(config("printerId", "lab-1"));

        assertThat(v.isValid()).isFalse();
        assertThat(v.errors()).singleElement().asString().startsWith("property url is missing");
    }

    @Test
    void aUrlThatIsNotHttpRegistersNothing() {
        assertThat(DriverSettings.from(config("url", "ftp://printer/status", "printerId", "lab-1")).errors())
                .containsExactly("property url = 'ftp://printer/status' is invalid (must start with http:// or https://)");
        assertThat(DriverSettings.from(config("url", "192.168.1.20:8080/status", "printerId", "lab-1")).isValid())
                .isFalse();
        assertThat(DriverSettings.from(config("url", "http://exa mple/", "printerId", "lab-1")).errors())
                .singleElement().asString().startsWith("property url = 'http://exa mple/' is invalid (not a URL");
        assertThat(DriverSettings.from(config("url", "http:///status", "printerId", "lab-1")).errors())
                .containsExactly("property url = 'http:///status' is invalid (no host name)");
    }

    @Test
    void anEmptyPrinterIdRegistersNothing() {
        DriverSettings.Validation v = DriverSettings.from(config("url", "http://h/status", "printerId", "  "));

        assertThat(v.isValid()).isFalse();
        assertThat(v.errors()).containsExactly(
                "property printerId = '  ' is invalid (must not be empty: the id of the printer in this Carbine)");
    }

    @Test
    void aBadTimeoutFallsBackToTheDefaultWithAWarning() {
        DriverSettings.Validation v = DriverSettings.from(config("url", "http://h/status", "printerId", "p",
                "timeoutMillis", "soon"));

        assertThat(v.settings().timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(v.warnings()).containsExactly(
                "property timeoutMillis = 'soon' is invalid (must be a whole number > 0); using 1500");
        assertThat(DriverSettings.from(config("url", "http://h/status", "printerId", "p", "timeoutMillis", -1))
                .warnings()).hasSize(1);
        assertThat(DriverSettings.from(config("url", "http://h/status", "printerId", "p", "timeoutMillis", "250"))
                .settings().timeout()).isEqualTo(Duration.ofMillis(250));
    }
}
