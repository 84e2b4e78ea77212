package carbine.detector.iforest.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** For the measurement tools of this module: the detector's settings, defaults overridden by -Diforest.NAME=VALUE. */
final class DevSettings {
    private static final String PREFIX = "iforest.";

    private DevSettings() {}

    static Settings fromSystemProperties(Consumer<String> problems) {
        Map<String, Object> properties = new HashMap<>();
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith(PREFIX)) {
                properties.put(k.toString().substring(PREFIX.length()), v);
            }
        });
        return Settings.from(properties, problems);
    }
}
