package carbine.storage.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigReaderTest {
    final List<String> warnings = new ArrayList<>();
    final Path dataDir = Path.of("/srv/carbine/data");

    private ConfigReader reader(Map<String, ?> properties) {
        return new ConfigReader(properties, warnings::add);
    }

    @Test
    void noConfigurationMeansTheDefaults() {
        ConfigReader config = reader(Map.of());

        assertThat(config.settings()).isEqualTo(StoreSettings.DEFAULTS);
        assertThat(config.file(dataDir)).isEqualTo(dataDir.resolve("printer_data.db"));
        assertThat(warnings).isEmpty();
    }

    @Test
    void typedAndTextValuesAreRead() {
        ConfigReader config = reader(Map.of("batchSize", 500, "maxQueue", "2000", "retentionDays", 0L,
                "synchronous", "normal", "busyTimeoutMillis", " 250 "));

        assertThat(config.settings()).isEqualTo(StoreSettings.DEFAULTS.withBatchSize(500).withMaxQueue(2000)
                .withTierDays(0, StoreSettings.DEFAULTS.minuteDays(), StoreSettings.DEFAULTS.hourDays()).withSynchronous(Synchronous.NORMAL).withBusyTimeoutMillis(250));
        assertThat(warnings).isEmpty();
    }

    @Test
    void aMalformedValueIsNamedAndReplacedByItsDefault() {
        ConfigReader config = reader(Map.of("batchSize", "lots", "retentionDays", -1, "synchronous", "OFF",
                "maxQueue", 3.5));

        assertThat(config.settings()).isEqualTo(StoreSettings.DEFAULTS);
        assertThat(warnings).hasSize(4)
                .anySatisfy(w -> assertThat(w).contains("batchSize = 'lots'").contains("1000"))
                .anySatisfy(w -> assertThat(w).contains("retentionDays = '-1'").contains("7"))
                .anySatisfy(w -> assertThat(w).contains("synchronous = 'OFF'").contains("FULL"))
                .anySatisfy(w -> assertThat(w).contains("maxQueue = '3.5'"));
        assertThat(warnings).allSatisfy(w -> assertThat(w).contains("carbine.storage.sqlite"));
    }

    @Test
    void theTiersAreRead_andRawDaysWinsOverTheOlderRetentionDays() {
        assertThat(reader(Map.of("rawDays", "3", "minuteDays", 30, "hourDays", "0", "retentionDays", 60)).settings())
                .isEqualTo(StoreSettings.DEFAULTS.withTierDays(3, 30, 0));
        assertThat(reader(Map.of("retentionDays", 60)).settings())
                .isEqualTo(StoreSettings.DEFAULTS.withTierDays(60, 90, 730));
        assertThat(reader(Map.of()).settings()).isEqualTo(StoreSettings.DEFAULTS.withTierDays(7, 90, 730));
        assertThat(warnings).isEmpty();
    }

    @Test
    void aRelativeFileIsResolvedAgainstTheDataDirectory_anAbsoluteOneIsKept() {
        assertThat(reader(Map.of("file", "history/printers.db")).file(dataDir))
                .isEqualTo(dataDir.resolve("history/printers.db"));
        assertThat(reader(Map.of("file", "/var/lib/carbine.db")).file(dataDir))
                .isEqualTo(Path.of("/var/lib/carbine.db"));
        assertThat(reader(Map.of("file", "  ")).file(dataDir)).isEqualTo(dataDir.resolve("printer_data.db"));
    }
}
