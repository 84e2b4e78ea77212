package carbine.driver.moonraker.internal;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import carbine.api.driver.PrinterDriver;
import carbine.api.telemetry.TelemetrySample;
import carbine.driver.moonraker.MoonrakerDriver;

/**
 * Serves one Klipper printer from its Moonraker connection. {@link #sample(String)} never touches the network:
 * it maps what the connection holds at that moment (Moonraker pushes changes about every 250 ms), so it answers
 * at once and is thread-safe.
 */
final class MoonrakerPrinterDriver implements PrinterDriver, AutoCloseable {
    private final DriverSettings settings;
    private final Clock clock;
    private final MoonrakerClient client;

    MoonrakerPrinterDriver(DriverSettings settings, Clock clock, MoonrakerClient.Timing timing, MoonrakerClient.Log log) {
        this.settings = settings;
        this.clock = clock;
        this.client = new MoonrakerClient(settings, timing, log);
    }

    /** Starts connecting; until connected, samples fail with the reason. */
    MoonrakerPrinterDriver start() {
        client.start();
        return this;
    }

    @Override
    public Set<String> printerIds() {
        return Set.of(settings.printerId());
    }

    /**
     * The printer now: temperatures, heater power, fan, filament, job state and progress; {@code ERROR} with
     * Klipper's message when Klipper is shut down or in error.
     *
     * @throws PrinterUnavailableException when Moonraker is not connected, or Klipper is not connected to it or
     *                                     still starting (the message says which, and names the URL)
     */
    @Override
    public TelemetrySample sample(String printerId) throws PrinterUnavailableException {
        if (!settings.printerId().equals(printerId)) {
            throw new IllegalArgumentException("unknown printer: " + printerId + " (this driver serves "
                    + settings.printerId() + ")");
        }
        return SampleMapper.toSample(client.snapshot(), printerId, clock.instant(), client.websocket());
    }

    /** The service properties of the driver registration. */
    Map<String, Object> serviceProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(PrinterDriver.NAME_PROPERTY, settings.driverName());
        properties.put(MoonrakerDriver.URL_PROPERTY, settings.url().toString());
        properties.put(MoonrakerDriver.PRINTER_PROPERTY, settings.printerId());
        return properties;
    }

    MoonrakerClient client() {
        return client;
    }

    /** Closes the websocket and stops reconnecting. */
    @Override
    public void close() {
        client.close();
    }
}
