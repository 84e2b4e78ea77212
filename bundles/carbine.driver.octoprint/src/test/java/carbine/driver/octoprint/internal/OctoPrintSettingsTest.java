package carbine.driver.octoprint.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OctoPrintSettingsTest {
    private static final String KEY = "8D2F3A1B9C0E4F5A6B7C8D9E0F1A2B3C";

    static Map<String, Object> config(Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void aCompleteConfigurationIsUsed() {
        OctoPrintSettings.Validation v = OctoPrintSettings.from(config("printerId", " mk4-1 ", "url",
                "http://octopi.local", "apiKey", " " + KEY + " ", "timeoutMillis", 800L));

        assertThat(v.errors()).isEmpty();
        assertThat(v.warnings()).isEmpty();
        assertThat(v.settings()).isEqualTo(new OctoPrintSettings("mk4-1", URI.create("http://octopi.local/"), KEY,
                Duration.ofMillis(800)));
        assertThat(v.settings().endpoint("api/printer")).isEqualTo(URI.create("http://octopi.local/api/printer"));
        assertThat(v.settings().driverName()).isEqualTo("octoprint mk4-1");
    }

    @Test
    void theTimeoutDefaultsTo2000() {
        assertThat(OctoPrintSettings.from(config("printerId", "p", "url", "http://octopi.local", "apiKey", KEY))
                .settings().timeout()).isEqualTo(Duration.ofMillis(2000));
    }

    @Test
    void aBaseUrlWithAPathKeepsItForAReverseProxy() {
        OctoPrintSettings settings = OctoPrintSettings.from(config("printerId", "p", "url",
                "https://farm.example:8443/octoprint", "apiKey", KEY)).settings();

        assertThat(settings.url()).isEqualTo(URI.create("https://farm.example:8443/octoprint/"));
        assertThat(settings.endpoint("api/job")).isEqualTo(URI.create("https://farm.example:8443/octoprint/api/job"));
    }

    @Test
    void eachRequiredPropertyIsNamedWhenMissing() {
        OctoPrintSettings.Validation v = OctoPrintSettings.from(config("timeoutMillis", 500));

        assertThat(v.isValid()).isFalse();
        assertThat(v.errors()).hasSize(3);
        assertThat(v.errors().get(0)).startsWith("property printerId is missing");
        assertThat(v.errors().get(1)).startsWith("property url is missing").contains("http://octopi.local");
        assertThat(v.errors().get(2)).startsWith("property apiKey is missing").contains("Application Keys");
    }

    @Test
    void aUrlThatIsNotAnHttpBaseUrlIsRefused() {
        assertThat(errors("ftp://octopi.local")).containsExactly(
                "property url = 'ftp://octopi.local' is invalid (must start with http:// or https://)");
        assertThat(errors("octopi.local")).hasSize(1);
        assertThat(errors("http:///api")).containsExactly("property url = 'http:///api' is invalid (no host name)");
        assertThat(errors("http://octopi.local/?apikey=x")).singleElement().asString().contains("without ? or #");
        assertThat(errors("http://octo pi/")).singleElement().asString().startsWith(
                "property url = 'http://octo pi/' is invalid (not a URL");
    }

    @Test
    void aUrlWithUserInfoIsRefusedWithoutRepeatingIt() {
        assertThat(errors("http://pi:raspberry@octopi.local/")).singleElement().asString()
                .contains("user name or password").doesNotContain("raspberry");
        assertThat(errors("http://pi:rasp berry@octopi.local/")).singleElement().asString()
                .doesNotContain("rasp berry").contains("//****@octopi.local");
    }

    @Test
    void theKeyIsNeverInAMessageOrInToString() {
        OctoPrintSettings.Validation bad = OctoPrintSettings.from(config("printerId", "p", "url",
                "http://octopi.local", "apiKey", "ABC DEF"));
        assertThat(bad.errors()).singleElement().asString().startsWith("property apiKey is invalid")
                .doesNotContain("ABC");

        OctoPrintSettings good = OctoPrintSettings.from(config("printerId", "p", "url", "http://octopi.local",
                "apiKey", KEY)).settings();
        assertThat(good.toString()).doesNotContain(KEY).contains("apiKey=****").contains("http://octopi.local/");
    }

    @Test
    void aBadTimeoutFallsBackToTheDefaultWithAWarning() {
        OctoPrintSettings.Validation v = OctoPrintSettings.from(config("printerId", "p", "url",
                "http://octopi.local", "apiKey", KEY, "timeoutMillis", "soon"));

        assertThat(v.isValid()).isTrue();
        assertThat(v.settings().timeout()).isEqualTo(Duration.ofMillis(2000));
        assertThat(v.warnings()).containsExactly(
                "property timeoutMillis = 'soon' is invalid (must be a whole number > 0); using 2000");
        assertThat(OctoPrintSettings.from(config("printerId", "p", "url", "http://h", "apiKey", KEY,
                "timeoutMillis", 0)).warnings()).hasSize(1);
        assertThat(OctoPrintSettings.from(config("printerId", "p", "url", "http://h", "apiKey", KEY,
                "timeoutMillis", 1.5)).warnings()).hasSize(1);
        assertThat(OctoPrintSettings.from(config("printerId", "p", "url", "http://h", "apiKey", KEY,
                "timeoutMillis", "250")).settings().timeout()).isEqualTo(Duration.ofMillis(250));
    }

    private static java.util.List<String> errors(String url) {
        return OctoPrintSettings.from(config("printerId", "p", "url", url, "apiKey", KEY)).errors();
    }
}
