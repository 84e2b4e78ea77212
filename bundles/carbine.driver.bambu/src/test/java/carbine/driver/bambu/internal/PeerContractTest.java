package carbine.driver.bambu.internal;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import carbine.driver.bambu.peer.BambuPeer;

/** The contract against the peer (Mosquitto with TLS); skipped with the reason when it cannot run here. */
class PeerContractTest extends BambuContract {
    @TempDir
    Path dir;
    BambuPeer peer;

    @BeforeEach
    void start() throws Exception {
        String unavailable = BambuPeer.unavailable();
        Assumptions.assumeTrue(unavailable.isEmpty(), unavailable);
        peer = BambuPeer.start(dir, "01S00C000000042", "24680135");
    }

    @AfterEach
    void stop() throws Exception {
        if (peer != null) {
            peer.close();
        }
    }

    @Override
    String host() {
        return "127.0.0.1";
    }

    @Override
    int port() {
        return peer.port();
    }

    @Override
    String serial() {
        return peer.serial();
    }

    @Override
    String accessCode() {
        return "24680135";
    }

    @Override
    String caFile() {
        return peer.caFile().toString();
    }
}
