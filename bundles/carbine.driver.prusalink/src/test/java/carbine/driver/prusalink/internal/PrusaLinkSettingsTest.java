package carbine.driver.prusalink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PrusaLinkSettingsTest {
    private static final String KEY = "Gk5sqbYkCm6Xd8e";

    static Map<String, Object> config(Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void aCompleteConfigurationIsUsed() {
        PrusaLinkSettings.Validation v = PrusaLinkSettings.from(config("printerId", " mk4-1 ", "url",
                "http://prusa-mk4.local", "password", " " + KEY + " ", "timeoutMillis", 800L));

        assertThat(v.errors()).isEmpty();
        assertThat(v.warnings()).isEmpty();
        assertThat(v.settings()).isEqualTo(new PrusaLinkSettings("mk4-1", URI.create("http://prusa-mk4.local/"), "maker",
                KEY, Duration.ofMillis(800)));
        assertThat(v.settings().endpoint("api/v1/status")).isEqualTo(URI.create("http://prusa-mk4.local/api/v1/status"));
        assertThat(v.settings().driverName()).isEqualTo("prusalink mk4-1");
    }

    @Test
    void theTimeoutDefaultsTo2000() {
        assertThat(PrusaLinkSettings.from(config("printerId", "p", "url", "http://prusa-mk4.local", "password", KEY))
                .settings().timeout()).isEqualTo(Duration.ofMillis(2000));
    }

    @Test
    void aBaseUrlWithAPathKeepsItForAReverseProxy() {
        PrusaLinkSettings settings = PrusaLinkSettings.from(config("printerId", "p", "url",
                "https://farm.example:8443/prusa", "password", KEY)).settings();

        assertThat(settings.url()).isEqualTo(URI.create("https://farm.example:8443/prusa/"));
        assertThat(settings.endpoint("api/v1/status")).isEqualTo(
                URI.create("https://farm.example:8443/prusa/api/v1/status"));
    }

    @Test
    void eachRequiredPropertyIsNamedWhenMissing() {
        PrusaLinkSettings.Validation v = PrusaLinkSettings.from(config("timeoutMillis", 500));

        assertThat(v.isValid()).isFalse();
        assertThat(v.errors()).hasSize(3);
        assertThat(v.errors().get(0)).startsWith("property printerId is missing");
        assertThat(v.errors().get(1)).startsWith("property url is missing").contains("http://192.168.1.50");
        assertThat(v.errors().get(2)).startsWith("property password is missing")
                .contains("Settings > Network > PrusaLink");
    }

    @Test
    void aUrlThatIsNotAnHttpBaseUrlIsRefused() {
        assertThat(errors("ftp://prusa-mk4.local")).containsExactly(
                "property url = 'ftp://prusa-mk4.local' is invalid (must start with http:// or https://)");
        assertThat(errors("prusa-mk4.local")).hasSize(1);
        assertThat(errors("http:///api")).containsExactly("property url = 'http:///api' is invalid (no host name)");
        assertThat(errors("http://prusa-mk4.local/?apikey=x")).singleElement().asString().contains("without ? or #");
        assertThat(errors("http://octo pi/")).singleElement().asString().startsWith(
                "property url = 'http://octo pi/' is invalid (not a URL");
    }

    @Test
    void aUrlWithUserInfoIsRefusedWithoutRepeatingIt() {
        assertThat(errors("http://pi:raspberry@prusa-mk4.local/")).singleElement().asString()
                .contains("user name or password").doesNotContain("raspberry");
        assertThat(errors("http://pi:rasp berry@prusa-mk4.local/")).singleElement().asString()
                .doesNotContain("rasp berry").contains("//****@prusa-mk4.local");
    }

    @Test
    void thePasswordIsNeverInAMessageOrInToString() {
        PrusaLinkSettings.Validation bad = PrusaLinkSettings.from(config("printerId", "p", "url",
                "http://prusa-mk4.local", "password", "ABC\tDEF"));
        assertThat(bad.errors()).singleElement().asString().startsWith("property password is invalid")
                .doesNotContain("ABC");

        PrusaLinkSettings good = PrusaLinkSettings.from(config("printerId", "p", "url", "http://prusa-mk4.local",
                "password", KEY)).settings();
        assertThat(good.toString()).doesNotContain(KEY).contains("password=****")
                .contains("http://prusa-mk4.local/").contains("username=maker");
    }

    @Test
    void aBadTimeoutFallsBackToTheDefaultWithAWarning() {
        PrusaLinkSettings.Validation v = PrusaLinkSettings.from(config("printerId", "p", "url",
                "http://prusa-mk4.local", "password", KEY, "timeoutMillis", "soon"));

        assertThat(v.isValid()).isTrue();
        assertThat(v.settings().timeout()).isEqualTo(Duration.ofMillis(2000));
        assertThat(v.warnings()).containsExactly(
                "property timeoutMillis = 'soon' is invalid (must be a whole number > 0); using 2000");
        assertThat(PrusaLinkSettings.from(config("printerId", "p", "url", "http://h", "password", KEY,
                "timeoutMillis", 0)).warnings()).hasSize(1);
        assertThat(PrusaLinkSettings.from(config("printerId", "p", "url", "http://h", "password", KEY,
                "timeoutMillis", 1.5)).warnings()).hasSize(1);
        assertThat(PrusaLinkSettings.from(config("printerId", "p", "url", "http://h", "password", KEY,
                "timeoutMillis", "250")).settings().timeout()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void theUserNameDefaultsToMakerAndCanBeSet() {
        assertThat(PrusaLinkSettings.from(config("printerId", "p", "url", "http://h", "password", KEY, "username",
                " admin ")).settings().username()).isEqualTo("admin");
        assertThat(PrusaLinkSettings.from(config("printerId", "p", "url", "http://h", "password", KEY, "username",
                "")).settings().username()).isEqualTo("maker");
        assertThat(PrusaLinkSettings.from(config("printerId", "p", "url", "http://h", "password", KEY, "username",
                "a\"b")).errors()).singleElement().asString().startsWith("property username = 'a\"b' is invalid");
    }

    private static java.util.List<String> errors(String url) {
        return PrusaLinkSettings.from(config("printerId", "p", "url", url, "password", KEY)).errors();
    }
}
