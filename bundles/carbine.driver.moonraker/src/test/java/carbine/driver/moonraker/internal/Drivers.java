package carbine.driver.moonraker.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Drivers for tests, with fast retries and the log lines collected. */
final class Drivers {
    /** Short delays so that reconnect tests take milliseconds, not seconds. */
    static final MoonrakerClient.Timing FAST = new MoonrakerClient.Timing(Duration.ofMillis(50), Duration.ofMillis(400),
            Duration.ofMillis(100), Duration.ofMillis(300));

    private Drivers() {}

    /** Log lines as "INFO …" / "WARN …". */
    static final class Lines implements MoonrakerClient.Log {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void info(String message) {
            lines.add("INFO " + message);
        }

        @Override
        public void warn(String message) {
            lines.add("WARN " + message);
        }
    }

    static MoonrakerPrinterDriver start(String url, String apiKey, Lines log) {
        return start(url, apiKey, 2000, FAST, log);
    }

    static MoonrakerPrinterDriver start(String url, String apiKey, long timeoutMillis, MoonrakerClient.Timing timing,
            Lines log) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("printerId", "voron");
        properties.put("url", url);
        properties.put("timeoutMillis", timeoutMillis);
        if (apiKey != null) {
            properties.put("apiKey", apiKey);
        }
        DriverSettings.Validation validation = DriverSettings.from(properties);
        if (!validation.isValid()) {
            throw new IllegalArgumentException(validation.errors().toString());
        }
        return new MoonrakerPrinterDriver(validation.settings(), Clock.systemUTC(), timing, log).start();
    }
}
