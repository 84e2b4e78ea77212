package carbine.driver.http.internal;

import java.io.IOException;

/** The status URL answered, but not with a usable sample (HTTP error, not JSON, missing or malformed field). */
final class BadStatusException extends IOException {
    private static final long serialVersionUID = 1L;

    BadStatusException(String message) {
        super(message);
    }

    BadStatusException(String message, Throwable cause) {
        super(message, cause);
    }
}
