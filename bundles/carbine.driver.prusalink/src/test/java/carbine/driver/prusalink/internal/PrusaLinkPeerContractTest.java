package carbine.driver.prusalink.internal;

import java.net.URI;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import carbine.driver.prusalink.peer.PrusaLinkPeer;

/** The contract against the protocol peer (a printing MK4 behind Digest authentication). */
class PrusaLinkPeerContractTest extends PrusaLinkDriverContract {
    static final String PASSWORD = "PeerPass5f0c1d2";
    PrusaLinkPeer peer;

    @BeforeEach
    void startPeer() throws Exception {
        peer = PrusaLinkPeer.start("maker", PASSWORD).mode(PrusaLinkPeer.Mode.PRINTING)
                .temperatures(210.4, 210, 60.2, 60).fans(6800, 5000);
    }

    @AfterEach
    void stopPeer() {
        peer.close();
    }

    @Override
    URI baseUrl() {
        return peer.baseUrl();
    }

    @Override
    String password() {
        return PASSWORD;
    }
}
