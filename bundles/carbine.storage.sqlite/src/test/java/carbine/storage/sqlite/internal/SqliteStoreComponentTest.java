package carbine.storage.sqlite.internal;

import static carbine.storage.sqlite.internal.Samples.T0;
import static carbine.storage.sqlite.internal.Samples.full;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.Logger;

import carbine.api.Carbine;

/** The DS glue, with hand-made fakes of the framework (proxies answering only what the component uses). */
class SqliteStoreComponentTest {
    @TempDir
    Path dir;
    final List<String> logLines = new ArrayList<>();

    @Test
    void activatesOnTheDataDirectory_reportsAMalformedValue_andClosesOnDeactivate() throws Exception {
        SqliteStoreComponent component = component();

        // rawDays=0 keeps raw samples for ever: T0 lies months back, and the default retention (7 days) could delete
        // the sample between its commit and the count below (it did once in CI)
        component.activate(context(dir.resolve("data")), Map.of("batchSize", "many", "rawDays", "0"));
        Samples.await(component.store(full("p1", T0)));

        assertThat(Files.exists(dir.resolve("data/printer_data.db"))).isTrue();
        assertThat(component.count("p1", Instant.MIN, Instant.MAX)).isEqualTo(1);
        assertThat(logLines).anySatisfy(line -> assertThat(line).startsWith("warn").contains("batchSize = 'many'"));
        component.deactivate();
        assertThat(component.store(full("p1", T0)).toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void aDatabaseThatCannotBeOpenedFailsActivation_withOneClearErrorLine() throws Exception {
        Path file = Files.createDirectories(dir.resolve("data")).resolve("printer_data.db");
        Files.writeString(file, "this is not a database, but someone's notes ".repeat(200));
        SqliteStoreComponent component = component();

        assertThatThrownBy(() -> component.activate(context(dir.resolve("data")), Map.of()))
                .isInstanceOf(StoreOpenException.class);

        assertThat(logLines.stream().filter(line -> line.startsWith("error"))).singleElement().asString()
                .contains(file.toString()).contains("left untouched");
    }

    private SqliteStoreComponent component() throws Exception {
        SqliteStoreComponent component = new SqliteStoreComponent();
        Field logger = SqliteStoreComponent.class.getDeclaredField("logger");
        logger.setAccessible(true);
        logger.set(component, fakeLogger());
        return component;
    }

    private Logger fakeLogger() {
        return (Logger) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Logger.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("toString")) {
                        return "fake logger";
                    }
                    String text = (String) args[0];
                    for (int i = 1; i < args.length; i++) {
                        text = text.replaceFirst("\\{\\}", Matcher.quoteReplacement(String.valueOf(args[i])));
                    }
                    synchronized (logLines) {
                        logLines.add(method.getName() + " " + text);
                    }
                    return null;
                });
    }

    private static BundleContext context(Path dataDir) {
        return (BundleContext) Proxy.newProxyInstance(SqliteStoreComponentTest.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty") && Carbine.DATA_DIR_PROPERTY.equals(args[0])) {
                        return dataDir.toString();
                    }
                    if (method.getName().equals("getProperty")) {
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
