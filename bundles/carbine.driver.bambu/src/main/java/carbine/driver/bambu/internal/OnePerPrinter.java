package carbine.driver.bambu.internal;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One connection per printer: a printer accepts only a few local MQTT clients (bambulab/BambuStudio#2404; users
 * report 2 to 5 on P1 firmware, greghesp/ha-bambulab#174), so two configurations of one serial must not both
 * connect. The first to claim a serial has it until it releases it.
 */
final class OnePerPrinter {
    private final ConcurrentMap<String, String> holders = new ConcurrentHashMap<>();

    /** @return null when claimed for {@code printerId}, else the printer id that already holds the serial */
    String claim(String serial, String printerId) {
        String holder = holders.putIfAbsent(serial.toUpperCase(Locale.ROOT), printerId);
        return holder == null || holder.equals(printerId) ? null : holder;
    }

    void release(String serial, String printerId) {
        holders.remove(serial.toUpperCase(Locale.ROOT), printerId);
    }
}
