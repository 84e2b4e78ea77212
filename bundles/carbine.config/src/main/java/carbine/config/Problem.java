package carbine.config;

/**
 * A configuration value that was not used: {@code property = 'value'} is not {@code expected}, so {@code fallback}
 * (the annotation's default) is. {@link #toString()} is the message Carbine logs.
 */
public record Problem(String property, Object value, String expected, String fallback) {
    @Override
    public String toString() {
        return "configuration " + property + " = '" + value + "' is not " + expected + "; using the default "
                + fallback;
    }

    /** The drivers' wording: {@code property timeoutMillis = 'soon' is invalid (must be > 0); using 2000}. */
    public String invalid() {
        return "property " + property + " = '" + value + "' is invalid (" + expected + "); using " + fallback;
    }
}
