package carbine.driver.bambu.internal;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import carbine.api.driver.PrinterDriver;
import carbine.api.telemetry.TelemetrySample;
import carbine.driver.bambu.BambuDriver;

/**
 * Serves one Bambu Lab printer from its MQTT connection. {@link #sample(String)} never touches the network: it maps
 * the merged reports at that moment, so it answers at once and is thread-safe.
 */
final class BambuPrinterDriver implements PrinterDriver, AutoCloseable {
    private final BambuSettings settings;
    private final BambuClient client;

    BambuPrinterDriver(BambuSettings settings, BambuClient.Timing timing, BambuClient.Log log, Clock clock) {
        this.settings = settings;
        this.client = new BambuClient(settings, timing, log, clock);
    }

    BambuPrinterDriver start() {
        client.start();
        return this;
    }

    @Override
    public Set<String> printerIds() {
        return Set.of(settings.printerId());
    }

    /**
     * The printer now: temperatures, part fan, state, progress; {@code ERROR} with the print error or fatal HMS code.
     *
     * @throws PrinterUnavailableException when not connected, before the first report, or when reports stopped
     */
    @Override
    public TelemetrySample sample(String printerId) throws PrinterUnavailableException {
        if (!settings.printerId().equals(printerId)) {
            throw new IllegalArgumentException("unknown printer: " + printerId + " (this driver serves "
                    + settings.printerId() + ")");
        }
        return client.sample(printerId);
    }

    /** The service properties of the driver registration (never the access code). */
    Map<String, Object> serviceProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(PrinterDriver.NAME_PROPERTY, settings.driverName());
        properties.put(BambuDriver.HOST_PROPERTY, settings.host());
        properties.put(BambuDriver.SERIAL_PROPERTY, settings.serial());
        properties.put(BambuDriver.PRINTER_PROPERTY, settings.printerId());
        return properties;
    }

    BambuClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
