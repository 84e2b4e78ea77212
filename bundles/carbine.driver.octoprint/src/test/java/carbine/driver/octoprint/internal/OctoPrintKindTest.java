package carbine.driver.octoprint.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;
import carbine.driver.octoprint.peer.OctoPrintPeer;

/** Test connection of the dashboard's Printers → Add: one read with the form's settings, as strings. */
class OctoPrintKindTest {
    private final OctoPrintKind kind = new OctoPrintKind();

    @Test
    void readsOnceWithTheSettingsOfTheForm() throws Exception {
        try (OctoPrintPeer peer = OctoPrintPeer.start("kind-key")) {
            peer.mode(OctoPrintPeer.Mode.PRINTING).temperatures(200.5, 210, 55, 60);
            TelemetrySample s = kind.tryOnce(Map.of("printerId", "octo-9", "url", peer.baseUrl().toString(),
                    "apiKey", "kind-key", "timeoutMillis", "1500"));
            assertThat(s.printerId()).isEqualTo("octo-9");
            assertThat(s.state()).isEqualTo(PrinterState.PRINTING);
            assertThat(s.nozzleActual()).isEqualTo(200.5);
        }
    }

    @Test
    void saysWhatIsWrongWithoutShowingTheKey() throws Exception {
        assertThatThrownBy(() -> kind.tryOnce(Map.of("url", "http://octopi.local", "apiKey", "k")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("printerId is missing");
        try (OctoPrintPeer peer = OctoPrintPeer.start("the-right-key")) {
            assertThatThrownBy(() -> kind.tryOnce(Map.of("printerId", "p", "url", peer.baseUrl().toString(),
                    "apiKey", "a-wrong-key")))
                    .hasMessageContaining("refused the API key").message().doesNotContain("a-wrong-key");
        }
    }
}
