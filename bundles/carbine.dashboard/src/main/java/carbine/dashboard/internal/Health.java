package carbine.dashboard.internal;

import java.util.List;
import java.util.Optional;

import carbine.api.alert.Alert;
import carbine.api.alert.Severity;
import carbine.api.fleet.PrinterStatus;
import carbine.api.store.StoreHealth;
import carbine.api.store.TelemetryStore;
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

    /** A core service's line on the platform page: its word(s) and the colour class. */
    record ServiceState(String text, String cssClass) {
        static final ServiceState RUNNING = new ServiceState("running", "ok");
        static final ServiceState NOT_RUNNING = new ServiceState("not running", "offline");
    }

    /**
     * The telemetry store's line: "running" only while its writes really commit. A store that is registered but
     * failing (a full disk) says so in the error colour, with since when and why, instead of "running".
     */
    static ServiceState store(Optional<TelemetryStore> store) {
        if (store.isEmpty()) return ServiceState.NOT_RUNNING;
        StoreHealth h;
        try {
            h = store.get().health();
        } catch (RuntimeException e) { // the service went away between two calls
            return ServiceState.NOT_RUNNING;
        }
        return switch (h.status()) {
            case WRITING -> ServiceState.RUNNING;
            case FAILING -> new ServiceState("failing since " + Format.dayTime(h.since()) + ": " + h.reason()
                    + " (" + h.rowsWaiting() + " rows waiting, kept and retried)", "critical");
            case STOPPED -> new ServiceState("stopped: " + h.reason(), "offline");
        };
    }
}
