package carbine.detector.iforest.internal;

/** Where the engine reports; the component passes the OSGi Logger's methods, tests a collecting fake. */
interface Log {
    void info(String format, Object... arguments);

    void warn(String format, Object... arguments);

    void error(String format, Object... arguments);
}
