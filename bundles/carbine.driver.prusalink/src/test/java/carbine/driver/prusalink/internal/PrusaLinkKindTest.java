package carbine.driver.prusalink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;
import carbine.driver.prusalink.peer.PrusaLinkPeer;

/** Test connection of the dashboard's Printers → Add: one read with the form's settings, as strings. */
class PrusaLinkKindTest {
    private final PrusaLinkKind kind = new PrusaLinkKind();

    @Test
    void readsOnceWithTheSettingsOfTheForm() throws Exception {
        try (PrusaLinkPeer peer = PrusaLinkPeer.start("maker", "kind-password")) {
            peer.mode(PrusaLinkPeer.Mode.PRINTING).temperatures(200.5, 210, 55, 60);
            // no username in the form: maker
            TelemetrySample s = kind.tryOnce(Map.of("printerId", "mk4-9", "url", peer.baseUrl().toString(),
                    "password", "kind-password", "timeoutMillis", "1500"));
            assertThat(s.printerId()).isEqualTo("mk4-9");
            assertThat(s.state()).isEqualTo(PrinterState.PRINTING);
            assertThat(s.nozzleActual()).isEqualTo(200.5);
        }
    }

    @Test
    void saysWhatIsWrongWithoutShowingThePassword() throws Exception {
        assertThatThrownBy(() -> kind.tryOnce(Map.of("url", "http://prusa.local", "password", "p")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("printerId is missing");
        try (PrusaLinkPeer peer = PrusaLinkPeer.start("maker", "the-right-password")) {
            assertThatThrownBy(() -> kind.tryOnce(Map.of("printerId", "p", "url", peer.baseUrl().toString(),
                    "password", "a-wrong-password")))
                    .hasMessageContaining("PrusaLink refused the user name or password").message()
                    .doesNotContain("a-wrong-password");
        }
    }
}
