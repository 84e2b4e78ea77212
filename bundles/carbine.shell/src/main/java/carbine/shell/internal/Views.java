package carbine.shell.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import carbine.api.alert.Alert;
import carbine.api.fleet.PrinterStatus;
import carbine.api.store.StoreBackup;
import carbine.api.telemetry.TelemetrySample;

/** Renders Carbine's state as tables; pure functions, so they are easy to test. */
final class Views {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private Views() {}

    static String printers(List<PrinterStatus> printers) {
        Table t = new Table("PRINTER", "STATE", "NOZZLE °C", "BED °C", "POWER", "FAN", "FILAMENT", "PROGRESS",
                "SAMPLE AT", "DRIVER");
        for (PrinterStatus p : printers) {
            TelemetrySample s = p.latest();
            String state = !p.online() ? "OFFLINE" : s == null ? "(no sample yet)" : s.state().name();
            if (s == null) {
                t.row(p.printerId(), state, null, null, null, null, null, null, null, p.driver());
            } else {
                t.row(p.printerId(), state, pair(s.nozzleActual(), s.nozzleTarget()), pair(s.bedActual(), s.bedTarget()),
                        number(s.heaterPower(), "%.2f"), fan(s), filament(s), number(s.progress(), "%.0f%%"),
                        TIME.format(s.time()), p.driver());
            }
        }
        return t.size() == 0 ? "no printers (no printer driver is registered)" : t.toString();
    }

    static String alerts(List<Alert> alerts) {
        Table t = new Table("ID", "SEVERITY", "STATE", "PRINTER", "DETECTOR", "KIND", "COUNT", "LAST SEEN", "MESSAGE");
        for (Alert a : alerts) {
            t.row(a.id(), a.severity(), a.state(), a.printerId(), a.detector(), a.kind(), a.count(),
                    time(a.lastSeen()), a.message());
        }
        return t.size() == 0 ? "no open alerts: all normal" : t.toString();
    }

    /** Runs a backup and says what came of it, in words: never an exception at the prompt. */
    static String backup(StoreBackup store, Path target) {
        if (store == null) {
            return "the store is not running: nothing to back up";
        }
        Path file = target.toAbsolutePath();
        try {
            StoreBackup.Result r = store.backup(file);
            return String.format(Locale.ROOT, "backup written: %s (%,d bytes in %d ms). To restore: stop Carbine, "
                    + "put it in place of the database file (data/printer_data.db unless configured otherwise), "
                    + "start Carbine.", r.file(), r.bytes(), r.took().toMillis());
        } catch (FileAlreadyExistsException e) {
            return "not written: " + file + " already exists (a backup never overwrites a file; choose another name)";
        } catch (IOException | RuntimeException e) {
            return "backup failed, nothing written: " + e.getMessage();
        }
    }

    static String pair(Double actual, Double target) {
        if (actual == null && target == null) {
            return null;
        }
        return number(actual, "%.1f") + " / " + number(target, "%.0f");
    }

    static String number(Double value, String format) {
        return value == null ? "-" : String.format(Locale.ROOT, format, value);
    }

    private static String fan(TelemetrySample s) {
        if (s.fanSpeed() == null && s.fanRpm() == null) {
            return null;
        }
        return number(s.fanSpeed() == null ? null : s.fanSpeed() * 100, "%.0f%%") + " " + number(s.fanRpm(), "%.0f rpm");
    }

    private static String filament(TelemetrySample s) {
        if (s.filamentDetected() == null && s.filamentMoving() == null) {
            return null;
        }
        String present = s.filamentDetected() == null ? "?" : s.filamentDetected() ? "present" : "OUT";
        String moving = s.filamentMoving() == null ? "" : s.filamentMoving() ? ", moving" : ", still";
        return present + moving;
    }

    private static String time(Instant t) {
        return t == null ? null : TIME.format(t);
    }
}
