package carbine.driver.octoprint.internal;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract against a real OctoPrint (1.x or 2.x), reported as skipped unless both variables are set, e.g.
 * {@code CARBINE_LIVE_OCTOPRINT_URL=http://octopi.local CARBINE_LIVE_OCTOPRINT_APIKEY=... ./mvnw -pl
 * bundles/carbine.driver.octoprint test -Dtest=OctoPrintLiveContractTest}. It only reads (GET /api/printer, /api/job).
 */
@EnabledIfEnvironmentVariable(named = "CARBINE_LIVE_OCTOPRINT_URL", matches = ".+")
@EnabledIfEnvironmentVariable(named = "CARBINE_LIVE_OCTOPRINT_APIKEY", matches = ".+")
class OctoPrintLiveContractTest extends OctoPrintDriverContract {
    @Override
    URI baseUrl() {
        String url = System.getenv("CARBINE_LIVE_OCTOPRINT_URL").strip();
        return URI.create(url.endsWith("/") ? url : url + "/");
    }

    @Override
    String apiKey() {
        return System.getenv("CARBINE_LIVE_OCTOPRINT_APIKEY").strip();
    }

    @Override
    Duration timeout() {
        return Duration.ofSeconds(10);
    }
}
