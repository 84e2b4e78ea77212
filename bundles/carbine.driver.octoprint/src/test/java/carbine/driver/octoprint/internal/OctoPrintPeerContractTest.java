package carbine.driver.octoprint.internal;

import java.net.URI;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

import carbine.driver.octoprint.peer.OctoPrintPeer;

/** The contract against the protocol peer, in the pre-2.0 and in the 2.0 shape. */
class OctoPrintPeerContractTest extends OctoPrintDriverContract {
    static final String KEY = "PEER-KEY-5f0c1d2e3a4b";
    OctoPrintPeer peer;

    @BeforeEach
    void startPeer() throws Exception {
        peer = OctoPrintPeer.start(KEY).mode(OctoPrintPeer.Mode.PRINTING).temperatures(210.4, 210, 60.2, 60);
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
    String apiKey() {
        return KEY;
    }

    @Nested
    class TwoZeroShape extends OctoPrintDriverContract {
        @BeforeEach
        void twoZero() {
            peer.shape(OctoPrintPeer.Shape.V2_0);
        }

        @Override
        URI baseUrl() {
            return peer.baseUrl();
        }

        @Override
        String apiKey() {
            return KEY;
        }
    }

    @Nested
    class Disconnected extends OctoPrintDriverContract {
        @BeforeEach
        void disconnect() {
            peer.mode(OctoPrintPeer.Mode.DISCONNECTED);
        }

        @Override
        URI baseUrl() {
            return peer.baseUrl();
        }

        @Override
        String apiKey() {
            return KEY;
        }
    }
}
