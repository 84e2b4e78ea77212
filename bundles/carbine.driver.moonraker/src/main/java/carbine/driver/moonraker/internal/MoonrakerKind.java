package carbine.driver.moonraker.internal;

import java.time.Clock;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import carbine.api.driver.PrinterKind;
import carbine.api.telemetry.TelemetrySample;
import carbine.driver.moonraker.MoonrakerDriver;

/**
 * "Klipper (Moonraker)" in the dashboard's Printers → Add: connects with the settings of the form, waits for the
 * first complete state (connect, server.info, subscribe: at most three timeouts) and disconnects.
 */
@Component(property = {PrinterKind.FACTORY_PID_PROPERTY + "=" + MoonrakerDriver.FACTORY_PID,
        PrinterKind.LABEL_PROPERTY + "=Klipper (Moonraker)"})
public class MoonrakerKind implements PrinterKind {
    private static final MoonrakerClient.Log QUIET = new MoonrakerClient.Log() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }
    };

    @Override
    public TelemetrySample tryOnce(Map<String, Object> settings) throws Exception {
        DriverSettings.Validation validation = DriverSettings.from(settings);
        if (!validation.isValid()) {
            throw new IllegalArgumentException(String.join("; ", validation.errors()));
        }
        DriverSettings s = validation.settings();
        long deadline = System.nanoTime() + 3 * s.timeout().toNanos();
        try (MoonrakerPrinterDriver driver = new MoonrakerPrinterDriver(s, Clock.systemUTC(),
                MoonrakerClient.Timing.DEFAULT, QUIET).start()) {
            while (true) {
                try {
                    return driver.sample(s.printerId());
                } catch (PrinterUnavailableException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw notYet;
                    }
                    Thread.sleep(50); // polling the connection's state with a deadline, not synchronising
                }
            }
        }
    }
}
