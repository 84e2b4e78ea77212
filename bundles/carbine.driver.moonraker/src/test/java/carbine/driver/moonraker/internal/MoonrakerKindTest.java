package carbine.driver.moonraker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import carbine.api.telemetry.TelemetrySample;
import carbine.driver.moonraker.peer.MoonrakerPeer;

/** Test connection of the dashboard's Printers → Add: connect, first complete state, disconnect. */
class MoonrakerKindTest {
    private final MoonrakerKind kind = new MoonrakerKind();

    @Test
    void readsTheFirstCompleteStateAndDisconnects() throws Exception {
        try (MoonrakerPeer peer = MoonrakerPeer.start()) {
            TelemetrySample s = kind.tryOnce(Map.of("printerId", "voron-1", "url", peer.url()));
            assertThat(s.printerId()).isEqualTo("voron-1");
            assertThat(s.nozzleActual()).isNotNull();
            Await.until(() -> assertThat(peer.openConnections()).as("the trial's connection is closed").isZero());
        }
    }

    @Test
    void saysWhatIsWrong() throws Exception {
        assertThatThrownBy(() -> kind.tryOnce(Map.of("url", "http://voron.local:7125")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("printerId");
        try (MoonrakerPeer peer = MoonrakerPeer.start().requireApiKey("the-right-key")) {
            assertThatThrownBy(() -> kind.tryOnce(Map.of("printerId", "v", "url", peer.url(), "apiKey", "a-wrong-key",
                    "timeoutMillis", "500"))).message().doesNotContain("a-wrong-key");
        }
    }
}
