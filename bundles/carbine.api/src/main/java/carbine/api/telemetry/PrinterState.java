package carbine.api.telemetry;

/** What a printer is doing, as far as its driver can tell. */
public enum PrinterState {
    IDLE,
    PRINTING,
    PAUSED,
    /** The printer itself reports an error (firmware halt, heater fault, ...). */
    ERROR,
    /** Carbine cannot reach the printer; set by the poller, never expected from a driver. */
    OFFLINE
}
