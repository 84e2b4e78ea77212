package carbine.driver.bambu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BambuSettingsTest {
    @TempDir
    Path dir;

    static Map<String, Object> valid() {
        return Map.of("printerId", "x1c", "host", "192.168.1.40", "serial", "01P00A000000001", "accessCode",
                "12345678");
    }

    @Test
    void defaults() {
        BambuSettings.Validation v = BambuSettings.from(valid());
        assertThat(v.errors()).isEmpty();
        assertThat(v.warnings()).isEmpty();
        BambuSettings s = v.settings();
        assertThat(s.port()).isEqualTo(8883);
        assertThat(s.caFile()).isNull();
        assertThat(s.verifyCertificate()).isTrue();
        assertThat(s.brokerUri()).isEqualTo("ssl://192.168.1.40:8883");
        assertThat(s.reportTopic()).isEqualTo("device/01P00A000000001/report");
        assertThat(s.requestTopic()).isEqualTo("device/01P00A000000001/request");
        assertThat(s.toString()).doesNotContain("12345678");
    }

    @Test
    void requiredPropertiesAreNamed() {
        BambuSettings.Validation v = BambuSettings.from(Map.of());
        assertThat(v.isValid()).isFalse();
        assertThat(String.join("\n", v.errors())).contains("printerId", "host", "serial", "accessCode");
    }

    @Test
    void aSerialThatWouldChangeTheTopicsIsRefused() {
        Map<String, Object> p = new java.util.HashMap<>(valid());
        p.put("serial", "01P/#");
        assertThat(BambuSettings.from(p).errors()).singleElement().asString().contains("serial");
    }

    @Test
    void badOptionalValuesAreWarningsAndTheDefaultIsUsed() {
        Map<String, Object> p = new java.util.HashMap<>(valid());
        p.put("port", "88830");
        p.put("verifyCertificate", "yes");
        BambuSettings.Validation v = BambuSettings.from(p);
        assertThat(v.settings().port()).isEqualTo(8883);
        assertThat(v.settings().verifyCertificate()).isTrue();
        assertThat(v.warnings()).containsExactly(
                "property port = '88830' is invalid (a whole number 1..65535); using 8883",
                "property verifyCertificate = 'yes' is invalid (true or false); using true");
        p.put("port", 18883);
        p.put("verifyCertificate", false);
        assertThat(BambuSettings.from(p).settings().port()).isEqualTo(18883);
        assertThat(BambuSettings.from(p).settings().verifyCertificate()).isFalse();
    }

    @Test
    void aCaFileMustBeReadable() throws Exception {
        Map<String, Object> p = new java.util.HashMap<>(valid());
        p.put("caFile", dir.resolve("missing.pem").toString());
        assertThat(BambuSettings.from(p).errors()).singleElement().asString().contains("caFile", "missing.pem");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
        p.put("caFile", ca.toString());
        assertThat(BambuSettings.from(p).settings().caFile()).isEqualTo(ca);
    }

    @Test
    void theShippedBambuCasAreReadable() throws Exception {
        assertThat(BambuTls.certificates(null)).hasSize(8).allSatisfy(c ->
                assertThat(c.getSubjectX500Principal().getName()).contains("BBL"));
    }
}
