package carbine.driver.bambu.internal;

/** The printer cannot be read now; the message says why and names its address, never the access code. */
final class PrinterUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    PrinterUnavailableException(String message) {
        super(message);
    }
}
