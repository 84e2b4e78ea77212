package carbine.driver.moonraker.internal;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract against a real Moonraker: run with {@code CARBINE_LIVE_MOONRAKER_URL=http://voron.local:7125} (and
 * {@code CARBINE_LIVE_MOONRAKER_API_KEY} unless this machine is one of its trusted_clients). Skipped otherwise, and
 * reported as skipped. It only reads.
 */
@EnabledIfEnvironmentVariable(named = "CARBINE_LIVE_MOONRAKER_URL", matches = ".+")
class LiveMoonrakerContractTest extends MoonrakerContract {
    @Override
    protected String url() {
        return System.getenv("CARBINE_LIVE_MOONRAKER_URL");
    }

    @Override
    protected String apiKey() {
        String key = System.getenv("CARBINE_LIVE_MOONRAKER_API_KEY");
        return key == null || key.isBlank() ? null : key;
    }
}
