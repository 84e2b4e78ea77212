package carbine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;

class CarbineTest {
    /** A BundleContext that only answers getProperty, from the given map. */
    private static BundleContext context(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(CarbineTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return properties.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void unsetOrBlankMeansTheDefaultBesideTheWorkingDirectory() {
        Path cwd = Path.of("").toAbsolutePath();
        assertThat(Carbine.dataDirectory(context(Map.of()))).isEqualTo(cwd.resolve("data"));
        assertThat(Carbine.dataDirectory(context(Map.of(Carbine.DATA_DIR_PROPERTY, "  ")))).isEqualTo(cwd.resolve("data"));
        assertThat(Carbine.confDirectory(context(Map.of()))).isEqualTo(cwd.resolve("conf"));
    }

    @Test
    void aGivenDirectoryIsMadeAbsoluteAndNormal() {
        assertThat(Carbine.dataDirectory(context(Map.of(Carbine.DATA_DIR_PROPERTY, "/var/lib/carbine/../carbine/"))))
                .isEqualTo(Path.of("/var/lib/carbine"));
        assertThat(Carbine.confDirectory(context(Map.of(Carbine.CONF_DIR_PROPERTY, " etc/carbine "))))
                .isEqualTo(Path.of("").toAbsolutePath().resolve("etc/carbine"));
    }
}
