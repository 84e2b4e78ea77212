package carbine.driver.bambu.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import carbine.api.driver.PrinterKind;
import carbine.api.telemetry.TelemetrySample;
import carbine.driver.bambu.BambuDriver;

/**
 * "Bambu Lab (LAN)" in the dashboard's Printers → Add: connects with the settings of the form, waits for the first
 * report (the answer to pushall), and disconnects. A failed first attempt is reported at once, in words: the
 * printer unreachable, the access code refused, the certificate's name not the serial, or not a Bambu CA.
 */
@Component(property = {PrinterKind.FACTORY_PID_PROPERTY + "=" + BambuDriver.FACTORY_PID,
        PrinterKind.LABEL_PROPERTY + "=Bambu Lab (LAN)"})
public class BambuKind implements PrinterKind {
    /** Connecting (TLS and MQTT) and the pushall's answer, together. */
    static final Duration WAIT = Duration.ofSeconds(20);

    @Override
    public TelemetrySample tryOnce(Map<String, Object> settings) throws Exception {
        return tryOnce(settings, BambuClient.Timing.DEFAULT, WAIT);
    }

    TelemetrySample tryOnce(Map<String, Object> settings, BambuClient.Timing timing, Duration wait) throws Exception {
        BambuSettings.Validation validation = BambuSettings.from(settings);
        if (!validation.isValid()) {
            throw new IllegalArgumentException(String.join("; ", validation.errors()));
        }
        BambuSettings s = validation.settings();
        try (BambuClient client = new BambuClient(s, timing, BambuClient.Log.QUIET, Clock.systemUTC()).start()) {
            return client.awaitFirst(s.printerId(), wait);
        }
    }
}
