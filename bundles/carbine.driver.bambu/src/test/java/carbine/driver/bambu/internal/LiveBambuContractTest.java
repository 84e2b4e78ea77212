package carbine.driver.bambu.internal;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract against a real Bambu Lab printer on the LAN, reported as skipped unless the three variables are set,
 * e.g. {@code CARBINE_LIVE_BAMBU_HOST=192.168.1.40 CARBINE_LIVE_BAMBU_SERIAL=01P00A000000001
 * CARBINE_LIVE_BAMBU_ACCESSCODE=12345678 ./mvnw -pl bundles/carbine.driver.bambu test -Dtest=LiveBambuContractTest}.
 * The certificate is checked against the Bambu Lab CAs shipped in the bundle (or {@code CARBINE_LIVE_BAMBU_CAFILE}).
 * It only reads: it subscribes and sends one pushall per connection (three connections, one of them with a wrong
 * access code, one with a wrong serial).
 */
@EnabledIfEnvironmentVariable(named = "CARBINE_LIVE_BAMBU_HOST", matches = ".+")
@EnabledIfEnvironmentVariable(named = "CARBINE_LIVE_BAMBU_SERIAL", matches = ".+")
@EnabledIfEnvironmentVariable(named = "CARBINE_LIVE_BAMBU_ACCESSCODE", matches = ".+")
class LiveBambuContractTest extends BambuContract {
    @Override
    String host() {
        return System.getenv("CARBINE_LIVE_BAMBU_HOST").strip();
    }

    @Override
    int port() {
        String port = System.getenv("CARBINE_LIVE_BAMBU_PORT");
        return port == null || port.isBlank() ? 8883 : Integer.parseInt(port.strip());
    }

    @Override
    String serial() {
        return System.getenv("CARBINE_LIVE_BAMBU_SERIAL").strip();
    }

    @Override
    String accessCode() {
        return System.getenv("CARBINE_LIVE_BAMBU_ACCESSCODE").strip();
    }

    @Override
    String caFile() {
        String ca = System.getenv("CARBINE_LIVE_BAMBU_CAFILE");
        return ca == null || ca.isBlank() ? null : ca.strip();
    }
}
