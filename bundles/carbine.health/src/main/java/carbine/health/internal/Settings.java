package carbine.health.internal;

import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import carbine.config.Configs;

/**
 * The configuration after validation. Defaults and ranges come from {@link Config}'s annotation (one place), read
 * with carbine.config's Configs; a value that is malformed or out of range is reported with property and value, and
 * the default is used.
 */
record Settings(double horizonDays, int windowDays, int minDays, int minSamplesPerDay, double heaterDutyLimit,
        double fanRpmLimit, double noiseLimitC, double heatUpLimit, double ambientC, double holdBandC,
        double confidence) {

    static final String PID = "carbine.health";
    static final Settings DEFAULTS = from(Map.of(), problem -> {
        throw new IllegalStateException(problem);
    });

    static Settings from(Map<String, ?> properties, Consumer<String> problems) {
        // this bundle's wording of carbine.config's Problem: "(a number from 1 to 5)"
        Config c = Configs.read(Config.class, properties, p -> problems.accept(String.format(Locale.ROOT,
                "configuration %s: property %s = '%s' is invalid (%s); using the default %s", PID, p.property(),
                p.value(), p.expected().replace(" between ", " from ").replace(" and ", " to "), p.fallback())));
        return new Settings(c.horizonDays(), c.windowDays(), c.minDays(), c.minSamplesPerDay(), c.heaterDutyLimit(),
                c.fanRpmLimit(), c.noiseLimitC(), c.heatUpLimit(), c.ambientC(), c.holdBandC(), c.confidence());
    }
}
