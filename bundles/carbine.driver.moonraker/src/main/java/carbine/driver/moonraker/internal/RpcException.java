package carbine.driver.moonraker.internal;

import java.io.IOException;

/** Moonraker answered a JSON-RPC request with {@code {"error": {"code": …, "message": …}}}. */
final class RpcException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int code;

    RpcException(String method, int code, String message) {
        super(method + " failed: " + message + " (code " + code + ")");
        this.code = code;
    }

    int code() {
        return code;
    }
}
