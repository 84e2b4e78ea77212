package carbine.storage.sqlite.internal;

/** The database file cannot be used; the message says why and what to do, and names the file. */
public final class StoreOpenException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreOpenException(String message) {
        super(message);
    }

    public StoreOpenException(String message, Throwable cause) {
        super(message, cause);
    }
}
