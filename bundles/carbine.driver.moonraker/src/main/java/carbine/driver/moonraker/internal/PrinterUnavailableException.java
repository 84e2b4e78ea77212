package carbine.driver.moonraker.internal;

import java.io.IOException;

/**
 * The printer cannot be read right now: Moonraker is not reachable, or it is but Klipper is not connected to it or
 * still starting. The poller counts it as a failed poll; its message is the printer's offline reason.
 */
final class PrinterUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    PrinterUnavailableException(String message) {
        super(message);
    }
}
