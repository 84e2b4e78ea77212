package carbine.driver.bambu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/**
 * What the driver promises against any Bambu Lab LAN interface, the peer or a real printer, through Test connection
 * ({@link BambuKind#tryOnce}): one read with the state and temperatures; a wrong access code and a certificate for
 * another serial refused, each with its reason. It only reads: subscribe and one pushall, nothing else is sent.
 */
abstract class BambuContract {
    abstract String host();

    abstract int port();

    abstract String serial();

    abstract String accessCode();

    /** The CA file, or null for the Bambu Lab CAs shipped in the bundle. */
    abstract String caFile();

    Map<String, Object> settings() {
        Map<String, Object> p = new HashMap<>(Map.of("printerId", "contract", "host", host(), "port", port(),
                "serial", serial(), "accessCode", accessCode()));
        if (caFile() != null) {
            p.put("caFile", caFile());
        }
        return p;
    }

    TelemetrySample tryOnce(Map<String, Object> settings) throws Exception {
        return new BambuKind().tryOnce(settings, BambuClient.Timing.DEFAULT, Duration.ofSeconds(20));
    }

    @Test
    void oneReadGivesTheStateAndTemperatures() throws Exception {
        TelemetrySample s = tryOnce(settings());
        assertThat(s.printerId()).isEqualTo("contract");
        assertThat(s.state()).isNotNull().isNotEqualTo(PrinterState.OFFLINE);
        assertThat(s.nozzleActual()).isNotNull().isBetween(-20.0, 400.0);
        assertThat(s.bedActual()).isNotNull().isBetween(-20.0, 200.0);
        if (s.progress() != null) {
            assertThat(s.progress()).isBetween(0.0, 100.0);
        }
        if (s.fanSpeed() != null) {
            assertThat(s.fanSpeed()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void aWrongAccessCodeIsRefusedByName() {
        Map<String, Object> wrong = settings();
        wrong.put("accessCode", accessCode().equals("00000000") ? "11111111" : "00000000");
        assertThatThrownBy(() -> tryOnce(wrong)).isInstanceOf(PrinterUnavailableException.class)
                .hasMessageContaining("refused the access code").hasMessageNotContaining(accessCode());
    }

    @Test
    void aCertificateForAnotherSerialIsRefusedByName() {
        Map<String, Object> other = settings();
        other.put("serial", serial() + "X");
        assertThatThrownBy(() -> tryOnce(other)).isInstanceOf(PrinterUnavailableException.class)
                .hasMessageContaining("certificate name mismatch")
                .hasMessageContaining("not for the serial '" + serial() + "X'");
    }
}
