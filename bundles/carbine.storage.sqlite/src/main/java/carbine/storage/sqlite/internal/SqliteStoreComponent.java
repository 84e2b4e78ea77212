package carbine.storage.sqlite.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import carbine.api.Carbine;
import carbine.api.alert.Alert;
import carbine.api.store.AlertStore;
import carbine.api.store.History;
import carbine.api.store.StoreBackup;
import carbine.api.store.StoreHealth;
import carbine.api.store.TelemetryStore;
import carbine.api.telemetry.TelemetrySample;

/**
 * Offers the {@link SqliteStore} as {@link TelemetryStore} and {@link AlertStore}. If the database cannot be
 * opened, activation fails after one clear log line: the services are then absent and the rest of Carbine runs on.
 */
@Component(configurationPid = SqliteStoreComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = { TelemetryStore.class, AlertStore.class, StoreBackup.class })
@Designate(ocd = Config.class)
public class SqliteStoreComponent implements TelemetryStore, AlertStore, StoreBackup {
    public static final String PID = "carbine.storage.sqlite";

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    private SqliteStore store;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) throws StoreOpenException {
        ConfigReader config = new ConfigReader(properties, warning -> logger.warn("{}", warning));
        Path file = config.file(Carbine.dataDirectory(context));
        try {
            store = SqliteStore.open(file, config.settings(), new LoggerStoreLog(logger));
        } catch (StoreOpenException e) {
            logger.error("telemetry and alert history unavailable: {}", e.getMessage());
            throw e;
        }
        logger.info("telemetry and alert history in {}", file.toAbsolutePath());
    }

    @Deactivate
    void deactivate() {
        store.close();
    }

    @Override
    public CompletionStage<Void> store(TelemetrySample sample) {
        return store.store(sample);
    }

    @Override
    public List<TelemetrySample> samples(String printerId, Instant from, Instant to) {
        return store.samples(printerId, from, to);
    }

    @Override
    public History history(String printerId, Instant from, Instant to, int maxPoints) {
        return store.history(printerId, from, to, maxPoints);
    }

    @Override
    public long count(String printerId, Instant from, Instant to) {
        return store.count(printerId, from, to);
    }

    @Override
    public Optional<TelemetrySample> latest(String printerId) {
        return store.latest(printerId);
    }

    @Override
    public List<String> printerIds() {
        return store.printerIds();
    }

    @Override
    public StoreHealth health() {
        return store.health();
    }

    @Override
    public StoreBackup.Result backup(Path target) throws IOException {
        return store.backup(target);
    }

    @Override
    public CompletionStage<Void> saveAlert(Alert alert) {
        return store.saveAlert(alert);
    }

    @Override
    public CompletionStage<Void> saveAlert(Alert alert, String actor) {
        return store.saveAlert(alert, actor);
    }

    @Override
    public Optional<String> acknowledgedBy(String alertId) {
        return store.acknowledgedBy(alertId);
    }

    @Override
    public List<Alert> alerts(Instant from, Instant to, int limit) {
        return store.alerts(from, to, limit);
    }

    @Override
    public List<Alert> openAlerts() {
        return store.openAlerts();
    }

    /** The store's reports, into the OSGi log; messages are passed as arguments so braces in paths stay. */
    private record LoggerStoreLog(Logger logger) implements StoreLog {
        @Override
        public void error(String message) {
            logger.error("{}", message);
        }

        @Override
        public void info(String message) {
            logger.info("{}", message);
        }
    }
}
