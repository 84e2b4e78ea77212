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
}
