package carbine.driver.octoprint.internal;

import java.io.IOException;

/** OctoPrint answered, but not with a usable reading (HTTP error, refused key, not JSON, malformed field). */
class OctoPrintException extends IOException {
    private static final long serialVersionUID = 1L;

    OctoPrintException(String message) {
        super(message);
    }

    OctoPrintException(String message, Throwable cause) {
        super(message, cause);
    }
}
