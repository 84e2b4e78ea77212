package carbine.notify.internal;

/** A message was not delivered; the message text names no secret (it is logged and stored). */
final class DeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    DeliveryException(String message) {
        super(message);
    }
}
