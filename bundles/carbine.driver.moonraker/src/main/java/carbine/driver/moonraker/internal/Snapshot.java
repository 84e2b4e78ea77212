package carbine.driver.moonraker.internal;

import java.util.Map;

import com.google.gson.JsonObject;

/**
 * What the connection knows at one moment, copied out of it so that a poll never waits for the network.
 *
 * @param link          the websocket's state
 * @param linkReason    why the link is not {@link Link#CONNECTED} (names the URL); null when connected
 * @param klippyState   Moonraker's {@code klippy_state} ({@code ready}, {@code startup}, {@code shutdown},
 *                      {@code error}, {@code disconnected}); null while not yet asked
 * @param klippyMessage Klipper's {@code state_message} when known
 * @param objects       the merged printer objects (empty unless Klipper is ready and subscribed)
 */
record Snapshot(Link link, String linkReason, String klippyState, String klippyMessage, Map<String, JsonObject> objects) {

    /** The websocket to Moonraker. */
    enum Link {
        /** Not connected yet since the driver started (first attempt, or retrying after failed attempts). */
        CONNECTING,
        CONNECTED,
        /** Was connected; the socket closed or failed, reconnecting. */
        LOST
    }
}
