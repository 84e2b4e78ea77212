package carbine.driver.octoprint.internal;

import java.time.Clock;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import carbine.api.driver.PrinterKind;
import carbine.api.telemetry.TelemetrySample;
import carbine.driver.octoprint.OctoPrintDriver;

/** "OctoPrint" in the dashboard's Printers → Add: one read with the settings of the form. */
@Component(property = {PrinterKind.FACTORY_PID_PROPERTY + "=" + OctoPrintDriver.FACTORY_PID,
        PrinterKind.LABEL_PROPERTY + "=OctoPrint"})
public class OctoPrintKind implements PrinterKind {
    @Override
    public TelemetrySample tryOnce(Map<String, Object> settings) throws Exception {
        OctoPrintSettings.Validation validation = OctoPrintSettings.from(settings);
        if (!validation.isValid()) {
            throw new IllegalArgumentException(String.join("; ", validation.errors()));
        }
        try (OctoPrintPrinterDriver driver = new OctoPrintPrinterDriver(validation.settings(), Clock.systemUTC())) {
            return driver.sample(validation.settings().printerId());
        }
    }
}
