package carbine.dashboard.internal;

import java.util.List;

import carbine.api.alert.Alert;
import carbine.api.alert.Severity;
import carbine.api.fleet.PrinterStatus;
import carbine.api.telemetry.PrinterState;

/** A printer's status colour, always shown together with its word (colour alone fails colour-blind users). */
enum Health {
    OK("OK", "ok"), WARNING("WARNING", "warning"), CRITICAL("CRITICAL", "critical"), OFFLINE("OFFLINE", "offline");

    final String word;
    final String cssClass;

    Health(String word, String cssClass) {
        this.word = word;
        this.cssClass = cssClass;
    }

    static boolean offline(PrinterStatus p) {
        return !p.online() || p.latest() == null || p.latest().state() == PrinterState.OFFLINE;
    }

    /** Grey when offline; else red for ERROR or an open CRITICAL alert, amber for PAUSED or a WARNING. */
    static Health of(PrinterStatus p, List<Alert> openAlerts) {
        if (offline(p)) return OFFLINE;
        Severity worst = null;
        for (Alert a : openAlerts) {
            if (a.printerId().equals(p.printerId()) && a.isOpen()
                    && (worst == null || a.severity().compareTo(worst) > 0)) {
                worst = a.severity();
            }
        }
        if (p.latest().state() == PrinterState.ERROR || worst == Severity.CRITICAL) return CRITICAL;
        if (p.latest().state() == PrinterState.PAUSED || worst == Severity.WARNING) return WARNING;
        return OK;
    }

    static String cssClass(Severity s) {
        return switch (s) {
            case CRITICAL -> "critical";
            case WARNING -> "warning";
            case INFO -> "info";
        };
    }
}
