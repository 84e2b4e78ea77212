package carbine.rest.internal;

/** A query parameter that cannot be used: answered 400 with JSON naming it. */
public final class BadParameter extends Exception {
    private static final long serialVersionUID = 1L;
    private final String parameter;

    public BadParameter(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
