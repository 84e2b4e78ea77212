package carbine.driver.prusalink.internal;

import java.time.Clock;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import carbine.api.driver.PrinterKind;
import carbine.api.telemetry.TelemetrySample;
import carbine.driver.prusalink.PrusaLinkDriver;

/** "PrusaLink" in the dashboard's Printers → Add: one read with the settings of the form. */
@Component(property = {PrinterKind.FACTORY_PID_PROPERTY + "=" + PrusaLinkDriver.FACTORY_PID,
        PrinterKind.LABEL_PROPERTY + "=PrusaLink"})
public class PrusaLinkKind implements PrinterKind {
    @Override
    public TelemetrySample tryOnce(Map<String, Object> settings) throws Exception {
        PrusaLinkSettings.Validation validation = PrusaLinkSettings.from(settings);
        if (!validation.isValid()) {
            throw new IllegalArgumentException(String.join("; ", validation.errors()));
        }
        try (PrusaLinkPrinterDriver driver = new PrusaLinkPrinterDriver(validation.settings(), Clock.systemUTC())) {
            return driver.sample(validation.settings().printerId());
        }
    }
}
