package carbine.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

class DefaultPrinterTest {
    private final FakeConfigurationAdmin cm = new FakeConfigurationAdmin();
    private final DefaultPrinter defaultPrinter = new DefaultPrinter(cm);
    @TempDir
    Path emptyConf;

    @Test
    void createsPrinter1WhenNoSimulatorIsConfigured() throws Exception {
        assertThat(defaultPrinter.createIfNoneConfigured(emptyConf)).contains("carbine.simulator~printer-1");

        FakeConfiguration created = cm.configurations.get("carbine.simulator~printer-1");
        assertThat(created.location).isEqualTo("?");
        assertThat(created.properties.get("printerId")).isEqualTo("printer-1");
    }

    @Test
    void isIdempotent() throws Exception {
        defaultPrinter.createIfNoneConfigured(emptyConf);
        assertThat(defaultPrinter.createIfNoneConfigured(emptyConf)).isEmpty();
        assertThat(cm.configurations).hasSize(1);
        assertThat(cm.configurations.get("carbine.simulator~printer-1").updates).isEqualTo(1);
    }

    @Test
    void leavesExistingSimulatorsAlone() throws Exception {
        cm.getFactoryConfiguration("carbine.simulator", "lab", "?").update(new Hashtable<>(Map.of("printerId", "lab")));

        assertThat(defaultPrinter.createIfNoneConfigured(emptyConf)).isEmpty();
        assertThat(cm.configurations.keySet()).containsExactly("carbine.simulator~lab");
    }

    @Test
    void leavesItToTheFilesWhenTheConfDirectoryHasSimulators(@TempDir Path conf) throws Exception {
        Files.writeString(conf.resolve("carbine.poller.cfg"), "intervalMillis=1000\n");
        assertThat(DefaultPrinter.anySimulatorFile(conf)).isFalse();

        Files.writeString(conf.resolve("carbine.simulator-lab.cfg"), "printerId=lab\n");
        assertThat(defaultPrinter.createIfNoneConfigured(conf)).isEmpty();
        assertThat(cm.configurations).isEmpty();
    }

    /** Config Admin keeps configurations across restarts now: the default must not outlive its reason. */
    @Test
    void theDefaultPrinterOfAnEarlierStartGoesWhenSimulatorFilesArriveOrTheDefaultIsOff(@TempDir Path conf)
            throws Exception {
        defaultPrinter.createIfNoneConfigured(conf);
        assertThat(defaultPrinter.deleteIfNotWanted(conf, true)).as("still wanted").isEmpty();

        assertThat(defaultPrinter.deleteIfNotWanted(conf, false)).contains("carbine.simulator~printer-1");
        assertThat(cm.configurations.get("carbine.simulator~printer-1").deleted).isTrue();

        defaultPrinter.createIfNoneConfigured(conf);
        Files.writeString(conf.resolve("carbine.simulator-lab.cfg"), "printerId=lab\n");
        assertThat(defaultPrinter.deleteIfNotWanted(conf, true)).contains("carbine.simulator~printer-1");
    }

    @Test
    void aPrinter1FromAFileIsTheUsersAndStays(@TempDir Path conf) throws Exception {
        Files.writeString(conf.resolve("carbine.simulator-printer-1.cfg"), "printerId=printer-1\n");
        cm.getFactoryConfiguration("carbine.simulator", "printer-1", "?").update(new Hashtable<>(Map.of(
                "printerId", "printer-1", "felix.fileinstall.filename", conf.resolve("carbine.simulator-printer-1.cfg")
                        .toUri().toString())));
        assertThat(defaultPrinter.deleteIfNotWanted(conf, false)).isEmpty();
        assertThat(cm.configurations.get("carbine.simulator~printer-1").deleted).isFalse();
    }

    @Test
    void onlyAnExplicitFalseSwitchesItOff() {
        assertThat(DefaultPrinter.enabled(null)).isTrue();
        assertThat(DefaultPrinter.enabled("true")).isTrue();
        assertThat(DefaultPrinter.enabled(" FALSE ")).isFalse();
        assertThat(DefaultPrinter.enabled("false")).isFalse();
    }

    /** Just enough Config Admin: named factory configurations and a factory-PID filter. */
    private static final class FakeConfigurationAdmin implements ConfigurationAdmin {
        final Map<String, FakeConfiguration> configurations = new LinkedHashMap<>();

        @Override
        public Configuration getFactoryConfiguration(String factoryPid, String name, String location) {
            return configurations.computeIfAbsent(factoryPid + "~" + name,
                    pid -> new FakeConfiguration(pid, factoryPid, location));
        }

        @Override
        public Configuration getFactoryConfiguration(String factoryPid, String name) {
            return getFactoryConfiguration(factoryPid, name, null);
        }

        @Override
        public Configuration[] listConfigurations(String filter) {
            String wanted = filter.replaceAll("^\\(service\\.factoryPid=(.*)\\)$", "$1");
            List<Configuration> found = new ArrayList<>();
            for (FakeConfiguration c : configurations.values()) {
                if (c.properties != null && wanted.equals(c.factoryPid)) {
                    found.add(c);
                }
            }
            return found.isEmpty() ? null : found.toArray(Configuration[]::new);
        }

        @Override
        public Configuration createFactoryConfiguration(String factoryPid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Configuration createFactoryConfiguration(String factoryPid, String location) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Configuration getConfiguration(String pid, String location) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Configuration getConfiguration(String pid) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class FakeConfiguration implements Configuration {
        final String pid;
        final String factoryPid;
        final String location;
        Dictionary<String, Object> properties;
        int updates;

        FakeConfiguration(String pid, String factoryPid, String location) {
            this.pid = pid;
            this.factoryPid = factoryPid;
            this.location = location;
        }

        @Override
        public String getPid() {
            return pid;
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            return properties;
        }

        @Override
        public void update(Dictionary<String, ?> newProperties) {
            properties = new Hashtable<>();
            for (var keys = newProperties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                properties.put(key, newProperties.get(key));
            }
            updates++;
        }

        @Override
        public String getFactoryPid() {
            return factoryPid;
        }

        @Override
        public String getBundleLocation() {
            return location;
        }

        @Override
        public Dictionary<String, Object> getProcessedProperties(ServiceReference<?> reference) {
            return properties;
        }

        boolean deleted;

        @Override
        public void delete() {
            deleted = true;
            properties = null;
        }

        @Override
        public void update() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean updateIfDifferent(Dictionary<String, ?> newProperties) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setBundleLocation(String newLocation) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long getChangeCount() {
            return updates;
        }

        @Override
        public void addAttributes(ConfigurationAttribute... attrs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<ConfigurationAttribute> getAttributes() {
            return Set.of();
        }

        @Override
        public void removeAttributes(ConfigurationAttribute... attrs) {
            throw new UnsupportedOperationException();
        }
    }
}
