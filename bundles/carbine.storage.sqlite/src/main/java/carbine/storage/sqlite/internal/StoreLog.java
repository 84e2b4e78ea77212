package carbine.storage.sqlite.internal;

/**
 * Where the store reports what an operator must know: failures of the database (once per failure episode),
 * recoveries, rejected writes and retention results. The component forwards it to the OSGi log.
 */
public interface StoreLog {
    void error(String message);

    void info(String message);
}
