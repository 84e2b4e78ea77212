package carbine.driver.prusalink.internal;

import java.io.IOException;

/** PrusaLink answered, but not with a usable reading (HTTP error, refused password, not JSON, malformed field). */
class PrusaLinkException extends IOException {
    private static final long serialVersionUID = 1L;

    PrusaLinkException(String message) {
        super(message);
    }

    PrusaLinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
