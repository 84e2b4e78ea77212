package carbine.driver.moonraker.internal;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import carbine.driver.moonraker.peer.MoonrakerPeer;

/** The contract against the protocol peer, with an API key required (the untrusted-client case). */
class PeerContractTest extends MoonrakerContract {
    private MoonrakerPeer peer;

    @BeforeEach
    void startPeer() throws IOException {
        peer = MoonrakerPeer.start().requireApiKey("peer-contract-key");
    }

    @AfterEach
    void stopPeer() {
        peer.close();
    }

    @Override
    protected String url() {
        return peer.url();
    }

    @Override
    protected String apiKey() {
        return "peer-contract-key";
    }
}
