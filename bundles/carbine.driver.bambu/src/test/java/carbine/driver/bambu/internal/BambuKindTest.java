package carbine.driver.bambu.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Test connection's refusals that need no broker (the others are in the contract tests). */
class BambuKindTest {
    @Test
    void missingSettingsAreNamed() {
        assertThatThrownBy(() -> new BambuKind().tryOnce(Map.of("printerId", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host")
                .hasMessageContaining("serial").hasMessageContaining("accessCode");
    }

    @Test
    void nobodyListeningIsReportedAtOnceAsUnreachable() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> new BambuKind().tryOnce(Map.of("printerId", "x", "host", "127.0.0.1", "port",
                closed, "serial", "01P00A000000001", "accessCode", "12345678")))
                .isInstanceOf(PrinterUnavailableException.class)
                .hasMessageStartingWith("cannot reach the printer at 127.0.0.1:" + closed + ": ConnectException")
                .hasMessageNotContaining("retrying");
        org.assertj.core.api.Assertions.assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
    }
}
