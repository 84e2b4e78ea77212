package carbine.driver.octoprint.internal;

/**
 * OctoPrint is up but has no working connection to its printer ({@code GET /api/printer} answered 409 "Printer is
 * not operational" and {@code /api/job} reports no error). A failed poll like any other: after the poller's
 * {@code offlineAfterFailures} the printer is OFFLINE with this message as the reason.
 */
final class PrinterNotConnectedException extends OctoPrintException {
    private static final long serialVersionUID = 1L;

    PrinterNotConnectedException(String message) {
        super(message);
    }
}
