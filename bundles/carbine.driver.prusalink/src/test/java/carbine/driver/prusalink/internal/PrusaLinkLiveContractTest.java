package carbine.driver.prusalink.internal;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract against a real printer's PrusaLink (user maker), reported as skipped unless both variables are set,
 * e.g. {@code CARBINE_LIVE_PRUSALINK_URL=http://192.168.1.50 CARBINE_LIVE_PRUSALINK_PASSWORD=... ./mvnw -pl
 * bundles/carbine.driver.prusalink test -Dtest=PrusaLinkLiveContractTest}. It only reads (GET /api/v1/status).
 */
@EnabledIfEnvironmentVariable(named = "CARBINE_LIVE_PRUSALINK_URL", matches = ".+")
@EnabledIfEnvironmentVariable(named = "CARBINE_LIVE_PRUSALINK_PASSWORD", matches = ".+")
class PrusaLinkLiveContractTest extends PrusaLinkDriverContract {
    @Override
    URI baseUrl() {
        String url = System.getenv("CARBINE_LIVE_PRUSALINK_URL").strip();
        return URI.create(url.endsWith("/") ? url : url + "/");
    }

    @Override
    String password() {
        return System.getenv("CARBINE_LIVE_PRUSALINK_PASSWORD").strip();
    }

    @Override
    Duration timeout() {
        return Duration.ofSeconds(10);
    }
}
