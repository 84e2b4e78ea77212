package carbine.driver.http.internal;

import java.time.Clock;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import carbine.api.driver.PrinterKind;
import carbine.api.telemetry.TelemetrySample;
import carbine.driver.http.HttpDriver;

/** "Another Carbine (HTTP)" in the dashboard's Printers → Add: one read with the settings of the form. */
@Component(property = {PrinterKind.FACTORY_PID_PROPERTY + "=" + HttpDriver.FACTORY_PID,
        PrinterKind.LABEL_PROPERTY + "=Another Carbine (HTTP status URL)"})
public class HttpKind implements PrinterKind {
    @Override
    public TelemetrySample tryOnce(Map<String, Object> settings) throws Exception {
        DriverSettings.Validation validation = DriverSettings.from(settings);
        if (!validation.isValid()) {
            throw new IllegalArgumentException(String.join("; ", validation.errors()));
        }
        try (HttpPrinterDriver driver = new HttpPrinterDriver(validation.settings(), Clock.systemUTC())) {
            return driver.sample(validation.settings().printerId());
        }
    }
}
